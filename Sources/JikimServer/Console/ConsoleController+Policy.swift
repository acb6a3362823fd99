import Foundation
import Hummingbird
import JikimCore
import JikimPolicyFile
import JikimPublishing
import JikimVault

/// The policy: the version in force and every published one; for a role that administers, a new policy file checked
/// — its problems with line, rule and article — and compared with the version in force, marking the changes that
/// need fresh consent. A checked file is published by deploying it as the policy file: `jikim serve` publishes it
/// when it starts, so that what is published is what the server enforces.
extension ConsoleController {
    /// The largest policy file the check takes (the largest example is under 40 KiB).
    static let policyFileLimit = 512 * 1024

    func addPolicyRoutes(to group: RouterGroup<JikimRequestContext>) {
        group.get("policy") { request, _ -> Response in
            guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
            return try policyPage(request, staff, check: nil)
        }
        group.post("policy/check") { request, context -> Response in
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
            let text = form["policy"] ?? ""
            guard !text.isEmpty, text.utf8.count <= Self.policyFileLimit else {
                return try policyPage(request, staff, check: nil, error: words(request, "처리방침 파일(512KiB 이하)을 붙여 넣으십시오.",
                                                                               "Paste a policy file (at most 512 KiB)."), status: .badRequest)
            }
            return try policyPage(request, staff, check: Self.check(text, against: vault.policy, published: versions), text: text)
        }
    }

    /// A policy file's text checked, and compared with `current` when it is valid.
    static func check(_ text: String, against current: Policy, published: [PolicyVersion] = []) -> PolicyCheckView {
        do {
            let loaded = try PolicyFile.parse(text, file: "policy.yaml")
            let changes = PolicyDiff.changes(from: current, to: loaded.policy)
            var problems = loaded.diagnostics.map(\.description)
            // A published version never changes: a changed file is a new version, with its own id and dates.
            let id = loaded.policy.version.id
            if !changes.isEmpty, published.contains(where: { $0.id == id }) || current.version.id == id {
                problems.insert("policy.yaml: error: version: '\(id)' is published already and a published version never changes: give this one its own version id, announcement and effective dates [version-published]", at: 0)
                return PolicyCheckView(valid: false, problems: problems, version: id, changes: changes.map { ($0.text, $0.needsFreshConsent) })
            }
            return PolicyCheckView(valid: true, problems: problems, version: id, changes: changes.map { ($0.text, $0.needsFreshConsent) })
        } catch {
            switch error {
            case .unreadable: return PolicyCheckView(valid: false, problems: [error.description], version: nil, changes: [])
            case .invalid(let diagnostics): return PolicyCheckView(valid: false, problems: diagnostics.map(\.description), version: nil, changes: [])
            }
        }
    }

    private func policyPage(
        _ request: Request, _ staff: Staff, check: PolicyCheckView?, text: String = "", error: String? = nil, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        try page(request, staff, error: error, status: status) { chrome in
            try renderer.consolePolicy(chrome, current: vault.policy.version, versions: versions, canCheck: staff.duties.contains(.administers),
                                       check: check, text: text)
        }
    }
}
