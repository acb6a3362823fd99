/// Korea's public holidays (관공서의 공휴일에 관한 규정): Sundays, the fixed national holidays, the lunar holidays
/// and election days of the years tabulated, and substitute holidays by the rules of its Art. 3. A period whose last
/// day is a Saturday or a public holiday ends on the next day that is neither (Civil Act Art. 161).
public struct HolidayCalendar: Sendable, Hashable {
    /// Further days off the organisation declares (a temporary holiday announced by the government).
    public var declared: Set<CivilDate>

    public init(declared: Set<CivilDate> = []) {
        self.declared = declared
    }

    /// The years whose lunar holidays and election days are tabulated. Outside them only Sundays, the fixed
    /// holidays and their substitutes are known, and a deadline may fall on a day that is in fact a holiday: one
    /// earlier than the law's, never later.
    public static let tabulatedYears = 2024...2030

    /// The day is a Sunday or a public holiday.
    public func isHoliday(_ date: CivilDate) -> Bool {
        date.weekday == .sun || declared.contains(date) || Self.holidays(of: date.year).contains(date)
    }

    /// The day is neither a Saturday nor a public holiday.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        date.weekday != .sat && !isHoliday(date)
    }

    /// `date`, or the next working day after it.
    public func workingDay(onOrAfter date: CivilDate) -> CivilDate {
        var day = date
        while !isWorkingDay(day) { day = day.adding(days: 1) }
        return day
    }

    /// The public holidays of `year` other than Sundays, substitutes included.
    public static func holidays(of year: Int) -> Set<CivilDate> {
        func day(_ month: Int, _ day: Int) -> CivilDate? { CivilDate(year: year, month: month, day: day) }
        var days: Set<CivilDate> = Set([day(1, 1), day(3, 1), day(5, 5), day(6, 6), day(8, 15), day(10, 3), day(10, 9), day(12, 25)].compactMap { $0 })
        let lunar = lunarHolidays[year]
        let seollal = lunar.map { $0.seollal.adding(days: -1)...$0.seollal.adding(days: 1) }
        let chuseok = lunar.map { $0.chuseok.adding(days: -1)...$0.chuseok.adding(days: 1) }
        for range in [seollal, chuseok].compactMap({ $0 }) { for n in range.lowerBound.dayNumber...range.upperBound.dayNumber { days.insert(CivilDate(dayNumber: n)) } }
        if let buddha = lunar?.buddhasBirthday { days.insert(buddha) }
        days.formUnion(electionDays.filter { $0.year == year })
        days.formUnion(temporaryHolidays.filter { $0.year == year })

        // Substitutes (Art. 3): the first day after that is not a Sunday, a Saturday or a holiday.
        func substitute(after last: CivilDate) {
            var next = last.adding(days: 1)
            while next.weekday == .sun || next.weekday == .sat || days.contains(next) { next = next.adding(days: 1) }
            days.insert(next)
        }
        // Seollal and Chuseok: when one of the three days is a Sunday or another holiday.
        let base = days
        for range in [seollal, chuseok].compactMap({ $0 }) {
            let span = (range.lowerBound.dayNumber...range.upperBound.dayNumber).map(CivilDate.init(dayNumber:))
            let others = base.subtracting(span).union(Self.fixedAndSingle(year: year, lunar: lunar))
            if span.contains(where: { $0.weekday == .sun || others.contains($0) }) { substitute(after: range.upperBound) }
        }
        // Children's Day, and since 2021 Independence Movement, Liberation, National Foundation and Hangul Days,
        // since 2023 Buddha's Birthday and Christmas: when on a Saturday or a Sunday, or when two of them fall on one
        // day (one substitute for the day). One that falls within Seollal or Chuseok is made up by theirs.
        var weekendSubstituted = [day(5, 5)]
        if year >= 2022 { weekendSubstituted += [day(3, 1), day(8, 15), day(10, 3), day(10, 9)] }
        if year >= 2023 { weekendSubstituted += [day(12, 25), lunar?.buddhasBirthday] }
        let singles = weekendSubstituted.compactMap { $0 }
        for holiday in Set(singles).sorted() {
            let withinLunar = [seollal, chuseok].compactMap { $0 }.contains { $0.contains(holiday) }
            let twice = singles.filter { $0 == holiday }.count > 1
            if !withinLunar, holiday.weekday == .sat || holiday.weekday == .sun || twice { substitute(after: holiday) }
        }
        return days
    }

    /// The fixed holidays and Buddha's Birthday, which Seollal and Chuseok can fall on.
    private static func fixedAndSingle(year: Int, lunar: Lunar?) -> Set<CivilDate> {
        Set([(1, 1), (3, 1), (5, 5), (6, 6), (8, 15), (10, 3), (10, 9), (12, 25)].compactMap { CivilDate(year: year, month: $0.0, day: $0.1) }
            + [lunar?.buddhasBirthday].compactMap { $0 })
    }

    private struct Lunar {
        var seollal: CivilDate
        var buddhasBirthday: CivilDate
        var chuseok: CivilDate
    }

    private static func date(_ text: String) -> CivilDate { CivilDate(iso: text) ?? CivilDate(dayNumber: 0) }

    /// Seollal (the first day of the lunar year), Buddha's Birthday (the 8th of the 4th month) and Chuseok (the 15th
    /// of the 8th month) on the solar calendar, as the Korea Astronomy and Space Science Institute publishes them.
    private static let lunarHolidays: [Int: Lunar] = [
        2024: Lunar(seollal: date("2024-02-10"), buddhasBirthday: date("2024-05-15"), chuseok: date("2024-09-17")),
        2025: Lunar(seollal: date("2025-01-29"), buddhasBirthday: date("2025-05-05"), chuseok: date("2025-10-06")),
        2026: Lunar(seollal: date("2026-02-17"), buddhasBirthday: date("2026-05-24"), chuseok: date("2026-09-25")),
        2027: Lunar(seollal: date("2027-02-07"), buddhasBirthday: date("2027-05-13"), chuseok: date("2027-09-15")),
        2028: Lunar(seollal: date("2028-01-27"), buddhasBirthday: date("2028-05-02"), chuseok: date("2028-10-03")),
        2029: Lunar(seollal: date("2029-02-13"), buddhasBirthday: date("2029-05-20"), chuseok: date("2029-09-22")),
        2030: Lunar(seollal: date("2030-02-03"), buddhasBirthday: date("2030-05-09"), chuseok: date("2030-09-12")),
    ]

    /// Election days of public elections (Public Official Election Act Art. 34), holidays by Art. 2 of the rules.
    private static let electionDays: Set<CivilDate> = [date("2024-04-10"), date("2025-06-03"), date("2026-06-03"), date("2028-04-12")]

    /// Temporary holidays the government designated.
    private static let temporaryHolidays: Set<CivilDate> = [date("2024-10-01"), date("2025-01-27")]
}
