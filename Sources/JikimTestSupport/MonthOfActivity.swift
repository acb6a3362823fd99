import Foundation
import JikimCore

/// A month of generated activity with known irregularities, for the review's tests and for reading its report as
/// a privacy officer would (`jikim-benchmarks activity`). In November 2026 (Korean time):
/// - `kim` (staff) reads 20 records on every working day between 10:00 and 16:20 from 10.0.0.5, and exports one
///   person's data on the 5th with a reason;
/// - `lee` (staff) reads 150 records of 120 different people on the 12th from 10.0.0.7;
/// - `park` (staff) reads 3 records at 23:30 on Saturday the 14th from 203.0.113.9, an address never used before;
/// - `choi` (staff) is refused twice on the 20th (no role grants the purpose);
/// - `batch-bot` (a service) reads 40 records at 03:00 every day;
/// - `kim` is granted a role on the 2nd by `officer`.
/// Before the month, `kim` used 10.0.0.5 and `lee` 10.0.0.7.
public enum MonthOfActivity {
    public static let month = "2026-11"
    public static let knownSources: [String: Set<String>] = ["kim": ["10.0.0.5"], "lee": ["10.0.0.7"]]
    public static let services: Set<String> = ["batch-bot"]

    /// The instant of `hour`:`minute` on November `day`, 2026, in Korea.
    public static func at(_ day: Int, _ hour: Int, _ minute: Int, second: Int = 0) -> Date {
        let midnight = CivilDate(year: 2026, month: 11, day: day)?.seoulMidnight ?? Date(timeIntervalSince1970: 0)
        return midnight.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60 + second))
    }

    static func read(_ actor: String, _ at: Date, _ subject: Int, source: String?, purpose: Identifier = "membership",
                     outcome: AccessRecord.Outcome = .allowed) -> LogEntry {
        .access(AccessRecord(actor: actor, at: at, source: source, subject: "p-\(subject)", operation: .read, purpose: purpose,
                             items: ["email", "name"], outcome: outcome))
    }

    public static var entries: [LogEntry] {
        var entries: [LogEntry] = []
        entries.append(.rights(RightsChange(actor: "kim", action: "granted", role: "customer_support", by: "officer", at: at(2, 9, 5))))
        for day in 1...30 {
            let weekday = CivilDate(year: 2026, month: 11, day: day)?.weekday ?? .sun
            if weekday != .sat, weekday != .sun {
                for n in 0..<20 { entries.append(read("kim", at(day, 10, n * 20), day * 100 + n, source: "10.0.0.5")) }
            }
            for n in 0..<40 { entries.append(read("batch-bot", at(day, 3, 0, second: n), 5_000 + n, source: nil, purpose: "billing")) }
        }
        entries.append(.access(AccessRecord(actor: "kim", at: at(5, 14, 30), source: "10.0.0.5", subject: "p-77", operation: .export,
                                            purpose: "membership", items: ["email", "name", "mobile"], outcome: .allowed,
                                            reason: "member's own request for a copy, ticket REQ-2026-118")))
        for n in 0..<150 { entries.append(read("lee", at(12, 11, n / 10, second: n % 10), 9_000 + n % 120, source: "10.0.0.7")) }
        for n in 0..<3 { entries.append(read("park", at(14, 23, 30 + n), 300 + n, source: "203.0.113.9")) }
        for n in 0..<2 {
            entries.append(read("choi", at(20, 15, n), 400 + n, source: "10.0.0.9", purpose: "advertising",
                                outcome: .refused(code: "role-does-not-grant")))
        }
        return entries.sorted { $0.at < $1.at }
    }
}
