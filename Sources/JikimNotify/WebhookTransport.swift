import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Delivers a notice by POSTing it as JSON to a webhook: an SMS or messaging gateway, or the operator's own
/// service that sends it on.
///
/// The request body is `{"id": …, "recipient": …, "subject": …, "body": …}` with `Content-Type:
/// application/json`; the notice id goes in an `Idempotency-Key` header so that the receiver can drop a
/// retried notice it already took, and a bearer token, when given, in `Authorization`.
///
/// A 2xx reply means delivered. A 408, 429 or 5xx reply, a connection failure and a timeout are transient; any
/// other reply (other 4xx, and 3xx: a redirect that the client did not or could not follow with the POST) is
/// permanent. Errors name the host and the status code only, never the recipient, the body, the response body
/// or the URL's path and query (which may hold a secret).
public struct WebhookTransport: NoticeTransport {
    /// Where notices are POSTed: an `http` or `https` URL.
    public let url: URL
    /// The longest one delivery may take, from connecting to the end of the response.
    public let timeout: Duration
    private let bearerToken: String?
    private let httpClient: HTTPClient
    private let logger: Logger

    /// "webhook".
    public var name: String { "webhook" }

    /// Makes a transport that POSTs to `url`, sending `Authorization: Bearer <bearerToken>` when a token is
    /// given. `httpClient` defaults to the process-wide shared client, which needs no shutdown.
    public init(
        url: URL,
        bearerToken: String?,
        timeout: Duration,
        httpClient: HTTPClient = .shared,
        logger: Logger = Logger(label: "jikim.notify.webhook")
    ) {
        self.url = url
        self.bearerToken = bearerToken
        self.timeout = timeout
        self.httpClient = httpClient
        self.logger = logger
    }

    /// POSTs the notice once; returns when the webhook answered 2xx.
    public func deliver(_ notice: Notice) async throws(NoticeDeliveryError) {
        let request = try makeRequest(for: notice)
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: TimeAmount(timeout), logger: logger)
        } catch {
            throw failure(error)
        }
        // Read (and drop) what the webhook said, so that the connection can go back to the pool. Its content is
        // never put in an error: it may echo the notice.
        _ = try? await response.body.collect(upTo: 64 * 1024)

        if let last = response.history.last, last.request.method != .POST {
            throw .rejected(
                "webhook \(endpoint) redirected the POST and the client turned it into a \(last.request.method.rawValue); "
                    + "configure the final URL"
            )
        }
        try Self.check(status: Int(response.status.code), endpoint: endpoint)
        logger.debug("notice delivered", metadata: ["notice.id": "\(notice.id)", "transport": "webhook"])
    }

    /// Classifies an HTTP status: 2xx delivered; 408, 429 and 5xx transient; anything else permanent.
    static func check(status: Int, endpoint: String) throws(NoticeDeliveryError) {
        switch status {
        case 200..<300:
            return
        case 408, 429, 500..<600:
            throw .transient("webhook \(endpoint) answered HTTP \(status)")
        default:
            throw .rejected("webhook \(endpoint) answered HTTP \(status)")
        }
    }

    /// The host and port, for errors: the path and query may hold a secret.
    private var endpoint: String {
        let host = url.host(percentEncoded: false) ?? "(no host)"
        return url.port.map { "\(host):\($0)" } ?? host
    }

    private func makeRequest(for notice: Notice) throws(NoticeDeliveryError) -> HTTPClientRequest {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw .rejected("webhook URL is not http or https")
        }
        guard Self.isValidHeaderValue(notice.id), !notice.id.isEmpty else {
            throw .rejected("notice id is empty or not valid in an HTTP header (Idempotency-Key)")
        }
        let body: Data
        do {
            body = try JSONEncoder().encode(
                Payload(id: notice.id, recipient: notice.recipient, subject: notice.subject, body: notice.body)
            )
        } catch {
            throw .rejected("notice could not be encoded as JSON")
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: notice.id)
        if let bearerToken {
            guard Self.isValidHeaderValue(bearerToken), !bearerToken.isEmpty else {
                throw .rejected("bearer token is empty or not valid in an HTTP header")
            }
            request.headers.add(name: "Authorization", value: "Bearer \(bearerToken)")
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    private func failure(_ error: any Error) -> NoticeDeliveryError {
        if let error = error as? HTTPClientError {
            // `shortDescription` leaves out associated values (header values, which may hold the token).
            if [.deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout].contains(error) {
                return .transient("webhook \(endpoint) timed out after \(timeout)")
            }
            if [.invalidURL, .emptyHost, .emptyScheme, .redirectLimitReached, .redirectCycleDetected].contains(error) {
                return .rejected("webhook \(endpoint): \(error.shortDescription)")
            }
            return .transient("webhook \(endpoint): \(error.shortDescription)")
        }
        if error is CancellationError {
            return .transient("webhook \(endpoint): delivery was cancelled")
        }
        // Connection errors (refused, reset, DNS) name the host and port at most.
        return .transient("webhook \(endpoint) could not be reached: \(NetworkErrorText.describe(error))")
    }

    /// Printable ASCII and tabs only: no CR or LF that would split the header (RFC 9110 §5.5).
    private static func isValidHeaderValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == 0x09 || (0x20...0x7E).contains($0) }
    }

    /// The JSON body; its field names are the webhook's interface, kept apart from ``Notice``'s Codable form.
    private struct Payload: Encodable {
        var id: String
        var recipient: String
        var subject: String
        var body: String
    }
}
