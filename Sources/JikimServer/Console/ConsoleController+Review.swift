import Foundation
import Hummingbird
import JikimAccessLog
import JikimCore
import JikimPublishing
import JikimVault

/// The month's access review and its sign-off, bound to the review's digest as over the API: what is signed off is
/// what the reviewer read.
extension ConsoleController {
    func addReviewRoutes(to group: RouterGroup<JikimRequestContext>) {
        addReviewActorRoute(to: group)
        group.get("review") { request, context -> Response in
            guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
            if let refused = try await require(.reviewsAccessLog, staff, request, context) { return refused }
            let month = request.uri.queryParameters.get("month") ?? CivilDate(seoul: clock()).previousMonth
            let done = request.uri.queryParameters.get("done").map { _ in words(request, "점검 내용을 확인했습니다.", "Signed off.") }
            return try await reviewPage(request, staff, month: month, message: done)
        }
        group.post("review/sign-off") { request, context -> Response in
            var month = CivilDate(seoul: clock()).previousMonth
            return try await post(request, context, duty: .reviewsAccessLog, failed: { staff, error, status in
                try await reviewPage(request, staff, month: month, error: error, status: status)
            }) { staff, form in
                guard let text = form["month"], text.count == 7, CivilDate(month: text) != nil else {
                    throw ConsoleError(message: words(request, "월은 YYYY-MM 형식입니다.", "The month is YYYY-MM."))
                }
                month = text
                let review = try await log.review(month: month, thresholds: vault.policy.effectiveAccessLog.review)
                let digest = AccessLog.digest(review.csv)
                guard form["digest"]?.lowercased() == digest else {
                    throw ConsoleError(message: words(request, "점검 문서가 그 사이 바뀌었습니다. 지금의 내용을 다시 읽고 확인하십시오.",
                                                      "The review has changed since it was read: read it again and sign off what it says now."))
                }
                let note = form["note"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
                do {
                    _ = try await log.signOff(month: month, reviewer: staff.actor, digest: digest, note: note, at: clock())
                    await reviews.forget(month)
                } catch let error as ReviewError {
                    throw ConsoleError(message: error.description)
                }
                return "/console/review?month=\(month)&done=1"
            }
        }
    }

    /// Records a page of the drill-down per actor shows.
    static let recordsPerPage = 200

    func addReviewActorRoute(to group: RouterGroup<JikimRequestContext>) {
        // One actor's month: their activity and findings as the review counts them, and every access record of theirs
        // with its index in the log.
        group.get("review/actors/{actor}") { request, context -> Response in
            guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
            if let refused = try await require(.reviewsAccessLog, staff, request, context) { return refused }
            guard let actor = context.parameters.get("actor"), (1...64).contains(actor.count) else { throw HTTPError(.notFound) }
            let month = request.uri.queryParameters.get("month") ?? CivilDate(seoul: clock()).previousMonth
            guard month.count == 7, CivilDate(month: month) != nil else {
                return try await reviewPage(request, staff, month: CivilDate(seoul: clock()).previousMonth,
                                            error: words(request, "월은 YYYY-MM 형식으로 입력하십시오.", "Give the month as YYYY-MM."), status: .badRequest)
            }
            let page = request.uri.queryParameters.get("page").flatMap(Int.init).map { min(max($0, 1), 10_000) } ?? 1
            let review = try await log.review(month: month, thresholds: vault.policy.effectiveAccessLog.review)
            let records = try await log.accessRecords(of: actor, month: month)
            let shown = records.dropFirst((page - 1) * Self.recordsPerPage).prefix(Self.recordsPerPage)
            return try self.page(request, staff) { chrome in
                try renderer.consoleReviewActor(chrome, review: review, actor: actor, records: Array(shown), total: records.count, page: page,
                                                hasMore: records.count > page * Self.recordsPerPage, policy: vault.policy)
            }
        }
    }

    private func reviewPage(
        _ request: Request, _ staff: Staff, month: String, message: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard month.count == 7, CivilDate(month: month) != nil else {
            return try await reviewPage(request, staff, month: CivilDate(seoul: clock()).previousMonth,
                                        error: words(request, "월은 YYYY-MM 형식으로 입력하십시오.", "Give the month as YYYY-MM."), status: .badRequest)
        }
        let review = try await log.review(month: month, thresholds: vault.policy.effectiveAccessLog.review)
        let over = (try? AccessLog.requireOver(month, at: clock())) != nil
        return try page(request, staff, message: message, error: error, status: status) { chrome in
            try renderer.consoleReview(chrome, review: review, digest: AccessLog.digest(review.csv), canSignOff: over)
        }
    }
}
