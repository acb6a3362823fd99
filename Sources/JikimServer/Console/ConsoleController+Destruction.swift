import Foundation
import Hummingbird
import JikimCore
import JikimPublishing
import JikimVault

/// Destruction batches awaiting approval, the decision on them, and the destruction ledger by month.
extension ConsoleController {
    func addDestructionRoutes(to group: RouterGroup<JikimRequestContext>) {
        group.get("destruction") { request, context -> Response in
            guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
            if let refused = try await require(.approvesDestruction, staff, request, context) { return refused }
            let done = request.uri.queryParameters.get("done").map { _ in words(request, "처리했습니다.", "Done.") }
            return try await destructionPage(request, staff, message: done)
        }
        group.post("destruction/{batch}/approve") { request, context -> Response in
            let batch = try batch(context)
            return try await post(request, context, duty: .approvesDestruction, failed: failedDecision(request)) { staff, _ in
                try await vault.decide(batch: batch, approve: true, reason: nil, by: staff.actor)
                return "/console/destruction?done=1"
            }
        }
        group.post("destruction/{batch}/reject") { request, context -> Response in
            let batch = try batch(context)
            return try await post(request, context, duty: .approvesDestruction, failed: failedDecision(request)) { staff, form in
                try await vault.decide(batch: batch, approve: false, reason: form["reason"], by: staff.actor)
                return "/console/destruction?done=1"
            }
        }
        group.get("destruction/ledger") { request, context -> Response in
            guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
            if let refused = try await require(.approvesDestruction, staff, request, context) { return refused }
            let text = request.uri.queryParameters.get("month") ?? CivilDate(seoul: clock()).previousMonth
            guard text.count == 7, let start = CivilDate(month: text) else {
                return try await destructionPage(request, staff, error: words(request, "월은 YYYY-MM 형식으로 입력하십시오.", "Give the month as YYYY-MM."),
                                                 status: .badRequest)
            }
            let end = start.adding(days: CivilDate.daysIn(month: start.month, year: start.year))
            let ledger = try await vault.destructionLedger(from: start.seoulMidnight, to: end.seoulMidnight)
            if request.uri.queryParameters.get("format") == "csv" {
                return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                                                       .contentDisposition: "attachment; filename=\"destruction-ledger-\(text).csv\""],
                                body: .init(byteBuffer: ByteBuffer(string: DestructionRecord.csv(ledger))))
            }
            return try page(request, staff) { chrome in try renderer.consoleLedger(chrome, month: text, ledger: ledger, policy: vault.policy) }
        }
    }

    private func destructionPage(
        _ request: Request, _ staff: Staff, message: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        var views: [DestructionBatchView] = []
        for batch in try await vault.destructionBatches().prefix(50) {
            views.append(DestructionBatchView(
                id: batch.id, state: batch.state.rawValue, proposedAt: batch.proposedAt, count: batch.count, decidedBy: batch.decidedBy,
                decidedAt: batch.decidedAt, reason: batch.reason,
                classes: try await vault.destructionBatchClasses(batch.id).map { ($0.retentionClass, $0.count) }))
        }
        return try page(request, staff, message: message, error: error, status: status) { chrome in
            try renderer.consoleDestruction(chrome, batches: views, policy: vault.policy, lastMonth: CivilDate(seoul: clock()).previousMonth)
        }
    }

    private func failedDecision(_ request: Request) -> (Staff, String, HTTPResponse.Status) async throws -> Response {
        { staff, error, status in try await destructionPage(request, staff, error: error, status: status) }
    }

    private func batch(_ context: JikimRequestContext) throws -> String {
        guard let batch = context.parameters.get("batch"), batch.count <= 40 else { throw HTTPError(.notFound) }
        return batch
    }
}
