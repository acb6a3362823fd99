import Hummingbird
import Logging

/// A line in the server's log for each request: its method and path, as Hummingbird's `LogRequestsMiddleware` writes
/// it, but with the secret of a one-time password link cut out of the path (the link is a credential until used), and
/// without the query string.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let level: Logger.Level

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        context.logger.log(level: level, "Request", metadata: [
            "hb.request.path": .string(Self.loggable(request.uri.path)),
            "hb.request.method": .string(request.method.rawValue),
        ])
        return try await next(request, context)
    }

    /// The path as the log may keep it.
    static func loggable(_ path: String) -> String {
        let prefix = "/console/password/"
        guard path.hasPrefix(prefix) else { return path }
        return prefix + "…"
    }
}
