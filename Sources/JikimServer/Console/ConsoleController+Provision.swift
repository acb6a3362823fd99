import Foundation
import Hummingbird
import JikimCore
import JikimPublishing
import JikimVault

/// The provision ledger by month (who received what, on which basis, under each person's pseudonym), for the staff
/// who review the log or handle requests; and the yearly notice of use and provision (Art. 20-2), sent by the staff who handle requests.
extension ConsoleController {
    func addProvisionRoutes(to group: RouterGroup<JikimRequestContext>) {
        group.get("provision") { request, context -> Response in
            guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
            // For the staff who review the log or handle requests (the yearly notice is theirs).
            if !staff.duties.contains(.handlesRequests), let refused = try await require(.reviewsAccessLog, staff, request, context) { return refused }
            let month = request.uri.queryParameters.get("month") ?? String(CivilDate(seoul: clock()).description.prefix(7))
            let year = request.uri.queryParameters.get("year").flatMap(Int.init).map(String.init) ?? ""
            let sent = request.uri.queryParameters.get("sent").flatMap(Int.init).map {
                words(request, "\(year)년 통지 \($0)건을 발송 대기열에 넣었습니다.", "\($0) notice(s) of \(year) are on their way.")
            }
            return try await provisionPage(request, staff, month: month, message: sent)
        }
        group.post("provision/usage-notices") { request, context -> Response in
            let year = CivilDate(seoul: clock()).year - 1
            return try await post(request, context, duty: .handlesRequests, failed: { staff, error, status in
                try await provisionPage(request, staff, month: String(CivilDate(seoul: clock()).description.prefix(7)), error: error, status: status)
            }) { staff, form in
                guard let chosen = form["year"].flatMap(Int.init), (2000...year + 1).contains(chosen) else {
                    throw ConsoleError(message: words(request, "연도를 고르십시오.", "Choose the year."))
                }
                let sent = try await vault.sendUsageNotices(year: chosen, by: staff.actor)
                return "/console/provision?sent=\(sent)&year=\(chosen)"
            }
        }
    }

    private func provisionPage(
        _ request: Request, _ staff: Staff, month: String, message: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard month.count == 7, let start = CivilDate(month: month) else {
            return try await provisionPage(request, staff, month: String(CivilDate(seoul: clock()).description.prefix(7)),
                                           error: words(request, "월은 YYYY-MM 형식으로 입력하십시오.", "Give the month as YYYY-MM."), status: .badRequest)
        }
        let end = start.adding(days: CivilDate.daysIn(month: start.month, year: start.year))
        let lines = try await vault.provisionLedger(from: start.seoulMidnight, to: end.seoulMidnight)
        return try page(request, staff, message: message, error: error, status: status) { chrome in
            try renderer.consoleProvision(chrome, month: month, lines: lines, policy: vault.policy, lastYear: CivilDate(seoul: clock()).year - 1,
                                          sends: staff.duties.contains(.handlesRequests))
        }
    }
}
