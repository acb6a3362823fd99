import Hummingbird
import JikimVault

/// Requires a service token or a staff session (`Authorization: Bearer jk_…` or `js_…`) on the API's routes and puts its actor in the context.
struct TokenAuthenticator: RouterMiddleware {
    let vault: Vault

    func handle(_ request: Request, context: JikimRequestContext, next: (Request, JikimRequestContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw APIError(status: .unauthorized, code: "unauthenticated", message: "send a service token or a session token: Authorization: Bearer jk_… or js_…")
        }
        let presented = String(header.dropFirst("Bearer ".count))
        guard let actor = try await vault.authenticate(token: presented) else {
            throw APIError(status: .unauthorized, code: "unauthenticated", message: "the token is unknown, revoked or expired, or its actor is disabled")
        }
        var context = context
        context.actor = actor
        context.token = Vault.publicID(ofToken: presented)
        return try await next(request, context)
    }
}
