import Foundation
import Hummingbird
import JikimCore
import JikimPublishing
import JikimVault

/// People: find a person by their ID or an identity item (its blind index), choose the purpose — which decides what
/// may be read — and read; correct, record consents and lifecycle events as the API allows them. Each goes through
/// the vault's one access decision and leaves its access record. What a person's values are is posted, never put in a
/// URL, and the page that shows them is not kept by the browser.
extension ConsoleController {
    func addPeopleRoutes(to group: RouterGroup<JikimRequestContext>) {
        group.get("people") { request, _ -> Response in
            guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
            let done = request.uri.queryParameters.get("done").map { _ in words(request, "처리했습니다.", "Done.") }
            return try await peoplePage(request, staff, message: done)
        }
        group.post("people/read") { request, context -> Response in
            guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
            do {
                let form = try await protectedForm(request)
                let lookup = form["lookup"] ?? "id", value = form["value"] ?? "", purpose = form["purpose"] ?? ""
                guard !value.isEmpty, value.count <= 200, FieldBounds.isName(purpose), lookup == "id" || FieldBounds.isName(lookup) else {
                    throw ConsoleError(message: words(request, "찾을 값과 처리 목적을 입력하십시오.", "Give a value to find and a purpose."))
                }
                // What the purpose processes, but a secret stored one-way, which is verified, never read.
                let items = (vault.policy.purpose(purpose)?.items ?? []).filter { vault.policy.item($0)?.protection != .oneWay }
                let requester = Requester(actor: staff.actor, purpose: purpose, source: context.source)
                let values = lookup == "id"
                    ? try await vault.read(externalID: value, items: items, by: requester)
                    : try await vault.read(lookup: lookup, value: value, items: items, by: requester)
                return try await peoplePage(request, staff, read: (lookup == "id" ? value : nil, purpose, values))
            } catch let refusal as FormProtection.Refusal {
                return try await peoplePage(request, staff, error: refusal.text(language(request)), status: refusal.status)
            } catch let error as ConsoleError {
                return try await peoplePage(request, staff, error: error.message, status: .badRequest)
            } catch let error as VaultError {
                return try await peoplePage(request, staff, error: describe(error, request), status: APIError(error).status)
            }
        }
        for step in ["correct", "consent", "event"] {
            group.post("people/\(step)") { request, context -> Response in
                try await post(request, context, duty: nil, failed: { staff, error, status in
                    try await peoplePage(request, staff, error: error, status: status)
                }) { staff, form in
                    let id = form["id"] ?? "", purpose = form["purpose"] ?? ""
                    guard !id.isEmpty, id.count <= 200, FieldBounds.isName(purpose) else {
                        throw ConsoleError(message: words(request, "회원 ID와 처리 목적이 필요합니다.", "A member ID and a purpose are needed."))
                    }
                    let requester = Requester(actor: staff.actor, purpose: purpose, source: context.source)
                    switch step {
                    case "correct":
                        guard let item = form["item"], FieldBounds.isName(item), let value = form["value"], !value.isEmpty, value.count <= 1_000 else {
                            throw ConsoleError(message: words(request, "정정할 항목과 내용을 입력하십시오.", "Give the item and its correct value."))
                        }
                        try await vault.correct(externalID: id, values: [item: value], by: requester)
                    case "consent":
                        guard let consent = form["consent"], FieldBounds.isName(consent),
                              let action = form["action"].flatMap(ConsentEvent.Action.init(rawValue:)) else {
                            throw ConsoleError(message: words(request, "동의와 그 변경을 고르십시오.", "Choose the consent and what became of it."))
                        }
                        try await vault.changeConsent(externalID: id, consent: consent, action, channel: "console", by: requester)
                    default:
                        guard let event = form["event"].flatMap(LifecycleEvent.init(rawValue:)) else {
                            throw ConsoleError(message: words(request, "사건을 고르십시오.", "Choose the event."))
                        }
                        try await vault.recordEvent(externalID: id, event, by: requester)
                    }
                    return "/console/people?done=1"
                }
            }
        }
    }

    private func peoplePage(
        _ request: Request, _ staff: Staff, read: (id: String?, purpose: Identifier, values: [Identifier: String])? = nil,
        message: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let purposes = try await vault.purposes(of: staff.actor).filter { vault.policy.purpose($0) != nil }.sorted()
        var response = try page(request, staff, message: message, error: error, status: status) { chrome in
            try renderer.consolePeople(chrome, policy: vault.policy, purposes: purposes, read: read)
        }
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
