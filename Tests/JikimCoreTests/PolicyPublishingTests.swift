import JikimCore
import Testing

private func day(_ text: String) -> CivilDate {
    CivilDate(iso: text) ?? CivilDate(dayNumber: 0)
}

private func version(_ id: String, effective: String?, announced: String? = nil) -> PolicyVersion {
    PolicyVersion(id: id, announced: announced.map(day), effective: effective.map(day))
}

private let published = [version("2025-01-01", effective: "2025-01-01"), version("2026-09-01", effective: "2026-09-01"),
                         version("2027-01-01", effective: "2027-01-01")]

@Test("the version in force is the one that took effect last; the next is the first still to come", arguments: [
    ("2024-12-31", nil, "2025-01-01"), ("2025-01-01", "2025-01-01", "2026-09-01"), ("2026-08-31", "2025-01-01", "2026-09-01"),
    ("2026-09-01", "2026-09-01", "2027-01-01"), ("2026-12-31", "2026-09-01", "2027-01-01"), ("2027-01-01", "2027-01-01", nil),
] as [(String, String?, String?)])
func versionInForce(on today: String, inForce: String?, next: String?) {
    let shuffled = [published[1], published[2], published[0]]
    #expect(PolicyPublishing.inForce(shuffled, on: day(today))?.id == inForce)
    #expect(PolicyPublishing.next(shuffled, after: day(today))?.id == next)
}

@Test("a version without an effective date is in force from the start, until a dated one takes effect")
func undatedVersion() {
    let versions = [version("old", effective: nil), version("new", effective: "2026-01-01")]
    #expect(PolicyPublishing.inForce(versions, on: day("2025-06-01"))?.id == "old")
    #expect(PolicyPublishing.inForce(versions, on: day("2026-01-01"))?.id == "new")
}

private func candidate(_ id: String, effective: String, announced: String?, organisation: String = "Demo Shop") -> Policy {
    Policy(organisation: Organisation(name: LocalizedText(organisation)), version: version(id, effective: effective, announced: announced))
}

@Test("a new version is published with an id of its own, after every published version, not before today, announced by today, of the same organisation",
      arguments: [
          (candidate("2027-02-01", effective: "2027-02-01", announced: "2026-12-07"), []),
          (candidate("2027-01-01", effective: "2027-02-01", announced: "2026-12-07"), ["version-published"]),
          (candidate("2027-02-01", effective: "2026-12-31", announced: "2026-12-07"), ["effective-not-after-published"]),
          (candidate("2027-02-01", effective: "2026-12-01", announced: "2026-11-20"), ["effective-before-publication", "effective-not-after-published"]),
          (candidate("2027-02-01", effective: "2027-02-01", announced: "2026-12-08"), ["announced-after-publication"]),
          (candidate("2027-02-01", effective: "2027-02-01", announced: nil, organisation: "Other Shop"), ["other-organisation"]),
      ] as [(Policy, [String])])
func publishingRules(_ policy: Policy, refusals: [String]) {
    let problems = PolicyPublishing.problems(publishing: policy, after: published, of: LocalizedText("Demo Shop"), today: day("2026-12-07"))
    #expect(problems.errors.map(\.rule) == refusals)
}

@Test("the notice period is counted from the day of publication, whatever announcement date the file gives")
func noticeFromPublication() {
    let first = [version("2025-01-01", effective: "2025-01-01")]
    let short = PolicyPublishing.problems(publishing: candidate("2026-12-10", effective: "2026-12-10", announced: "2026-11-01"), after: first,
                                          of: nil, today: day("2026-12-07"))
    #expect(short.errors.isEmpty && short.warnings.map(\.rule) == ["short-notice-from-publication"])
    let enough = PolicyPublishing.problems(publishing: candidate("2026-12-14", effective: "2026-12-14", announced: "2026-12-07"), after: first,
                                           of: nil, today: day("2026-12-07"))
    #expect(enough.isEmpty)
}
