import Foundation
import Hummingbird
import JikimCore
import JikimPublishing
import JikimVault

/// The staff console (`/console`), its first pages: sign-in with the staff password (the locks of `Vault.signIn`),
/// a session in an `HttpOnly`, `SameSite=Strict` cookie for `/console` only, sign-out, and the dashboard of the open
/// requests by deadline. Every form carries the page's CSRF token (`FormProtection`, with its cookie on `/console`);
/// sign-in, each failure and sign-out are rights changes in the access log. Pages work without script.
struct ConsoleController {
    let vault: Vault
    let renderer: PolicyRenderer
    let language: @Sendable (Request) -> Language
    var clock: @Sendable () -> Date = Date.init

    static let sessionCookie = "jikim_session"
    static let path = "/console"

    func addRoutes(to group: RouterGroup<JikimRequestContext>) {
        group.get { request, _ -> Response in
            guard let actor = try await signedIn(request) else { return redirect("/console/sign-in", request) }
            let csrf = FormProtection.token(for: request, path: Self.path)
            let requests: [RequestSummary]?
            do {
                requests = try await vault.requests(.open, limit: 200, by: actor)
            } catch let error as VaultError {
                guard case .refused = error else { throw error }
                requests = nil
            }
            return try html(renderer.consoleDashboard(organisation: vault.policy.organisation.name, actor: actor, requests: requests,
                                                      today: CivilDate(seoul: clock()), sessionEnds: try await sessionEnds(request),
                                                      language: language(request), csrf: csrf.token),
                            setCookie: csrf.setCookie)
        }
        group.get("requests/{number}") { request, context -> Response in
            guard let actor = try await signedIn(request) else { return redirect("/console/sign-in", request) }
            return try await requestPage(request, number: try number(context), actor: actor,
                                         message: request.uri.queryParameters.get("done").map { _ in doneMessage(request) })
        }
        group.post("requests/{number}/complete") { request, context -> Response in
            try await step(request, context) { number, requester in _ = try await vault.completeRequest(number, by: requester) }
        }
        group.post("requests/{number}/refuse") { request, context -> Response in
            try await step(request, context) { number, requester, form in
                guard let ground = form["ground"].flatMap(RefusalGround.init(rawValue:)) else {
                    throw VaultError.invalidRequest(language(request) == .ko ? "거절 사유를 고르십시오" : "choose the ground of the refusal")
                }
                let note = form["note"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
                try await vault.refuseRequest(number, ground: ground, note: note, by: requester)
            }
        }
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
                return try signInPage(request, error: invalidMessage(request), status: .badRequest)
            }
            guard case .started(let token, _) = try await vault.startSession(actor, password: password, source: context.source) else {
                return try signInPage(request, error: refusedMessage(request), status: .unauthorized)
            }
            var response = redirect("/console", request)
            response.headers[.setCookie] = "\(Self.sessionCookie)=\(token); Path=\(Self.path); HttpOnly; SameSite=Strict; Max-Age=\(Int(Vault.sessionLength))"
                + (FormProtection.isSecure(request) ? "; Secure" : "")
            return response
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
    }

    /// A request's page, with what the last step said.
    private func requestPage(
        _ request: Request, number: String, actor: String, message: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let csrf = FormProtection.token(for: request, path: Self.path)
        let found = try await vault.request(number, by: actor)
        return try html(renderer.consoleRequest(organisation: vault.policy.organisation.name, actor: actor, request: found.summary,
                                                steps: found.steps, answered: found.answer != nil, message: message, error: error,
                                                sessionEnds: try await sessionEnds(request), language: language(request), csrf: csrf.token),
                        status: status, setCookie: csrf.setCookie)
    }

    /// Takes a step on a request from its page's form, then shows the page again (after a redirect, so that a reload
    /// does not take it twice), or the page with what went wrong.
    private func step(
        _ request: Request, _ context: JikimRequestContext,
        _ body: (String, Requester, FormFields) async throws -> Void
    ) async throws -> Response {
        guard let actor = try await signedIn(request) else { return redirect("/console/sign-in", request) }
        let number = try number(context)
        let form: FormFields
        do {
            form = try await protectedForm(request)
        } catch let refusal as FormProtection.Refusal {
            return try await requestPage(request, number: number, actor: actor, error: refusal.reason, status: refusal.status)
        }
        do {
            try await body(number, Requester(actor: actor, purpose: Vault.requestPurpose, source: context.source), form)
        } catch let error as VaultError {
            return try await requestPage(request, number: number, actor: actor, error: error.description, status: APIError(error).status)
        }
        let lang = language(request) == .en ? "&lang=en" : ""
        return Response(status: .seeOther, headers: [.location: "/console/requests/\(number)?done=1\(lang)", .cacheControl: "no-store"])
    }

    private func step(
        _ request: Request, _ context: JikimRequestContext, _ body: (String, Requester) async throws -> Void
    ) async throws -> Response {
        try await step(request, context) { number, requester, _ in try await body(number, requester) }
    }

    private func number(_ context: JikimRequestContext) throws -> String {
        guard let number = context.parameters.get("number"), number.count <= 40 else { throw HTTPError(.notFound) }
        return number
    }

    private func doneMessage(_ request: Request) -> String {
        language(request) == .ko ? "처리했습니다." : "Done."
    }

    /// The staff member the session cookie names, if it names a live session.
    private func signedIn(_ request: Request) async throws -> String? {
        guard let token = cookie(request), token.hasPrefix("js_") else { return nil }
        return try await vault.authenticate(token: token)
    }

    /// When the session ends, shown on every page.
    private func sessionEnds(_ request: Request) async throws -> Date? {
        guard let token = cookie(request) else { return nil }
        return try await vault.sessionExpiry(token: token)
    }

    private func cookie(_ request: Request) -> String? {
        FormProtection.cookie(named: Self.sessionCookie, in: request)
    }

    private func protectedForm(_ request: Request) async throws -> FormFields {
        try FormProtection.checkOrigin(request)
        let form = try await FormFields.read(request, limit: 4 * 1024)
        try FormProtection.checkToken(request, form: form)
        return form
    }

    private func signInPage(_ request: Request, error: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let csrf = FormProtection.token(for: request, path: Self.path)
        return try html(renderer.consoleSignIn(organisation: vault.policy.organisation.name, language: language(request), error: error,
                                               csrf: csrf.token),
                        status: status, setCookie: csrf.setCookie)
    }

    private func refusedMessage(_ request: Request) -> String {
        language(request) == .ko ? "ID나 비밀번호가 틀렸거나, 연속된 실패로 계정이 잠시 잠겨 있습니다."
            : "The ID or the password is wrong, or the account is locked for a while after repeated failures."
    }

    private func invalidMessage(_ request: Request) -> String {
        language(request) == .ko ? "ID와 비밀번호를 입력하십시오." : "Enter your ID and password."
    }

    private func redirect(_ location: String, _ request: Request) -> Response {
        let lang = language(request) == .en ? "?lang=en" : ""
        return Response(status: .seeOther, headers: [.location: location + lang, .cacheControl: "no-store"])
    }
}
