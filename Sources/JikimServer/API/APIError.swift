import Foundation
import HTTPTypes
import Hummingbird
import JikimAccessLog
import Logging
import JikimCore
import JikimVault

/// The one shape of the API's errors: `{"error": {"code", "message", "requestId"}}`. Messages name what was wrong
/// and where (a field, an item), never a value.
struct APIError: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    var code: String
    var message: String

    var headers: HTTPFields { [.contentType: "application/json"] }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: [String: [String: String]] = ["error": ["code": code, "message": message, "requestId": context.id]]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var response = Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(body))))
        response.headers[.requestID] = context.id
        return response
    }

    static func invalid(_ message: String) -> APIError { APIError(status: .badRequest, code: "invalid-request", message: message) }
}

extension APIError {
    /// The HTTP status and code of a vault error, in one place.
    init(_ error: VaultError) {
        switch error {
        case .refused(let refusal):
            self.init(status: .forbidden, code: refusal.code, message: refusal.description)
        case .unknownSubject:
            self.init(status: .notFound, code: "unknown-subject", message: error.description)
        case .duplicateIdentity:
            self.init(status: .conflict, code: "duplicate-identity", message: error.description)
        case .separated:
            self.init(status: .forbidden, code: "separated", message: error.description)
        case .destroyed:
            self.init(status: .gone, code: "destroyed", message: error.description)
        case .unknownRequest:
            self.init(status: .notFound, code: "unknown-request", message: error.description)
        case .requestStep:
            self.init(status: .conflict, code: "request-state", message: error.description)
        case .verificationFailed:
            self.init(status: .forbidden, code: "verification-failed", message: error.description)
        case .invalidRequest:
            self.init(status: .unprocessableContent, code: "invalid", message: error.description)
        case .storage, .notAuthorised:
            self.init(status: .internalServerError, code: "storage", message: "the store failed; the request was not carried out")
        case .undeclaredItem, .undeclaredCategory, .undeclaredConsent, .undeclaredRole, .invalidValue, .invalidEvent,
             .invalidRetentionRequest, .weakPassword, .secretNotReadable, .unknownActor:
            self.init(status: .unprocessableContent, code: "invalid", message: error.description)
        }
    }
}

extension APIError {
    /// The HTTP status and code of a review error.
    init(_ error: ReviewError) {
        switch error {
        case .badMonth: self.init(status: .badRequest, code: "invalid-request", message: error.description)
        case .monthNotOver: self.init(status: .conflict, code: "month-not-over", message: error.description)
        case .unknownReviewer: self.init(status: .forbidden, code: "unknown-actor", message: error.description)
        case .unsafeNote: self.init(status: .unprocessableContent, code: "invalid", message: error.description)
        }
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-ID")!
}

/// Turns every error of the API's routes into the one JSON shape (`ResponseHeadersMiddleware` puts the request ID on
/// every response).
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as VaultError {
            throw APIError(error)
        } catch let error as ReviewError {
            throw APIError(error)
        } catch let error as DecodingError {
            throw APIError.invalid(Self.describe(error))
        } catch let error as HTTPError {
            let code = switch error.status {
            case .notFound: "not-found"
            case .badRequest: "invalid-request"
            default: "http-\(error.status.code)"
            }
            throw APIError(status: error.status, code: code, message: error.body ?? error.status.reasonPhrase)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            // A body over the limit (NIO's `NIOTooManyBytesError`, when the body is collected to be decoded).
            throw APIError(status: .contentTooLarge, code: "body-too-large", message: "the body is larger than this server takes (2 MiB)")
        } catch {
            context.logger.error("unexpected error", metadata: ["error": .string(String(describing: type(of: error)))])
            throw APIError(status: .internalServerError, code: "internal", message: "the request could not be carried out")
        }
    }

    /// Where the body was wrong, without its values.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? "the body" : "field \(path.hasPrefix(".") ? String(path.dropFirst()) : path)"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context)): '\(key.stringValue)' is required"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(path(context)): expected \(type)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "the body is not JSON" : "\(path(context)): not valid"
        @unknown default:
            return "the body could not be read"
        }
    }
}
