import Foundation
import Hummingbird
import JikimCore
import JikimPublishing
import JikimVault

/// Signing in and out, and choosing one's password through a one-time link.
extension ConsoleController {
    func addSessionRoutes(to group: RouterGroup<JikimRequestContext>) {
        group.get("sign-in") { request, _ -> Response in
            try signInPage(request)
        }
        group.post("sign-in") { request, context -> Response in
            let form: FormFields
            do {
                form = try await protectedForm(request)
            } catch let refusal as FormProtection.Refusal {
                return try signInPage(request, error: refusal.reason, status: refusal.status)
            }
            let actor = form["actor"] ?? "", password = form["password"] ?? ""
            guard !actor.isEmpty, actor.count <= 200, password.count <= 1_000 else {
                return try signInPage(request, error: words(request, "ID와 비밀번호를 입력하십시오.", "Enter your ID and password."),
                                      status: .badRequest)
            }
            guard case .started(let token, _) = try await vault.startSession(actor, password: password, source: context.source) else {
                return try signInPage(request, error: words(request, "ID나 비밀번호가 틀렸거나, 연속된 실패로 계정이 잠시 잠겨 있습니다.",
                                                            "The ID or the password is wrong, or the account is locked for a while after repeated failures."),
                                      status: .unauthorized)
            }
            return started(token, request)
        }
        group.post("sign-out") { request, _ -> Response in
            do {
                _ = try await protectedForm(request)
            } catch let refusal as FormProtection.Refusal {
                return try signInPage(request, error: refusal.reason, status: refusal.status)
            }
            if let token = cookie(request) { try await vault.endSession(token: token) }
            var response = redirect("/console/sign-in", request)
            response.headers[.setCookie] = "\(Self.sessionCookie)=; Path=\(Self.path); HttpOnly; SameSite=Strict; Max-Age=0"
            return response
        }
        group.get("password/{token}") { request, context -> Response in
            let token = try linkToken(context)
            return try passwordPage(request, token: token, actor: try await vault.passwordLinkActor(token))
        }
        group.post("password/{token}") { request, context -> Response in
            let token = try linkToken(context)
            let actor = try await vault.passwordLinkActor(token)
            let form: FormFields
            do {
                form = try await protectedForm(request)
            } catch let refusal as FormProtection.Refusal {
                return try passwordPage(request, token: token, actor: actor, error: refusal.reason, status: refusal.status)
            }
            let password = form["password"] ?? ""
            guard password.count <= 1_000, password == form["confirm"] else {
                return try passwordPage(request, token: token, actor: actor, error: words(request, "두 비밀번호가 다릅니다.", "The two passwords differ."),
                                        status: .badRequest)
            }
            do {
                guard case .started(let session, _) = try await vault.usePasswordLink(token, password: password, source: context.source) else {
                    return try passwordPage(request, token: token, actor: nil, status: .gone)
                }
                return started(session, request)
            } catch let error as VaultError {
                guard case .weakPassword = error else { throw error }
                return try passwordPage(request, token: token, actor: actor, error: words(request, "비밀번호는 10자 이상이어야 합니다.",
                                                                                          "A password has at least 10 characters."),
                                        status: .badRequest)
            }
        }
    }

    /// The response that starts a session: its cookie, and the dashboard.
    private func started(_ token: String, _ request: Request) -> Response {
        var response = redirect("/console", request)
        response.headers[.setCookie] = "\(Self.sessionCookie)=\(token); Path=\(Self.path); HttpOnly; SameSite=Strict; Max-Age=\(Int(Vault.sessionLength))"
            + (FormProtection.isSecure(request) ? "; Secure" : "")
        return response
    }

    private func linkToken(_ context: JikimRequestContext) throws -> String {
        guard let token = context.parameters.get("token"), token.count <= 100 else { throw HTTPError(.notFound) }
        return token
    }

    private func signInPage(_ request: Request, error: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let csrf = FormProtection.token(for: request, path: Self.path)
        return try html(renderer.consoleSignIn(organisation: vault.policy.organisation.name, language: language(request), error: error,
                                               csrf: csrf.token),
                        status: status, setCookie: csrf.setCookie)
    }

    private func passwordPage(
        _ request: Request, token: String, actor: String?, error: String? = nil, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let csrf = FormProtection.token(for: request, path: Self.path)
        return try html(renderer.consolePasswordLink(organisation: vault.policy.organisation.name, actor: actor, token: token,
                                                     language: language(request), error: error, csrf: csrf.token),
                        status: actor == nil && status == .ok ? .notFound : status, setCookie: csrf.setCookie)
    }
}
