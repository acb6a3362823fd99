import Foundation
import JikimCore
import JikimTestSupport
import Testing

@Test("a month of generated activity gives exactly the findings its irregularities call for")
func monthlyFindings() {
    let review = AccessReview.build(month: MonthOfActivity.month, entries: MonthOfActivity.entries, thresholds: ReviewThresholds(),
                                    knownSources: MonthOfActivity.knownSources, services: MonthOfActivity.services)
    #expect(review.findings.map { "\($0.day) \($0.actor) \($0.kind.rawValue): \($0.detail)" } == [
        "2026-11-12 lee bulk-reads: 150 reads and exports in one day (threshold 100)",
        "2026-11-12 lee many-subjects: 120 different people in one day (threshold 50)",
        "2026-11-14 park new-source: first access from 203.0.113.9, at 23:30",
        "2026-11-14 park outside-working-hours: 3 accesses outside working hours, the first at 23:30 (sat)",
        "2026-11-20 choi new-source: first access from 10.0.0.9, at 15:00",
        "2026-11-20 choi refusals: 2 accesses refused (role-does-not-grant)",
    ])
    #expect(review.actors.map(\.actor) == ["batch-bot", "choi", "kim", "lee", "park"])
    let kim = review.actors[2]
    #expect(kim.accesses == 21 * 20 + 1) // 21 working days in November 2026, and one export
    #expect(kim.daysActive == 21)
    #expect(kim.exports.map(\.reason) == ["member's own request for a copy, ticket REQ-2026-118"])
    #expect(kim.operations == [.read: 420, .export: 1])
    #expect(review.actors[1].refusals == ["role-does-not-grant": 2])
    #expect(review.actors[0].accesses == 30 * 40)
    #expect(review.rightsChanges.map(\.actor) == ["kim"])
}

@Test("thresholds from the policy change what is flagged")
func thresholdsApply() {
    var thresholds = ReviewThresholds()
    thresholds.bulkReads = 200
    thresholds.distinctSubjects = 150
    thresholds.workingDays.insert(.sat)
    thresholds.workingHours = 0..<24 * 60
    thresholds.newSources = false
    let review = AccessReview.build(month: MonthOfActivity.month, entries: MonthOfActivity.entries, thresholds: thresholds,
                                    knownSources: MonthOfActivity.knownSources, services: MonthOfActivity.services)
    #expect(review.findings.map(\.kind) == [.refusals])
}

@Test("service accounts are not flagged for the hour; staff are, on days off too")
func workingHours() {
    let thresholds = ReviewThresholds()
    #expect(thresholds.isWorkingTime(MonthOfActivity.at(13, 9, 0)))      // Friday 09:00
    #expect(!thresholds.isWorkingTime(MonthOfActivity.at(13, 18, 0)))    // Friday 18:00, the end excluded
    #expect(!thresholds.isWorkingTime(MonthOfActivity.at(14, 12, 0)))    // Saturday noon
    #expect(!thresholds.isWorkingTime(MonthOfActivity.at(16, 8, 59)))    // Monday 08:59
}

@Test("an export's reason must be given, short, and hold nothing that looks like personal information", arguments: [
    ("member's own request, ticket REQ-2026-118", true), ("audit of 2026-11-30", true), (nil, false), ("  ", false),
    ("send to kim@example.kr", false), ("for 010-1234-5678", false), ("RRN 900101-1234567", false),
    (String(repeating: "a", count: 201), false),
])
func exportReasons(_ reason: String?, _ acceptable: Bool) {
    #expect(AccessRules.isAcceptableReason(reason) == acceptable)
}

@Test("the review lists reads of separately stored data per actor and the month's destructions, and counts separated reads as reads")
func reviewOfSeparatedReadsAndDestructions() {
    let at = seoul("2026-12-03", 10)
    let read = AccessRecord(actor: "lee", at: at, source: "10.0.0.8", subject: "ps1", operation: .readSeparated, purpose: "payment_supply",
                            items: ["name"], outcome: .allowed)
    let destruction = DestructionRecord(subject: "ps2", retentionClass: "consented", items: ["cookies"], collectedAt: seoul("2026-01-01"),
                                        destroyedAt: at, reason: "consented: until purpose_achieved", basis: "consent:collection",
                                        executedBy: "jikim-sweep", approvedBy: "officer")
    var thresholds = ReviewThresholds()
    thresholds.bulkReads = 1
    let review = AccessReview.build(month: "2026-12", entries: [.access(read), .access(read), .destruction(destruction)], thresholds: thresholds,
                                    knownSources: ["lee": ["10.0.0.8"]])
    #expect(review.actors.map(\.actor) == ["lee"])
    #expect(review.actors.first?.separatedReads.count == 2)
    #expect(review.destructions == [destruction])
    #expect(review.findings.map(\.kind) == [.bulkReads])
}

@Test("a destruction entry reads back from its logged bytes")
func destructionEntryRoundTrip() {
    let record = DestructionRecord(subject: "ps2", retentionClass: "a+b", items: ["x", "y"], collectedAt: seoul("2026-01-01"),
                                   destroyedAt: seoul("2026-12-03", 10), reason: "b: 3 months from purpose_achieved", basis: "law:ecommerce_act",
                                   executedBy: "jikim-sweep", approvedBy: "automatic")
    #expect(LogEntry(encoded: LogEntry.destruction(record).encoded()) == .destruction(record))
}
