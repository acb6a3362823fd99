import HTTPTypes
import Hummingbird

/// What every response carries: its request ID (`X-Request-ID`, which the API's errors and the log lines repeat), and
/// headers that keep browsers from doing more with Jikim's answers than showing them: no content-type sniffing and no
/// referrer on any response; on HTML pages (the privacy policy, the request form and status, the review) a content
/// security policy that allows no script, no image and nothing from elsewhere, forms posted only back here, and no
/// framing by other sites (a framed request form could be used to trick a person into withdrawing a request).
struct ResponseHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.requestID] = context.id
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        if response.headers[.contentType]?.hasPrefix("text/html") == true {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
            response.headers[.xFrameOptions] = "DENY"
        }
        return response
    }
}

extension HTTPField.Name {
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
}
