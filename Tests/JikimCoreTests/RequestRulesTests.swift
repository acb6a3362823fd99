import Foundation
import JikimCore
import Testing

private func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }
private func at(_ text: String, _ hour: Int = 10) -> Date { day(text).seoulMidnight.addingTimeInterval(TimeInterval(hour * 3600)) }

/// Ten days as the Civil Act counts them: the day of receipt not counted (Art. 157), unless at midnight; a last day on
/// a Saturday or public holiday moves to the next working day (Art. 161).
@Test("a request's deadline is ten days after the day of receipt, moved past Saturdays, Sundays and public holidays",
      arguments: [
          // Received Tuesday 2026-12-01: counted from the 2nd, the tenth day is Friday the 11th.
          ("2026-12-01", 10, "2026-12-11"),
          // Received at midnight: the day itself counts.
          ("2026-12-01", 0, "2026-12-10"),
          // Received Thursday 2026-12-03: the tenth day is Sunday the 13th, so Monday the 14th.
          ("2026-12-03", 15, "2026-12-14"),
          // Received 2026-09-15: the tenth day is Chuseok (Fri 25th); Sat 26th, Sun 27th: Monday the 28th.
          ("2026-09-15", 9, "2026-09-28"),
          // Received 2025-09-23: the tenth day is National Foundation Day (Fri 3 Oct), then the weekend, Chuseok
          // (5–7 Oct), its substitute (8 Oct) and Hangul Day (9 Oct): Friday the 10th.
          ("2025-09-23", 9, "2025-10-10"),
          // Received 2026-12-22: the tenth day is 2027-01-01, New Year's Day (Friday): Monday the 4th.
          ("2026-12-22", 9, "2027-01-04"),
      ])
func deadline(received: String, hour: Int, due: String) {
    #expect(RequestRules.deadline(receivedAt: at(received, hour)) == day(due))
}

@Test("public holidays include the lunar holidays and their substitutes", arguments: [
    "2025-01-27", "2025-01-29", "2025-05-06", "2025-06-03", "2025-10-06", "2025-10-08", "2026-02-17", "2026-03-02",
    "2026-05-25", "2026-06-03", "2026-08-17", "2026-09-25", "2026-10-05", "2027-02-09", "2028-10-05", "2029-09-24", "2030-02-05",
])
func holidays(_ date: String) {
    #expect(HolidayCalendar().isHoliday(day(date)))
}

@Test("ordinary weekdays are working days, and one substitute is given where two holidays fall on one day")
func workingDays() {
    let calendar = HolidayCalendar()
    for date in ["2026-12-01", "2026-09-23", "2025-05-07", "2028-10-06", "2026-06-05"] {
        #expect(calendar.isWorkingDay(day(date)), "\(date)")
    }
    #expect(!calendar.isWorkingDay(day("2026-12-05")))  // a Saturday
    #expect(HolidayCalendar(declared: [day("2026-12-02")]).isHoliday(day("2026-12-02")))
}

@Test("a request is overdue only while open and after its deadline")
func overdue() {
    #expect(RequestRules.isOverdue(state: .inProgress, deadline: day("2026-12-11"), today: day("2026-12-12")))
    #expect(!RequestRules.isOverdue(state: .inProgress, deadline: day("2026-12-11"), today: day("2026-12-11")))
    #expect(!RequestRules.isOverdue(state: .completed, deadline: day("2026-12-11"), today: day("2027-01-12")))
    #expect(RequestRules.isOverdue(state: .verifying, deadline: day("2026-12-11"), today: day("2026-12-12")))
}

@Test("a request moves received → verifying → in progress → completed; it can be refused or withdrawn only while open")
func transitions() {
    #expect(RequestRules.next(.received, .codeSent, kind: .access) == .success(.verifying))
    #expect(RequestRules.next(.verifying, .verified, kind: .access) == .success(.inProgress))
    #expect(RequestRules.next(.inProgress, .complete, kind: .access) == .success(.completed))
    #expect(RequestRules.next(.inProgress, .withdraw, kind: .access) == .success(.withdrawn))
    #expect(RequestRules.next(.verifying, .refuse(.identityNotConfirmed), kind: .deletion) == .success(.refused))
    guard case .failure = RequestRules.next(.verifying, .complete, kind: .access) else { Issue.record("carried out unconfirmed"); return }
    guard case .failure = RequestRules.next(.completed, .withdraw, kind: .access) else { Issue.record("withdrew a completed request"); return }
    guard case .failure = RequestRules.next(.refused, .complete, kind: .access) else { Issue.record("completed a refused request"); return }
}

@Test("a refusal ground applies only to the requests its article covers")
func groundsByKind() {
    #expect(RefusalGround.accessHarmsOthers.applies(to: .access))
    #expect(!RefusalGround.accessHarmsOthers.applies(to: .deletion))
    #expect(RefusalGround.deletionRequiredByLaw.applies(to: .deletion))
    #expect(!RefusalGround.deletionRequiredByLaw.applies(to: .suspension))
    #expect(RefusalGround.contractCannotBePerformed.applies(to: .suspension))
    #expect(RefusalGround.contractCannotBePerformed.applies(to: .withdrawal))
    #expect(RefusalGround.allCases.allSatisfy { $0.applies(to: .access) == ($0.article.contains("35(4)") || $0 == .identityNotConfirmed) })
    guard case .failure(let error) = RequestRules.next(.inProgress, .refuse(.deletionRequiredByLaw), kind: .access) else {
        Issue.record("refused an access request on a deletion ground"); return
    }
    #expect(error.description.contains("PIPA Art. 36(1)"))
}

@Test("a correction pending holds the item back from every use but the correction")
func correctionPending() {
    let policy = Policy(
        organisation: Organisation(name: LocalizedText(ko: "테스트", en: "Test")),
        items: [Item(id: "email", name: LocalizedText(en: "E-mail"))],
        purposes: [Purpose(id: "service", name: LocalizedText(en: "Service"), items: ["email"], basis: .contract)],
        roles: [Role(id: "staff", name: LocalizedText(en: "Staff"), purposes: ["service"])],
        version: PolicyVersion(id: "1"))
    let context = AccessContext(consents: ConsentState(), grantedPurposes: ["service"], itemsUnderCorrection: ["email"])
    let read = AccessRequest(actor: "kim", operation: .read, purpose: "service", items: ["email"])
    #expect(refusal(AccessRules.decide(read, under: policy, context: context)) == .correctionPending(item: "email"))
    let correct = AccessRequest(actor: "kim", operation: .correct, purpose: "service", items: ["email"])
    #expect(refusal(AccessRules.decide(correct, under: policy, context: context)) == nil)
}

@Test("an agent's document is a PDF, JPEG or PNG by its first bytes, whatever it is called, and at most 5 MiB")
func agentDocuments() throws {
    #expect(try AgentDocument.check(Data("%PDF-1.4 ...".utf8)).get().format == .pdf)
    #expect(try AgentDocument.check(Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10])).get().format == .jpeg)
    #expect(try AgentDocument.check(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0])).get().format == .png)
    #expect(AgentDocument.check(Data()) == .failure(.empty))
    #expect(AgentDocument.check(Data("<html>%PDF-</html>".utf8)) == .failure(.unknownFormat))
    #expect(AgentDocument.check(Data([0x89, 0x50, 0x4E, 0x47])) == .failure(.unknownFormat)) // cut short
    var large = Data("%PDF-".utf8)
    large.append(Data(count: AgentDocument.maximumSize))
    #expect(AgentDocument.check(large) == .failure(.tooLarge(AgentDocument.maximumSize + 5)))
    #expect(AgentDocumentError.tooLarge(AgentDocument.maximumSize + 5).description.contains("at most 5 MiB"))
}
