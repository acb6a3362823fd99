import Foundation
import Hummingbird
import JikimCore
import JikimVault

/// Staff sign-in over HTTP: a password for a session token, with locks after repeated failures (`Vault.signIn`);
/// and signing out.
struct SessionsController {
    let vault: Vault

    func addRoutes(to group: RouterGroup<JikimRequestContext>) {
        group.post { request, context -> Response in
            let body = try await request.decode(as: SignInBody.self, context: context)
            guard !body.actor.isEmpty, body.actor.count <= 200, body.password.count <= 1_000, (body.code?.count ?? 0) <= 10 else {
                throw APIError.invalid("fields actor, password and code: 1 to 200, at most 1,000 and at most 10 characters")
            }
            switch try await vault.startSession(body.actor, password: body.password, source: context.source, code: body.code) {
            case .started(let token, let expires):
                return try jsonResponse(["token": token, "expiresAt": Timestamp.string(expires)], status: .created)
            case .secondFactorNeeded(enrolled: true):
                throw APIError(status: .unauthorized, code: "second-factor-required",
                               message: "the roles of this actor take a second factor: send the authenticator's current code in field code")
            case .secondFactorNeeded(enrolled: false):
                throw APIError(status: .forbidden, code: "second-factor-not-enrolled",
                               message: "the roles of this actor take a second factor and none is enrolled: sign in to the console once to enrol an authenticator")
            case .refused, .pending:
                throw APIError(status: .unauthorized, code: "sign-in-refused",
                               message: "the actor or the password is wrong, or the account is locked for a while after repeated failures")
            }
        }
        group.post("end") { request, _ -> Response in
            if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
                try await vault.endSession(token: String(header.dropFirst("Bearer ".count)))
            }
            return Response(status: .noContent)
        }
    }
}

struct SignInBody: Decodable {
    var actor: String
    var password: String
    /// The authenticator's current code, for an actor whose roles take a second factor.
    var code: String?
}

/// A JSON response with sorted keys.
func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
}

/// `{"items":{…}}`, a read's answer: the bytes `jsonResponse(["items": values])` gives, written by `FlatJSON`, since
/// every read answers one and an encoder for each cost more than the rest of writing the response.
func itemsResponse(_ values: [String: String]) -> Response {
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: itemsJSON(values))))
}

func itemsJSON(_ values: [String: String]) -> [UInt8] {
    var bytes = Array(#"{"items":"#.utf8)
    bytes += FlatJSON.bytes(values)
    bytes.append(UInt8(ascii: "}"))
    return bytes
}
