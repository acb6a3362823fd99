import Foundation
import Hummingbird
import JikimCore
import JikimPublishing
import JikimVault

/// The public side of people's requests: the form where a person files one (confirming who they are with a code
/// sent to their contact), and the page where they follow it with its token and read the answer. Tokens travel in
/// form bodies, never in URLs, so that no request log holds them.
struct RequestPagesController {
    let vault: Vault
    let renderer: PolicyRenderer
    let language: @Sendable (Request) -> Language

    func addRoutes(to group: RouterGroup<JikimRequestContext>) {
        group.get { request, _ -> Response in
            let csrf = FormProtection.token(for: request)
            return try html(renderer.requestForm(policy: vault.policy, language: language(request), csrf: csrf.token), setCookie: csrf.setCookie)
        }
        group.post { request, context -> Response in
            let language = language(request)
            let csrf = FormProtection.token(for: request)
            let form: FormFields
            do {
                form = try await protectedForm(request, fileFields: ["document"], fileLimit: AgentDocument.maximumSize)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                // Most likely a scan too large: say so on the form rather than with a bare status.
                let message = language == .ko ? "양식이 너무 큽니다. 첨부 파일은 5MB 이하여야 합니다." : "The form is too large: a file attached may be at most 5 MB."
                return try html(renderer.requestForm(policy: vault.policy, language: language, error: message, csrf: csrf.token),
                                status: .contentTooLarge, setCookie: csrf.setCookie)
            } catch let refusal as FormProtection.Refusal {
                return try html(renderer.requestForm(policy: vault.policy, language: language, error: refusal.text(language), csrf: csrf.token),
                                status: refusal.status, setCookie: csrf.setCookie)
            }
            do {
                guard let kind = form["kind"].flatMap(RequestKind.init(rawValue:)) else {
                    throw VaultError.invalidRequest(language == .ko ? "요구 종류를 고르십시오" : "choose what you ask for")
                }
                guard let item = form["contact_item"] ?? vault.policy.items.first(where: \.verifiable)?.id, let contact = form["contact"] else {
                    throw VaultError.invalidRequest(language == .ko ? "등록하신 연락처를 입력하십시오" : "enter the contact you gave us")
                }
                // An agent's relation and document are checked first: a wrong file is not a filing to count.
                let agent = form["filer"] == "agent" ? try agentAuthority(form, language: language) : nil
                guard try await vault.allowFiling(source: context.source, contact: contact) else {
                    let message = language == .ko ? "요구가 너무 자주 접수되었습니다. 한 시간 뒤에 다시 시도해 주십시오." : "Too many requests were filed: try again in an hour."
                    return try html(renderer.requestForm(policy: vault.policy, language: language, error: message, csrf: csrf.token),
                                    status: .tooManyRequests)
                }
                var values: [Identifier: String] = [:]
                if kind == .correction, let corrected = form["item"] { values[corrected] = form["value"] ?? "" }
                let targets = RequestTargets(items: kind == .deletion ? form.all("delete_item") : [], purposes: form.all("purpose"), consents: form.all("consent"))
                let filed: FiledRequest
                if let (relation, document) = agent {
                    filed = try await vault.fileRequest(kind, targets: targets, values: values, contact: item, value: contact, agent: relation, document: document)
                } else {
                    filed = try await vault.fileRequest(kind, targets: targets, values: values, contact: item, value: contact)
                }
                let status = try await vault.requestStatus(followToken: filed.followToken)
                return try html(renderer.requestStatus(policy: vault.policy, request: status.summary, steps: status.steps, answer: nil,
                                                       token: filed.followToken, justFiled: true, language: language, csrf: csrf.token),
                                status: .created)
            } catch let error as VaultError {
                return try html(renderer.requestForm(policy: vault.policy, language: language, error: error.description, csrf: csrf.token),
                                status: APIError(error).status)
            }
        }
        group.post("status") { request, _ -> Response in
            let form: FormFields
            do {
                form = try await protectedForm(request)
            } catch let refusal as FormProtection.Refusal {
                return try refused(refusal, request: request)
            }
            return try await status(token: form["token"] ?? "", request: request)
        }
        group.post("verify") { request, _ -> Response in
            try await step(request) { (form, token) throws(VaultError) in
                // The browser's Global Privacy Control signal, honoured once the person is known.
                let gpc = request.headers[.secGPC]?.trimmingCharacters(in: .whitespaces) == "1"
                _ = try await vault.verifyRequest(followToken: token, code: form["code"] ?? "", globalPrivacyControl: gpc)
            }
        }
        group.post("resend") { request, _ -> Response in
            try await step(request) { (_, token) throws(VaultError) in try await vault.resendCode(followToken: token) }
        }
        group.post("withdraw") { request, _ -> Response in
            try await step(request) { (_, token) throws(VaultError) in try await vault.withdrawRequest(followToken: token) }
        }
        group.post("transmission") { request, _ -> Response in
            let form: FormFields
            do {
                form = try await protectedForm(request)
            } catch let refusal as FormProtection.Refusal {
                return try refused(refusal, request: request)
            }
            do {
                guard let document = try await vault.requestAnswer(followToken: form["token"] ?? "")?.transmission else {
                    throw VaultError.unknownRequest
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                headers[.contentDisposition] = "attachment; filename=\"personal-information.json\""
                headers[.cacheControl] = "no-store"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(document))))
            } catch let error as VaultError {
                return try html(renderer.requestForm(policy: vault.policy, language: language(request), error: error.description,
                                                     csrf: FormProtection.token(for: request).token),
                                status: APIError(error).status)
            }
        }
    }

    /// A form posted back from one of these pages: from this site, with a form content type and the page's token.
    private func protectedForm(_ request: Request, fileFields: Set<String> = [], fileLimit: Int = 0) async throws -> FormFields {
        try FormProtection.checkOrigin(request)
        let form = try await FormFields.read(request, fileFields: fileFields, fileLimit: fileLimit)
        try FormProtection.checkToken(request, form: form)
        return form
    }

    /// The form again, saying why the post was refused, with a token to post it again.
    private func refused(_ refusal: FormProtection.Refusal, request: Request) throws -> Response {
        let csrf = FormProtection.token(for: request)
        return try html(renderer.requestForm(policy: vault.policy, language: language(request), error: refusal.text(language(request)), csrf: csrf.token),
                        status: refusal.status, setCookie: csrf.setCookie)
    }

    /// The relation and the document an agent gave on the form.
    private func agentAuthority(_ form: FormFields, language: Language) throws(VaultError) -> (AgentAuthority.Relation, AgentDocument) {
        guard let relation = form["relation"].flatMap(AgentAuthority.Relation.init(rawValue:)) else {
            throw .invalidRequest(language == .ko ? "법정대리인인지 위임을 받은 자인지 고르십시오" : "choose whether you are the person's legal representative or hold their power of attorney")
        }
        switch AgentDocument.check(form.file("document") ?? Data()) {
        case .success(let document): return (relation, document)
        case .failure(let error): throw .invalidRequest(error.description)
        }
    }

    /// Takes a step the filer asked for on the status page, then shows the page again, with the error if it failed.
    private func step(_ request: Request, _ body: (FormFields, String) async throws(VaultError) -> Void) async throws -> Response {
        let form: FormFields
        do {
            form = try await protectedForm(request)
        } catch let refusal as FormProtection.Refusal {
            return try refused(refusal, request: request)
        }
        let token = form["token"] ?? ""
        do throws(VaultError) {
            try await body(form, token)
        } catch {
            return try await status(token: token, request: request, error: error)
        }
        return try await status(token: token, request: request)
    }

    /// The status page; an unknown token shows the form again with the error.
    private func status(token: String, request: Request, error: VaultError? = nil) async throws -> Response {
        let language = language(request)
        let csrf = FormProtection.token(for: request)
        do {
            let found = try await vault.requestStatus(followToken: token)
            let answer = try await vault.requestAnswer(followToken: token)
            return try html(renderer.requestStatus(policy: vault.policy, request: found.summary, steps: found.steps, answer: answer, token: token,
                                                   justFiled: false, error: error?.description, language: language, csrf: csrf.token),
                            status: error.map { APIError($0).status } ?? .ok, setCookie: csrf.setCookie)
        } catch let failure as VaultError {
            return try html(renderer.requestForm(policy: vault.policy, language: language, error: failure.description, csrf: csrf.token),
                            status: APIError(failure).status, setCookie: csrf.setCookie)
        }
    }
}
