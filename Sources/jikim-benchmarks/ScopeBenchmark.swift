import Foundation
import JikimAccessLog
import JikimCore
import JikimStore

/// Scoping a breach from the access log, in one run: a log of `count` access records spread evenly over 30 days
/// (one every `30 days / count`), among them a stolen token's reads in one two-hour window; then the time to scope
/// windows of 1, 2 and 4 hours by that token, and a 2-hour window scoped against the first tenth of the log only.
/// Scoping reads the entries logged in the window and no others, so its time should follow the window's records,
/// not the log's size.
func scopeBenchmark(entries count: Int) async throws {
    print("scope benchmark: \(count) access records over 30 days")
    let directory = temporaryDirectory("scope")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try await Store.openSQLite(directory: directory)
    let log = AccessLog(store: store)
    let start = Date(timeIntervalSince1970: 1_795_000_000)
    let spacing = 30 * 86_400 / Double(count)
    // The thief: token jk_stolen, from 203.0.113.9, every 50th record of the window [day 20 10:00, 12:00).
    let windowStart = start.addingTimeInterval(20 * 86_400 + 10 * 3600)
    let windowEnd = windowStart.addingTimeInterval(2 * 3600)
    func entry(_ n: Int) -> LogEntry {
        let at = start.addingTimeInterval(Double(n) * spacing)
        let stolen = at >= windowStart && at < windowEnd && n % 50 == 0
        return .access(AccessRecord(
            actor: "shop-api", at: at, source: stolen ? "203.0.113.9" : "10.0.\(n % 7).\(n % 200)", token: stolen ? "jk_stolen" : "jk_normal",
            subject: String(format: "ps_%016llx%016llx", UInt64(n) &* 0x9E37_79B9_7F4A_7C15, UInt64(n) &* 0xC2B2_AE3D_27D4_EB4F),
            operation: .read, purpose: "service", items: stolen ? ["email", "mobile"] : ["email", "name"], outcome: .allowed))
    }
    let buildTime = try await seconds {
        for batch in stride(from: 0, to: count, by: 50_000) {
            let entries = (batch..<min(batch + 50_000, count)).map(entry)
            try await store.transaction { sql in try await log.append(entries, in: sql) }
        }
    }
    print(String(format: "built the log in %.1f s (%.0f entries/s)", buildTime, Double(count) / buildTime))
    let perHour = Double(count) / (30 * 24)
    print("| window | records in the window (about) | people exposed | time | time per 1,000 records in the window |")
    print("|---|---|---|---|---|")
    var perThousand: [Double] = []
    for hours in [1.0, 2.0, 4.0] {
        let query = ScopeQuery(token: "jk_stolen", from: windowStart.addingTimeInterval(-(hours - 2) / 2 * 3600),
                               to: windowEnd.addingTimeInterval((hours - 2) / 2 * 3600))
        var people = 0
        let time = try await seconds { people = try await log.tally(query, upTo: UInt64(count)).order.count }
        let records = perHour * hours
        perThousand.append(time / records * 1_000_000)
        print(String(format: "| %.0f h | %.0f | %d | %.3f s | %.1f ms |", hours, records, people, time, time / records * 1_000_000))
    }
    // The same 2-hour window, with the log's size ten times smaller (a window early in the log).
    let earlyStart = start.addingTimeInterval(2 * 86_400 + 10 * 3600)
    let early = ScopeQuery(actor: "shop-api", from: earlyStart, to: earlyStart.addingTimeInterval(2 * 3600))
    let full = ScopeQuery(actor: "shop-api", from: windowStart, to: windowEnd)
    var earlyCount = 0, fullCount = 0
    let earlyTime = try await seconds { earlyCount = try await log.tally(early, upTo: UInt64(count / 10)).records }
    let fullTime = try await seconds { fullCount = try await log.tally(full, upTo: UInt64(count)).records }
    print(String(format: "2-hour window by actor: %d records against a log of %d: %.3f s; %d records against the whole log of %d: %.3f s; ratio %.2f",
                 earlyCount, count / 10, earlyTime, fullCount, count, fullTime, fullTime / earlyTime))
    print(String(format: "time per 1,000 records, 4-hour window ÷ 1-hour window: %.2f", perThousand[2] / perThousand[0]))
    try await store.close()
}
