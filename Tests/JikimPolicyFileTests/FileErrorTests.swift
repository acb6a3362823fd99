import Foundation
import JikimCore
import JikimPolicyFile
import Testing

@Test("malformed YAML is unreadable, with its line and column")
func malformedYAML() {
    #expect(throws: PolicyFileError.self) { try PolicyFile.parse("jikim: 1\nitems: [a, b\n", file: "bad.yaml") }
    do {
        _ = try PolicyFile.parse("jikim: 1\nitems: [a, b\n", file: "bad.yaml")
    } catch {
        guard case .unreadable(let file, let line, _, let reason) = error else {
            Issue.record("expected unreadable, got \(error)")
            return
        }
        #expect(file == "bad.yaml")
        #expect(line == 3)
        #expect(reason.hasPrefix("not valid YAML"))
    }
}

@Test("a missing file is unreadable")
func missingFile() {
    do {
        _ = try PolicyFile.load(path: "/nonexistent/policy.yaml")
        Issue.record("expected an error")
    } catch {
        #expect(error.description == "/nonexistent/policy.yaml: error: no such file")
    }
}

@Test("a wrong type, an unknown key and a bad date are each placed and explained, and nothing else is reported")
func wrongTypes() {
    let text = """
    jikim: 1
    organisation: {name: Acme}
    items:
      - id: email
        name: E-mail
        required: maybe
        protecton: encrypted
    version: {id: "1", effective: 2024-02-30}
    """
    do {
        _ = try PolicyFile.parse(text, file: "p.yaml")
        Issue.record("expected errors")
    } catch {
        guard case .invalid(let found) = error else { Issue.record("\(error)"); return }
        #expect(found.map(\.description) == [
            "p.yaml:6:15: error: items[0].required: expected true, false or unstated, found 'maybe' [wrong-type]",
            "p.yaml:7:5: error: items[0].protecton: unknown key 'protecton' (did you mean 'protection'?); expected one of: alternative_to, category, collected_by, condition, id, identity, name, protection, required, services, subjects, type, verifiable [unknown-key]",
            "p.yaml:8:31: error: version.effective: expected a date YYYY-MM-DD, found '2024-02-30' [wrong-type]",
        ])
    }
}

@Test("policy check exits 0 when valid, 1 when invalid, 2 when unreadable")
func checkExitCodes() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let valid = directory.appendingPathComponent("valid.yaml").path
    let invalid = directory.appendingPathComponent("invalid.yaml").path
    let broken = directory.appendingPathComponent("broken.yaml").path
    try validPolicy.write(toFile: valid, atomically: true, encoding: .utf8)
    try validPolicy.replacingOccurrences(of: "    basis: {consent: delivery}", with: "    basis: contract")
        .write(toFile: invalid, atomically: true, encoding: .utf8)
    try "jikim: [1\n".write(toFile: broken, atomically: true, encoding: .utf8)

    let ok = CheckReport(path: valid)
    #expect(ok.exitCode == 0)
    #expect(ok.lines == [
        "\(valid): valid: 9 items, 5 purposes, 3 retention rules, 0 warning(s)",
        "calendar: every public holiday known for \(HolidayCalendar.coveredYears.lowerBound)–\(HolidayCalendar.coveredYears.upperBound); "
            + "deadlines counted through a later year are provisional",
    ])
    let bad = CheckReport(path: invalid)
    #expect(bad.exitCode == 1)
    #expect(bad.lines.last == "\(invalid): invalid: 1 error(s), 1 warning(s)")
    #expect(CheckReport(path: broken).exitCode == 2)
    #expect(CheckReport(path: directory.appendingPathComponent("missing.yaml").path).exitCode == 2)
}

@Test("a retention rule with an empty period is reported, not dropped")
func emptyRetentionPeriod() {
    let text = validPolicy.replacingOccurrences(of: "    keep: 3 months\n", with: "    keep:\n")
    #expect(checkLines(text) == [
        "policy.yaml:114:5: error: retention[2]: say how long the items are kept: 'keep' (with 'from' where the policy says what it counts from), or 'until' [missing-key]",
    ])
}

@Test("a temporary holiday declared in the policy file is read, counted by the calendar, and named by policy check")
func declaredHolidays() throws {
    let text = validPolicy + "holidays:\n  - date: 2026-12-07\n    name: {ko: 임시공휴일, en: Temporary holiday}\n"
    let policy = try PolicyFile.parse(text, file: "p.yaml").policy
    let day = try #require(CivilDate(iso: "2026-12-07"))
    #expect(policy.holidays == [DeclaredHoliday(date: day, name: LocalizedText(ko: "임시공휴일", en: "Temporary holiday"))])
    #expect(policy.holidayCalendar.isHoliday(day) && !HolidayCalendar().isHoliday(day))
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-holidays-\(UUID().uuidString).yaml").path
    defer { try? FileManager.default.removeItem(atPath: file) }
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    #expect(CheckReport(path: file).lines.last?.hasSuffix("1 day(s) off declared in holidays:") == true)
    #expect(throws: (any Error).self) { try PolicyFile.parse(validPolicy + "holidays:\n  - {date: 2026-13-40, name: x}\n", file: "p.yaml") }
}
