/// Korea's public holidays (관공서의 공휴일에 관한 규정, and the Act on Public Holidays): Sundays, and each year's
/// holidays as tabulated in `korean-public-holidays.json` (the fixed national days, the lunar holidays, election
/// days, temporary holidays the Government designated, and substitute holidays by Art. 3 of the Regulation), with
/// the source of each year; plus the days off an organisation declares in its policy file (`holidays:`) for a
/// temporary holiday designated after this release. A period whose last day is a Saturday or a public holiday ends
/// on the next day that is neither (Civil Act Art. 161).
///
/// The table states every holiday of the years it covers whole (`covers`). Outside them only Sundays, the fixed
/// days and their substitutes are known: a deadline counted through such a year is provisional (``isCertain``), and
/// is shown as such.
public struct HolidayCalendar: Sendable, Hashable {
    /// Further days off the organisation declares (a temporary holiday announced by the government).
    public var declared: Set<CivilDate>

    public init(declared: Set<CivilDate> = []) {
        self.declared = declared
    }

    /// What kind of holiday a day is, and under which rule.
    public enum Kind: String, Sendable, Hashable {
        /// A day the law fixes (Regulation Art. 2; the Act on Public Holidays).
        case fixed
        /// Seollal, Buddha's Birthday, Chuseok, on the solar calendar.
        case lunar
        /// A substitute holiday (Regulation Art. 3).
        case substitute
        /// The day of an election at the end of a term (Regulation Art. 2 sub-para. 10; Public Official Election Act Art. 34).
        case election
        /// A day the Government designated (Regulation Art. 2 sub-para. 11).
        case temporary
    }

    /// One holiday of the table.
    struct Holiday: Sendable {
        var month: Int
        var day: Int
        var kind: Kind
        var name: LocalizedText
    }

    /// One year of the table: whether its list is the official calendar's (월력요항) or computed ahead, and whether its
    /// election days are known.
    struct TabulatedYear: Sendable {
        var published: Bool
        var electionsTabulated: Bool
        var days: [Holiday]
    }

    /// The years whose every holiday the table states, elections included: deadlines counted within them are certain.
    public static let coveredYears: ClosedRange<Int> = {
        let covered = table.filter { $0.value.electionsTabulated }.keys
        return (covered.min() ?? 0)...(covered.max() ?? 0)
    }()

    /// Whether the table states every holiday of `year`.
    public static func covers(_ year: Int) -> Bool { coveredYears.contains(year) }

    /// Whether every holiday between `start` and `end` is known, so that a date counted across them is certain.
    public func isCertain(from start: CivilDate, through end: CivilDate) -> Bool {
        (min(start.year, end.year)...max(start.year, end.year)).allSatisfy(Self.covers)
    }

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

    /// The public holidays of `year` other than Sundays, substitutes included: the table's, or for a year outside it
    /// the fixed days and their substitutes.
    public static func holidays(of year: Int) -> Set<CivilDate> {
        tabulated[year] ?? fixedDays(of: year)
    }

    /// The name of the holiday on `date`, if the table has one.
    public static func name(of date: CivilDate) -> LocalizedText? {
        table[date.year]?.days.first { $0.month == date.month && $0.day == date.day }?.name
    }

    private static let tabulated: [Int: Set<CivilDate>] = Dictionary(uniqueKeysWithValues: table.map { year, value in
        (year, Set(value.days.compactMap { CivilDate(year: year, month: $0.month, day: $0.day) }))
    })

    /// The days fixed by law, with their substitutes (Regulation Art. 3), for a year the table does not cover: when
    /// one falls on a Saturday or a Sunday, or two on one day, the next day that is neither nor a holiday. Lunar
    /// holidays, elections and designated days are not known for such a year.
    static func fixedDays(of year: Int) -> Set<CivilDate> {
        var fixed: [(Int, Int)] = [(1, 1), (3, 1), (5, 5), (6, 6), (8, 15), (10, 3), (10, 9), (12, 25)]
        // Labour Day and Constitution Day are public holidays from 2026 (the Act on Public Holidays as amended).
        if year >= 2026 { fixed += [(5, 1), (7, 17)] }
        var days = Set(fixed.compactMap { CivilDate(year: year, month: $0.0, day: $0.1) })
        // Substitutes: Children's Day always; since 2022 Independence Movement, Liberation, National Foundation and
        // Hangul Days; since 2023 Christmas; from 2026 Labour Day and Constitution Day (as the tables list them).
        var substituted: [(Int, Int)] = [(5, 5)]
        if year >= 2022 { substituted += [(3, 1), (8, 15), (10, 3), (10, 9)] }
        if year >= 2023 { substituted += [(12, 25)] }
        if year >= 2026 { substituted += [(5, 1), (7, 17)] }
        for date in substituted.compactMap({ CivilDate(year: year, month: $0.0, day: $0.1) }).sorted()
        where date.weekday == .sat || date.weekday == .sun {
            var next = date.adding(days: 1)
            while next.weekday == .sun || next.weekday == .sat || days.contains(next) { next = next.adding(days: 1) }
            days.insert(next)
        }
        return days
    }
}
