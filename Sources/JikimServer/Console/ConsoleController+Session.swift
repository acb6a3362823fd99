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
                return try signInPage(request, error: refusal.text(language(request)), status: refusal.status)
            }
            let actor = form["actor"] ?? "", password = form["password"] ?? ""
            guard !actor.isEmpty, actor.count <= 200, password.count <= 1_000 else {
                return try signInPage(request, error: words(request, "ID와 비밀번호를 입력하십시오.", "Enter your ID and password."),
                                      status: .badRequest)
            }
            switch try await vault.startSession(actor, password: password, source: context.source, allowPending: true) {
            case .started(let token, _): return started(token, request)
            case .pending(let token, _): return started(token, request, pending: true)
            case .refused, .secondFactorNeeded:
                return try signInPage(request, error: words(request, "ID나 비밀번호가 틀렸거나, 연속된 실패로 계정이 잠시 잠겨 있습니다.",
                                                            "The ID or the password is wrong, or the account is locked for a while after repeated failures."),
                                      status: .unauthorized)
            }
        }
        group.post("sign-out") { request, _ -> Response in
            do {
                _ = try await protectedForm(request)
            } catch let refusal as FormProtection.Refusal {
                return try signInPage(request, error: refusal.text(language(request)), status: refusal.status)
            }
            if let token = cookie(request) { try await vault.endSession(token: token) }
            var response = redirect("/console/sign-in", request)
            response.headers[.setCookie] = "\(Self.sessionCookie)=; Path=\(Self.path); HttpOnly; SameSite=Strict; Max-Age=0"
            return response
        }
        group.get("second-factor") { request, _ -> Response in
            guard let token = cookie(request), try await vault.pendingSession(token) != nil else { return redirect("/console/sign-in", request) }
            return try await secondFactorPage(request, token: token)
        }
        group.post("second-factor") { request, context -> Response in
            guard let token = cookie(request), try await vault.pendingSession(token) != nil else { return redirect("/console/sign-in", request) }
            let form: FormFields
            do {
                form = try await protectedForm(request)
            } catch let refusal as FormProtection.Refusal {
                return try await secondFactorPage(request, token: token, error: refusal.text(language(request)), status: refusal.status)
            }
            let code = (form["code"] ?? "").filter { !$0.isWhitespace }
            guard code.count <= 10, try await vault.completeSecondFactor(token: token, code: code, source: context.source) else {
                return try await secondFactorPage(request, token: token, error: words(request, "코드가 맞지 않거나 이미 쓰인 코드입니다. 인증 앱의 새 코드를 입력하십시오.",
                                                                                    "The code is wrong or was used already: enter the app's next code."),
                                                  status: .unauthorized)
            }
            return redirect("/console", request)
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
                return try passwordPage(request, token: token, actor: actor, error: refusal.text(language(request)), status: refusal.status)
            }
            let password = form["password"] ?? ""
            guard password.count <= 1_000, password == form["confirm"] else {
                return try passwordPage(request, token: token, actor: actor, error: words(request, "두 비밀번호가 다릅니다.", "The two passwords differ."),
                                        status: .badRequest)
            }
            do {
                switch try await vault.usePasswordLink(token, password: password, source: context.source) {
                case .started(let session, _): return started(session, request)
                case .pending(let session, _): return started(session, request, pending: true)
                case .refused, .secondFactorNeeded: return try passwordPage(request, token: token, actor: nil, status: .gone)
                }
            } catch let error as VaultError {
                guard case .weakPassword = error else { throw error }
                return try passwordPage(request, token: token, actor: actor, error: words(request, "비밀번호는 10자 이상이어야 합니다.",
                                                                                          "A password has at least 10 characters."),
                                        status: .badRequest)
            }
        }
    }

    /// The response that starts a session: its cookie, and the dashboard — or, while it waits for its second factor,
    /// the page that asks for it.
    private func started(_ token: String, _ request: Request, pending: Bool = false) -> Response {
        var response = redirect(pending ? "/console/second-factor" : "/console", request)
        response.headers[.setCookie] = "\(Self.sessionCookie)=\(token); Path=\(Self.path); HttpOnly; SameSite=Strict; Max-Age=\(Int(Vault.sessionLength))"
            + (FormProtection.isSecure(request) ? "; Secure" : "")
        return response
    }

    private func secondFactorPage(
        _ request: Request, token: String, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let pending = try await vault.pendingSession(token) else { return redirect("/console/sign-in", request) }
        let enrolment = pending.enrolled ? nil : try await vault.enrolmentSecret(token)
        let csrf = FormProtection.token(for: request, path: Self.path)
        var response = try html(renderer.consoleSecondFactor(organisation: vault.policy.organisation.name, actor: pending.actor,
                                                             enrolment: enrolment, language: language(request), error: error, csrf: csrf.token),
                                status: status, setCookie: csrf.setCookie)
        response.headers[.cacheControl] = "no-store"
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
