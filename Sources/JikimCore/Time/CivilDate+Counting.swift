import Foundation

/// Korean time: UTC+9 all year (no daylight saving since 1988).
private let seoulOffset: TimeInterval = 9 * 3600

extension CivilDate {
    /// The date of the day `dayNumber` days after 1970-01-01 (before, when negative).
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        // Every day number is a valid date, so this never falls back.
        self = CivilDate(year: year, month: month, day: day) ?? CivilDate.epoch
    }

    static let epoch = CivilDate(year: 1970, month: 1, day: 1)!

    /// The date in Korea at `instant`.
    public init(seoul instant: Date) {
        self.init(dayNumber: Int(((instant.timeIntervalSince1970 + seoulOffset) / 86_400).rounded(.down)))
    }

    /// Midnight at the start of this day in Korea.
    public var seoulMidnight: Date {
        Date(timeIntervalSince1970: TimeInterval(dayNumber) * 86_400 - seoulOffset)
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// An instant during this day, after its first moment: what a date given without a time means. A period counted
    /// from it does not count this day (Civil Act Art. 157 main text); only an event at 00:00 counts its own day
    /// (its proviso), and a date alone never says that.
    public var duringTheDay: Date { seoulMidnight.addingTimeInterval(1) }

    /// A date (`YYYY-MM-DD`, during that day in Korea) or an ISO 8601 time, as people and services give them.
    public static func instant(_ text: String) -> Date? {
        if let day = CivilDate(iso: text) { return day.duringTheDay }
        return Timestamp.date(text) ?? ISO8601DateFormatter().date(from: text)
    }

    /// The same day `months` months later (earlier, when negative); the month's last day when it has no such day.
    public func adding(months: Int) -> CivilDate {
        let total = year * 12 + (month - 1) + months
        let (newYear, newMonth) = (Int((Double(total) / 12).rounded(.down)), ((total % 12) + 12) % 12 + 1)
        let newDay = min(day, CivilDate.daysIn(month: newMonth, year: newYear))
        return CivilDate(year: newYear, month: newMonth, day: newDay) ?? self
    }

    /// The last day of a period that starts with an event on this day, as the Civil Act counts it: the day of the
    /// event is not counted (Art. 157) unless the event was at midnight (`startsAtMidnight`), and a period of
    /// weeks, months or years ends on the day before the day that corresponds to its first day, or on the last
    /// day of the month that has no such day (Art. 160). `1 year` from an event on 2025-03-15 ends on 2026-03-15;
    /// `1 month` from 2025-01-31 ends on 2025-02-28, and from 2025-02-28 on 2025-03-31.
    public func lastDay(of period: Period, startsAtMidnight: Bool = false) -> CivilDate {
        let first = startsAtMidnight ? self : adding(days: 1)
        let months: Int
        switch period.unit {
        case .days: return first.adding(days: period.amount - 1)
        case .weeks: return first.adding(days: 7 * period.amount - 1)
        case .months: months = period.amount
        case .years: months = 12 * period.amount
        }
        let total = first.year * 12 + (first.month - 1) + months
        let (year, month) = (Int((Double(total) / 12).rounded(.down)), ((total % 12) + 12) % 12 + 1)
        guard let corresponding = CivilDate(year: year, month: month, day: first.day) else {
            return CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year)) ?? first
        }
        return corresponding.adding(days: -1)
    }

    /// The first day after the period that starts with an event on this day: the day its items are due.
    public func dayAfter(_ period: Period, startsAtMidnight: Bool = false) -> CivilDate {
        lastDay(of: period, startsAtMidnight: startsAtMidnight).adding(days: 1)
    }

    /// The earliest day whose events are still within `period` on `self`: events before it have had their
    /// period end before today.
    public func firstDayStillWithin(_ period: Period) -> CivilDate {
        var candidate = adding(days: -period.approximateDays * 11 / 10 - 10)
        while candidate.lastDay(of: period) < self { candidate = candidate.adding(days: 1) }
        return candidate
    }
}
