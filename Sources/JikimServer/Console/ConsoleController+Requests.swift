import Foundation
import Hummingbird
import JikimCore
import JikimPublishing
import JikimVault

/// People's requests: the list with its filters and pages, a request's page, and the steps the law allows on it.
extension ConsoleController {
    static let requestsPerPage = 50

    func addRequestRoutes(to group: RouterGroup<JikimRequestContext>) {
        group.get("requests") { request, context -> Response in
            guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
            if let refused = try await require(.handlesRequests, staff, request, context) { return refused }
            let query = request.uri.queryParameters
            let state = query.get("state").flatMap { ["open", "closed", "all"].contains($0) ? $0 : nil } ?? "open"
            let kind = query.get("kind").flatMap(RequestKind.init(rawValue:))
            let overdue = query.get("overdue") == "1"
            let page = query.get("page").flatMap(Int.init).map { min(max($0, 1), 10_000) } ?? 1
            let filter: RequestFilter = overdue ? .overdue : RequestFilter(rawValue: state) ?? .open
            let found = try await vault.requests(filter, kind: kind, limit: Self.requestsPerPage + 1, offset: (page - 1) * Self.requestsPerPage,
                                                 by: staff.actor)
            return try self.page(request, staff) { chrome in
                try renderer.consoleRequestList(chrome, requests: Array(found.prefix(Self.requestsPerPage)), today: CivilDate(seoul: clock()),
                                                state: state, kind: kind?.rawValue ?? "", overdueOnly: overdue, page: page,
                                                hasMore: found.count > Self.requestsPerPage)
            }
        }
        group.get("requests/{number}") { request, context -> Response in
            guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
            let message = request.uri.queryParameters.get("done").map { _ in words(request, "처리했습니다.", "Done.") }
            return try await requestPage(request, staff, number: try number(context), source: context.source, message: message)
        }
        group.post("requests/{number}/complete") { request, context -> Response in
            let number = try number(context)
            return try await post(request, context, duty: .handlesRequests, failed: failedStep(request, context, number)) { staff, form in
                // The form to answer in part names what it withholds and the ground; the whole answer names nothing.
                let withheld = form.all("withheld")
                var partial: PartialRefusal?
                if !withheld.isEmpty {
                    guard withheld.count <= 200, let ground = form["ground"].flatMap(RefusalGround.init(rawValue:)) else {
                        throw ConsoleError(message: words(request, "처리하지 않을 부분과 그 사유를 고르십시오.", "Choose the part left out and the ground."))
                    }
                    partial = PartialRefusal(withheld: withheld, ground: ground, note: form["note"].flatMap { $0.isEmpty ? nil : $0 })
                }
                _ = try await vault.completeRequest(number, by: Requester(actor: staff.actor, purpose: Vault.requestPurpose, source: context.source),
                                                    partial: partial)
                return "/console/requests/\(number)?done=1"
            }
        }
        group.post("requests/{number}/confirm-agent") { request, context -> Response in
            let number = try number(context)
            return try await post(request, context, duty: .handlesRequests, failed: failedStep(request, context, number)) { staff, _ in
                _ = try await vault.confirmAgent(number, by: Requester(actor: staff.actor, purpose: Vault.requestPurpose, source: context.source))
                return "/console/requests/\(number)?done=1"
            }
        }
        group.post("requests/{number}/postpone") { request, context -> Response in
            let number = try number(context)
            return try await post(request, context, duty: .handlesRequests, failed: failedStep(request, context, number)) { staff, form in
                try await vault.postponeRequest(number, note: form["note"] ?? "",
                                                by: Requester(actor: staff.actor, purpose: Vault.requestPurpose, source: context.source))
                return "/console/requests/\(number)?done=1"
            }
        }
        // The agent's document, as filed: a download (never shown inline, so nothing in it runs on Jikim's origin).
        group.get("requests/{number}/document") { request, context -> Response in
            guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
            let number = try number(context)
            let document: AgentDocument
            do {
                document = try await vault.agentDocument(number, by: Requester(actor: staff.actor, purpose: Vault.requestPurpose, source: context.source))
            } catch let error as VaultError {
                if case .refused = error { return try refused(request, staff, error) }
                return try await requestPage(request, staff, number: number, source: context.source, error: describe(error, request),
                                             status: APIError(error).status)
            }
            return Response(status: .ok, headers: [
                .contentType: document.format.rawValue, .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"authority-\(number).\(document.format.fileExtension)\"",
            ], body: .init(byteBuffer: ByteBuffer(bytes: document.bytes)))
        }
        group.post("requests/{number}/refuse") { request, context -> Response in
            let number = try number(context)
            return try await post(request, context, duty: .handlesRequests, failed: failedStep(request, context, number)) { staff, form in
                guard let ground = form["ground"].flatMap(RefusalGround.init(rawValue:)) else {
                    throw ConsoleError(message: words(request, "거절 사유를 고르십시오.", "Choose the ground of the refusal."))
                }
                let note = form["note"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
                try await vault.refuseRequest(number, ground: ground, note: note,
                                              by: Requester(actor: staff.actor, purpose: Vault.requestPurpose, source: context.source))
                return "/console/requests/\(number)?done=1"
            }
        }
    }

    /// A request's page, with what the last step said.
    private func requestPage(
        _ request: Request, _ staff: Staff, number: String, source: String?, message: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let found: (summary: RequestSummary, steps: [RequestStep], answer: RequestAnswer?)
        do {
            found = try await vault.request(number, by: staff.actor, source: source)
        } catch {
            guard case .refused = error else { throw error }
            return try refused(request, staff, error)
        }
        return try page(request, staff, message: message, error: error, status: status) { chrome in
            try renderer.consoleRequest(chrome, request: found.summary, steps: found.steps, answer: found.answer, policy: vault.policy)
        }
    }

    private func failedStep(
        _ request: Request, _ context: JikimRequestContext, _ number: String
    ) -> (Staff, String, HTTPResponse.Status) async throws -> Response {
        { staff, error, status in try await requestPage(request, staff, number: number, source: context.source, error: error, status: status) }
    }

    private func number(_ context: JikimRequestContext) throws -> String {
        guard let number = context.parameters.get("number"), number.count <= 40 else { throw HTTPError(.notFound) }
        return number
    }
}
