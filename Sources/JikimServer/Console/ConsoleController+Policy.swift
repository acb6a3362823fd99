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
            return try policyPage(request, staff, check: Self.check(text, against: vault.policy))
        }
    }

    /// A policy file's text checked, and compared with `current` when it is valid.
    static func check(_ text: String, against current: Policy) -> PolicyCheckView {
        do {
            let loaded = try PolicyFile.parse(text, file: "policy.yaml")
            let changes = PolicyDiff.changes(from: current, to: loaded.policy)
            return PolicyCheckView(valid: true, problems: loaded.diagnostics.map(\.description), version: loaded.policy.version.id,
                                   changes: changes.map { ($0.text, $0.needsFreshConsent) })
        } catch {
            switch error {
            case .unreadable: return PolicyCheckView(valid: false, problems: [error.description], version: nil, changes: [])
            case .invalid(let diagnostics): return PolicyCheckView(valid: false, problems: diagnostics.map(\.description), version: nil, changes: [])
            }
        }
    }

    private func policyPage(
        _ request: Request, _ staff: Staff, check: PolicyCheckView?, error: String? = nil, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        try page(request, staff, error: error, status: status) { chrome in
            try renderer.consolePolicy(chrome, current: vault.policy.version, versions: versions, canCheck: staff.duties.contains(.administers),
                                       check: check)
        }
    }
}
