import Foundation
import JikimCore
import Testing

@Test("periods end as the Civil Act counts them: the event's day not counted, month ends and leap days clamped", arguments: [
    ("2025-03-15", "1 year", "2026-03-15"),
    ("2025-01-31", "1 month", "2025-02-28"),
    ("2024-01-31", "1 month", "2024-02-29"),
    ("2024-02-29", "1 year", "2025-02-28"),
    ("2024-02-29", "4 years", "2028-02-29"),
    ("2025-12-31", "1 day", "2026-01-01"),
    ("2025-12-15", "3 months", "2026-03-15"),
    ("2025-12-31", "2 weeks", "2026-01-14"),
    // The first day counted is 03-01, so the month ends the day before 04-01, not on 03-28.
    ("2025-02-28", "1 month", "2025-03-31"),
    ("2025-01-30", "1 month", "2025-02-28"),
    ("2025-03-31", "1 month", "2025-04-30"),
    ("2025-12-31", "1 year", "2026-12-31"),
    ("2026-12-31", "3 months", "2027-03-31"),
    ("2023-02-28", "1 year", "2024-02-29"),
])
func periodEnds(_ start: String, _ period: String, _ end: String) throws {
    let day = try #require(CivilDate(iso: start))
    #expect(day.lastDay(of: try #require(Period(parsing: period))).description == end)
}

@Test("a period that starts at midnight counts its first day (Art. 157)", arguments: [
    ("2025-03-15", "1 year", "2026-03-14"),
    ("2025-03-01", "1 month", "2025-03-31"),
    ("2024-03-01", "1 year", "2025-02-28"),
    ("2025-01-01", "10 days", "2025-01-10"),
])
func periodsFromMidnight(_ start: String, _ period: String, _ end: String) throws {
    let day = try #require(CivilDate(iso: start))
    #expect(day.lastDay(of: try #require(Period(parsing: period)), startsAtMidnight: true).description == end)
}

@Test("the first day still within a period is the earliest whose period has not ended")
func firstDayStillWithin() throws {
    let today = try #require(CivilDate(iso: "2026-03-01"))
    let first = today.firstDayStillWithin(Period(1, .months))
    // Events from 2026-01-28 to 01-31 have a month that ends on 2026-02-28 (February has no 29th to 31st).
    #expect(first.description == "2026-02-01")
    #expect(first.lastDay(of: Period(1, .months)) >= today)
    #expect(first.adding(days: -1).lastDay(of: Period(1, .months)) < today)
}

@Test("dates and times in Korea: UTC+9, midnight included")
func seoulDates() throws {
    // 2026-11-30T15:00:00Z is midnight of 2026-12-01 in Korea.
    let midnight = Date(timeIntervalSince1970: 1_796_050_800)
    #expect(CivilDate(seoul: midnight).description == "2026-12-01")
    #expect(CivilDate(seoul: midnight.addingTimeInterval(-0.001)).description == "2026-11-30")
    #expect(try #require(CivilDate(iso: "2026-12-01")).seoulMidnight == midnight)
    #expect(try #require(CivilDate(iso: "2026-12-01")).weekday == .tue)
    for number in [-800_000, -1, 0, 1, 11_016, 20_788, 2_932_896] {
        #expect(CivilDate(dayNumber: number).dayNumber == number)
    }
}
