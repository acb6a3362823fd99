import Foundation
import JikimAccessLog
import JikimCore
import JikimPublishing

/// Last month's review as the dashboard shows it — signed off or not, and its number of findings — kept for a while,
/// since computing a review reads every entry of its month. A month that is over changes no more; its sign-offs are
/// seen at once when made on this server (`forget`), and within `lifetime` when made elsewhere (the command line, the
/// API of another server).
actor ReviewSummaries {
    struct Summary {
        var signed: Bool
        var findings: Int
        var computed: Date
    }

    let lifetime: TimeInterval = 600
    private var summaries: [String: Summary] = [:]

    func summary(of month: String, log: AccessLog, thresholds: ReviewThresholds, now: Date) async throws -> Summary {
        if let kept = summaries[month], now.timeIntervalSince(kept.computed) < lifetime, now >= kept.computed { return kept }
        let review = try await log.review(month: month, thresholds: thresholds)
        let summary = Summary(signed: review.signOffs.contains { $0.digest == AccessLog.digest(review.csv) }, findings: review.findings.count,
                              computed: now)
        summaries[month] = summary
        return summary
    }

    /// Drops what is kept of `month` (after a sign-off).
    func forget(_ month: String) {
        summaries[month] = nil
    }
}

/// The dashboard's state of Jikim itself, kept for a minute: counting data keys by key version reads a row per
/// person and retention class, too much for every load of a page staff open all day.
actor StatusSummaries {
    let lifetime: TimeInterval = 60
    private var kept: (status: ConsoleStatus, computed: Date)?

    func status(now: Date, compute: () async throws -> ConsoleStatus) async throws -> ConsoleStatus {
        if let kept, now >= kept.computed, now.timeIntervalSince(kept.computed) < lifetime { return kept.status }
        let status = try await compute()
        kept = (status, now)
        return status
    }
}
