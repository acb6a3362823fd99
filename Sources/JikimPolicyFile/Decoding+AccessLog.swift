import Foundation
import JikimCore
import Yams

extension NodeValue {
    func accessLog() -> AccessLogPolicy? {
        guard var fields = mapping() else { return nil }
        let keep = fields.required("keep") { $0.period() }
        let keepRightsChanges = fields.optional("keep_rights_changes") { $0.period() }
        let review = fields.optional("review") { $0.reviewThresholds() }
        fields.finish()
        guard let keep else { return nil }
        return AccessLogPolicy(keep: keep, keepRightsChanges: keepRightsChanges ?? Period(3, .years), review: review ?? ReviewThresholds())
    }

    func reviewThresholds() -> ReviewThresholds? {
        guard var fields = mapping() else { return nil }
        var thresholds = ReviewThresholds()
        if let bulkReads = fields.optional("bulk_reads", { $0.int(range: 1...1_000_000) }) { thresholds.bulkReads = bulkReads }
        if let distinct = fields.optional("distinct_subjects", { $0.int(range: 1...1_000_000) }) { thresholds.distinctSubjects = distinct }
        if let hours = fields.optional("working_hours", { $0.workingHours() }) { thresholds.workingHours = hours }
        let days = fields.optional("working_days") { $0.list { $0.choice(Weekday.self) } }
        if let days { thresholds.workingDays = Set(days) }
        if let newSources = fields.optional("new_sources", { $0.bool() }) { thresholds.newSources = newSources }
        fields.finish()
        return thresholds
    }

    /// `HH:MM-HH:MM`, the end after the start, as minutes since midnight.
    func workingHours() -> Range<Int>? {
        guard let text = string() else { return nil }
        let bounds = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        func minutes(_ time: String) -> Int? {
            let parts = time.split(separator: ":")
            guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
                  (0...24).contains(hours), (0..<60).contains(minutes), hours * 60 + minutes <= 24 * 60
            else { return nil }
            return hours * 60 + minutes
        }
        guard bounds.count == 2, let start = minutes(bounds[0]), let end = minutes(bounds[1]), start < end else {
            return fail("expected working hours such as '09:00-18:00', found '\(text)'")
        }
        return start..<end
    }
}
