import Foundation
import Hummingbird
import JikimCore
import JikimPolicyFile
import JikimPublishing
import JikimStore
import JikimVault

/// The policy: the version in force, the next and every earlier one; for a role that administers, a new policy
/// file checked — its problems with line, rule and article, those of publishing among them — and compared with the
/// version in force, marking the changes that need fresh consent; then published. A published version is announced
/// at once on the public pages and enforced from its effective date, by every server on the store.
extension ConsoleController {
    /// The largest policy file the check takes (the largest example is under 40 KiB).
    static let policyFileLimit = 512 * 1024

    func addPolicyRoutes(to group: RouterGroup<JikimRequestContext>) {
        group.get("policy") { request, _ -> Response in
            guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
            let published = request.uri.queryParameters.get("published").flatMap { id in
                publication.versions.first { $0.id == id }
            }
            let message = published.map { version in
                let day = version.effective?.text(in: language(request)) ?? ""
                return words(request, "버전 \(version.id)을(를) 게시했습니다. 공개 처리방침에 바로 안내되며 \(day)부터 시행됩니다.",
                             "Version \(version.id) is published: the public policy announces it now, and it is in force from \(day).")
            }
            return try policyPage(request, staff, check: nil, message: message)
        }
        group.post("policy/check") { request, context -> Response in
            try await policyForm(request, context) { staff, text in
                try policyPage(request, staff, check: check(text).view, text: text)
            }
        }
        group.post("policy/publish") { request, context -> Response in
            try await policyForm(request, context) { staff, text in
                let (view, checked) = check(text)
                guard let loaded = checked else {
                    return try policyPage(request, staff, check: view, text: text, error: words(
                        request, "게시하지 않았습니다: 아래 문제를 고친 뒤 다시 검사하십시오.", "Not published: mend the problems below and check it again."),
                        status: .unprocessableContent)
                }
                do throws(PublishedPolicies.Failure) {
                    try await publisher.publish(loaded, by: staff.actor, at: clock())
                } catch {
                    let reason = if case .refused(let reasons) = error { reasons.joined(separator: "; ") } else { error.description }
                    return try policyPage(request, staff, check: view, text: text, error: words(
                        request, "게시하지 않았습니다: \(reason)", "Not published: \(reason)"), status: .conflict)
                }
                await published()
                let id = loaded.policy.version.id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._"))) ?? ""
                return Response(status: .seeOther, headers: [
                    .location: "/console/policy?published=\(id)&lang=\(language(request).rawValue)", .cacheControl: "no-store",
                ])
            }
        }
    }

    private var today: CivilDate { CivilDate(seoul: clock()) }

    /// A posted policy file, for a signed-in member of staff whose roles administer: the form is checked (origin,
    /// CSRF token, the administering duty, recorded when refused) before `body` takes the file's text.
    private func policyForm(
        _ request: Request, _ context: JikimRequestContext, _ body: (Staff, String) async throws -> Response
    ) async throws -> Response {
        guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
        let form: FormFields
        do {
            try FormProtection.checkOrigin(request)
            form = try await FormFields.read(request, limit: Self.policyFileLimit + 4 * 1024)
            try FormProtection.checkToken(request, form: form)
            try await vault.requireDuty(.administers, of: staff.actor, source: context.source)
        } catch let refusal as FormProtection.Refusal {
            return try policyPage(request, staff, check: nil, error: refusal.text(language(request)), status: refusal.status)
        } catch let error as VaultError {
            return try refused(request, staff, error)
        }
        // Browsers send line ends as CRLF, and the form's fields come trimmed: the file is kept with LF line ends and
        // a last one, as files are written.
        var text = (form["policy"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        guard !text.isEmpty, text.utf8.count <= Self.policyFileLimit else {
            return try policyPage(request, staff, check: nil, error: words(request, "처리방침 파일(512KiB 이하)을 붙여 넣으십시오.",
                                                                           "Paste a policy file (at most 512 KiB)."), status: .badRequest)
        }
        return try await body(staff, text)
    }

    /// A policy file's text checked for publishing today, and compared with the version in force when it is valid.
    func check(_ text: String) -> (view: PolicyCheckView, loaded: LoadedPolicy?) {
        Self.check(text, against: publication.policy, published: publication.versions, today: today)
    }

    /// A policy file's text checked for publishing on `today` after `published`, and compared with `current` (the
    /// version in force) when it is valid; the policy read, when it may be published.
    static func check(
        _ text: String, against current: Policy, published: [PolicyVersion], today: CivilDate
    ) -> (view: PolicyCheckView, loaded: LoadedPolicy?) {
        do {
            let loaded = try PolicyPublisher.check(text, file: "policy.yaml", after: published, of: current.organisation.name, today: today)
            let changes = PolicyDiff.changes(from: current, to: loaded.policy)
            let view = PolicyCheckView(valid: true, problems: loaded.diagnostics.map(\.description), version: loaded.policy.version.id,
                                       effective: loaded.policy.version.effective?.description,
                                       changes: changes.map { ($0.text, $0.needsFreshConsent) })
            return (view, loaded)
        } catch {
            switch error {
            case .unreadable: return (PolicyCheckView(valid: false, problems: [error.description], version: nil, changes: []), nil)
            case .invalid(let diagnostics):
                return (PolicyCheckView(valid: false, problems: diagnostics.map(\.description), version: nil, changes: []), nil)
            }
        }
    }

    private func policyPage(
        _ request: Request, _ staff: Staff, check: PolicyCheckView?, text: String = "", message: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        try page(request, staff, message: message, error: error, status: status) { chrome in
            try renderer.consolePolicy(chrome, current: publication.policy.version, next: publication.nextVersion, versions: publication.versions,
                                       canCheck: staff.duties.contains(.administers), check: check, text: text)
        }
    }
}
