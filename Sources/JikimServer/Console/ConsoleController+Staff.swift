import Foundation
import Hummingbird
import JikimCore
import JikimPublishing
import JikimVault

/// Staff and roles, for a role that administers: the list, adding an actor, a member's page with their roles and
/// the history of their rights, grant, revoke, disable, unlock, a service token or a one-time password link (each
/// shown once, on the page the step answers, never in a URL).
extension ConsoleController {
    func addStaffRoutes(to group: RouterGroup<JikimRequestContext>) {
        group.get("staff") { request, context -> Response in
            guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
            if let refused = try await require(.administers, staff, request, context) { return refused }
            return try await staffPage(request, staff)
        }
        group.post("staff") { request, context -> Response in
            try await post(request, context, duty: .administers, failed: { staff, error, status in
                try await staffPage(request, staff, error: error, status: status)
            }) { staff, form in
                let id = form["id"] ?? ""
                guard FieldBounds.isName(id) else {
                    throw ConsoleError(message: words(request, "ID는 영문 소문자로 시작하는 64자 이내의 영문 소문자, 숫자, _, - 입니다.",
                                                      "An ID starts with a lowercase letter and has at most 64 lowercase letters, digits, _ or -."))
                }
                let kind = Vault.ActorKind(rawValue: form["kind"] ?? "") ?? .staff
                try await vault.addActor(id, kind: kind, by: staff.actor)
                return "/console/staff/\(id)"
            }
        }
        group.get("staff/{id}") { request, context -> Response in
            guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
            if let refused = try await require(.administers, staff, request, context) { return refused }
            return try await memberPage(request, staff, id: try member(context))
        }
        for (step, action) in [("grant", "grant"), ("revoke", "revoke"), ("disable", "disable"), ("unlock", "unlock"),
                               ("reset-second-factor", "reset")] {
            group.post("staff/{id}/\(step)") { request, context -> Response in
                let id = try member(context)
                return try await post(request, context, duty: .administers, failed: { staff, error, status in
                    try await memberPage(request, staff, id: id, error: error, status: status)
                }) { staff, form in
                    switch action {
                    case "grant", "revoke":
                        guard let role = form["role"], role.count <= 64 else {
                            throw ConsoleError(message: words(request, "역할을 고르십시오.", "Choose a role."))
                        }
                        if action == "grant" { try await vault.grant(role, to: id, by: staff.actor) }
                        else { try await vault.revoke(role, from: id, by: staff.actor) }
                    case "disable": try await vault.disable(id, by: staff.actor)
                    case "reset": try await vault.resetSecondFactor(id, by: staff.actor)
                    default: try await vault.unlock(id, by: staff.actor)
                    }
                    return "/console/staff/\(id)"
                }
            }
        }
        // A secret shown once: the page is the step's answer (not a redirect), and is not kept by the browser.
        for step in ["password-link", "token"] {
            group.post("staff/{id}/\(step)") { request, context -> Response in
                let id = try member(context)
                guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
                do {
                    _ = try await protectedForm(request)
                    try await vault.requireDuty(.administers, of: staff.actor, source: context.source)
                    let shown: String
                    if step == "token" {
                        shown = try await vault.issueToken(for: id, by: staff.actor)
                    } else {
                        let token = try await vault.issuePasswordLink(for: id, by: staff.actor)
                        shown = Self.passwordLink(token, request: request)
                    }
                    var response = try await memberPage(request, staff, id: id, shown: shown)
                    response.headers[.cacheControl] = "no-store"
                    return response
                } catch let refusal as FormProtection.Refusal {
                    return try await memberPage(request, staff, id: id, error: refusal.text(language(request)), status: refusal.status)
                } catch let error as VaultError {
                    return try await memberPage(request, staff, id: id, error: describe(error, request), status: APIError(error).status)
                }
            }
        }
    }

    /// The full link a one-time password token opens, on the host the request came to.
    static func passwordLink(_ token: String, request: Request) -> String {
        let scheme = FormProtection.isSecure(request) ? "https" : "http"
        return "\(scheme)://\(request.head.authority ?? "127.0.0.1")/console/password/\(token)"
    }

    private func staffPage(_ request: Request, _ staff: Staff, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let members = try await vault.staff()
        return try page(request, staff, error: error, status: status) { chrome in
            try renderer.consoleStaff(chrome, actors: members, roles: vault.policy.roles)
        }
    }

    private func memberPage(
        _ request: Request, _ staff: Staff, id: String, shown: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let member = try await vault.staff().first(where: { $0.id == id }) else { throw HTTPError(.notFound) }
        let history = try await vault.roleHistory(of: id)
        return try page(request, staff, error: error, status: status) { chrome in
            try renderer.consoleStaffMember(chrome, member: member, roles: vault.policy.roles, history: history, shown: shown)
        }
    }

    private func member(_ context: JikimRequestContext) throws -> String {
        guard let id = context.parameters.get("id"), id.count <= 64 else { throw HTTPError(.notFound) }
        return id
    }
}
