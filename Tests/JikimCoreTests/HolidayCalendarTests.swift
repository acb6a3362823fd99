import Foundation
import JikimCore
import Testing

private func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }
private func at(_ text: String, _ hour: Int = 10) -> Date { day(text).seoulMidnight.addingTimeInterval(TimeInterval(hour * 3600)) }

/// The compiled table is the JSON the research stands behind (scripts/generate-holiday-table writes one from the other).
@Test("the compiled holiday table is korean-public-holidays.json, date for date and kind for kind")
func tableMatchesTheData() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/JikimCore/Time/korean-public-holidays.json")
    let data = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    let years = try #require(data["years"] as? [[String: Any]])
    #expect(years.count >= 27)
    for year in years {
        let number = try #require(year["year"] as? Int)
        let listed = Set(try #require(year["holidays"] as? [[String: Any]]).compactMap { ($0["date"] as? String).flatMap(CivilDate.init(iso:)) })
        #expect(HolidayCalendar.holidays(of: number) == listed, "\(number): run scripts/generate-holiday-table")
    }
}

/// Every public holiday of 2026 and 2027 as the published calendars (월력요항) list them, substitutes marked.
@Test("every holiday of 2026 and 2027, with Labour Day and Constitution Day from 2026 and their substitutes", arguments: [
    (2026, "01-01 02-16 02-17 02-18 03-01 03-02 05-01 05-05 05-24 05-25 06-03 06-06 07-17 08-15 08-17 09-24 09-25 09-26 10-03 10-05 10-09 12-25"),
    (2027, "01-01 02-06 02-07 02-08 02-09 03-01 05-01 05-03 05-05 05-13 06-06 07-17 07-19 08-15 08-16 09-14 09-15 09-16 10-03 10-04 10-09 10-11 12-25 12-27"),
])
func everyHolidayOf(year: Int, days: String) {
    let expected = Set(days.split(separator: " ").map { day("\(year)-\($0)") })
    #expect(HolidayCalendar.holidays(of: year) == expected)
}

@Test("17 July 2026 is Constitution Day again: a request received Tue 2026-07-07 is due Mon 2026-07-20, not Fri the 17th")
func constitutionDay() {
    // Act on Public Holidays as amended in 2026 (in force 2026-05-11); Civil Act Art. 161 moves the last day.
    #expect(HolidayCalendar().isHoliday(day("2026-07-17")))
    #expect(HolidayCalendar.name(of: day("2026-07-17"))?.text(in: .ko) == "제헌절")
    #expect(RequestRules.deadline(receivedAt: at("2026-07-07")) == day("2026-07-20"))
    // Sat 2027-07-17: the substitute is Monday the 19th (Regulation Art. 3(2)).
    #expect(HolidayCalendar().isHoliday(day("2027-07-19")))
}

@Test("an election day is a holiday: the local elections of Wed 2026-06-03 (Regulation Art. 2 sub-para. 10)")
func electionDay() {
    #expect(HolidayCalendar().isHoliday(day("2026-06-03")))
    // Received Sun 2026-05-24: counted from the 25th, the tenth day is the election day, so Thursday the 4th.
    #expect(RequestRules.deadline(receivedAt: at("2026-05-24")) == day("2026-06-04"))
    for date in ["2028-04-12", "2030-06-12"] { #expect(HolidayCalendar().isHoliday(day(date)), "\(date)") }
}

@Test("beyond the years the calendar covers, a deadline is provisional; only Sundays, the fixed days and their substitutes are known")
func beyondTheCalendar() {
    let calendar = HolidayCalendar()
    #expect(HolidayCalendar.coveredYears.upperBound >= 2030)
    #expect(calendar.isCertain(from: day("2026-12-28"), through: day("2027-01-08")))
    #expect(!calendar.isCertain(from: day("2030-12-28"), through: day("2031-01-08")) || HolidayCalendar.covers(2031))
    #expect(!calendar.isCertain(from: day("2099-01-02"), through: day("2099-01-15")))
    // 2099: no table; 1 March 2099 is a Sunday, so Monday the 2nd is its substitute.
    #expect(HolidayCalendar.holidays(of: 2099).contains(day("2099-03-02")))
    #expect(!HolidayCalendar.holidays(of: 2099).isEmpty && HolidayCalendar.name(of: day("2099-03-01")) == nil)
}

@Test("a temporary holiday the policy declares moves a deadline, as one the Government designates does (Regulation Art. 2 sub-para. 11)")
func declaredHoliday() {
    var policy = Policy(organisation: Organisation(name: LocalizedText("Org")), version: PolicyVersion(id: "1"))
    // Received Wed 2026-11-25: the tenth day is Sat 5 December, so Monday the 7th; with the 7th declared off, the 8th.
    #expect(RequestRules.deadline(receivedAt: at("2026-11-25"), calendar: policy.holidayCalendar) == day("2026-12-07"))
    policy.holidays = [DeclaredHoliday(date: day("2026-12-07"), name: LocalizedText(ko: "임시공휴일", en: "Temporary holiday"))]
    #expect(RequestRules.deadline(receivedAt: at("2026-11-25"), calendar: policy.holidayCalendar) == day("2026-12-08"))
}

@Test("a date given without a time means during that day: the day is not counted (Civil Act Art. 157), so nothing ends a day early")
func dateOnlyMeansDuringTheDay() throws {
    let instant = try #require(CivilDate.instant("2026-12-01"))
    #expect(CivilDate(seoul: instant) == day("2026-12-01") && instant != day("2026-12-01").seoulMidnight)
    // Ten days from a request received "on 2026-12-01" end on the 11th; only one received at 00:00 ends on the 10th.
    #expect(RequestRules.deadline(receivedAt: instant) == day("2026-12-11"))
    #expect(RequestRules.deadline(receivedAt: try #require(CivilDate.instant("2026-12-01T00:00:00+09:00"))) == day("2026-12-10"))
    // Three months kept from an event "on 2025-12-15": the period is 12-16 to 03-15, destroyed from 2026-03-16.
    #expect(day("2025-12-15").dayAfter(Period(3, .months), startsAtMidnight: false) == day("2026-03-16"))
}

@Test("a notice due N days before a day goes out the day before those N days begin (Civil Act Arts. 157, 159 counted backwards)")
func backwardsCounting() {
    // Dormant from 2027-02-02 with a 30-day notice: 2027-01-03 to 02-01 must be whole, so the notice goes out by 01-02.
    #expect(RetentionSchedule.dayBefore(30, days: day("2027-02-02")) == day("2027-01-02"))
    #expect(RetentionSchedule.dayBefore(1, days: day("2027-03-01")) == day("2027-02-27"))
}
