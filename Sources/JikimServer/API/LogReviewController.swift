import Foundation
import HTTPTypes
import Hummingbird
import JikimAccessLog
import JikimCore
import JikimPublishing
import JikimVault

/// The access log's monthly review for the staff who review it (a role with `reviews_access_log`): read a month's
/// review as Markdown, HTML or CSV, and sign off the review as read. The review's digest (SHA-256 of its CSV) comes
/// with every reading; a sign-off names it, and is refused when the review no longer has it, so that what is signed
/// off is what the reviewer read.
struct LogReviewController {
    let vault: Vault
    let log: AccessLog
    let policy: Policy
    let renderer: PolicyRenderer
    let language: @Sendable (Request) -> Language
    let clock: @Sendable () -> Date
    /// What the console's dashboard keeps of a month's review, forgotten on a sign-off.
    var reviews: ReviewSummaries?

    /// The response header that carries the review's digest.
    static let digestHeader = HTTPField.Name("Jikim-Review-Digest")!

    enum Format: String, CaseIterable {
        case md, html, csv

        var contentType: String {
            switch self {
            case .md: "text/markdown; charset=utf-8"
            case .html: "text/html; charset=utf-8"
            case .csv: "text/csv; charset=utf-8"
            }
        }
    }

    func addRoutes(to group: RouterGroup<JikimRequestContext>) {
        group.get { request, context -> Response in
            let actor = try reviewer(context)
            try await vault.requireLogReviewer(actor)
            let month = try Self.month(request.uri.queryParameters.get("month"), field: "query month")
            let formatText = request.uri.queryParameters.get("format") ?? Format.md.rawValue
            guard let format = Format(rawValue: formatText) else {
                throw APIError.invalid("query format: one of " + Format.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let review = try await log.review(month: month, thresholds: policy.effectiveAccessLog.review)
            let digest = AccessLog.digest(review.csv)
            let language = language(request)
            let text = format == .csv ? review.csv : try renderer.render(
                review, organisation: policy.organisation.name.text(in: language), digest: digest, language: language,
                format: format == .html ? .html : .md)
            var headers: HTTPFields = [.contentType: format.contentType, .cacheControl: "no-store"]
            headers[Self.digestHeader] = digest
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        group.post("sign-off") { request, context -> Response in
            let actor = try reviewer(context)
            try await vault.requireLogReviewer(actor)
            let body = try await request.decode(as: SignOffBody.self, context: context)
            let month = try Self.month(body.month, field: "field month")
            try AccessLog.requireOver(month, at: clock())
            let review = try await log.review(month: month, thresholds: policy.effectiveAccessLog.review)
            let digest = AccessLog.digest(review.csv)
            guard body.digest.lowercased() == digest else {
                throw APIError(status: .conflict, code: "review-changed",
                               message: "the review of \(month) no longer has this digest: read it again and sign off what it says now")
            }
            let signed = try await log.signOff(month: month, reviewer: actor, digest: digest, note: body.note, at: clock())
            await reviews?.forget(month)
            return try jsonResponse(SignedOff(month: signed.month, reviewer: signed.reviewer, at: Timestamp.string(signed.at),
                                              digest: signed.digest, note: signed.note), status: .created)
        }
    }

    private func reviewer(_ context: JikimRequestContext) throws -> String {
        guard let actor = context.actor else { throw APIError(status: .unauthorized, code: "unauthenticated", message: "no actor") }
        return actor
    }

    /// A month as `YYYY-MM`, checked before the log is read.
    static func month(_ text: String?, field: String) throws -> String {
        guard let text else { throw APIError.invalid("\(field): required, YYYY-MM") }
        guard text.count == 7, CivilDate(month: text) != nil else { throw APIError.invalid("\(field): a month as YYYY-MM") }
        return text
    }

    struct SignOffBody: Decodable {
        var month: String
        /// The `Jikim-Review-Digest` of the review as read.
        var digest: String
        var note: String?
    }

    struct SignedOff: Encodable {
        var month: String
        var reviewer: String
        var at: String
        var digest: String
        var note: String?
    }
}
