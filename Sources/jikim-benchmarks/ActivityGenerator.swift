import Foundation
import JikimAccessLog
import JikimCore
import JikimStore
import JikimTestSupport
import SQLKit

/// Writes `MonthOfActivity` (November 2026) into the store of a data directory made by `jikim init`: the actors,
/// their earlier source addresses, and the month's entries through the access log, so that
/// `jikim log review --month 2026-11` can be read as a privacy officer reads it.
func writeMonthOfActivity(directory: String) async throws {
    let store = try await Store.openSQLite(directory: directory)
    let log = AccessLog(store: store)
    let actors = ["kim", "lee", "park", "choi", "batch-bot", "officer"]
    try await store.transaction { sql in
        for actor in actors {
            try await sql.insert(into: "actors").columns("id", "kind", "created_at")
                .values(SQLBind(actor), SQLBind(MonthOfActivity.services.contains(actor) ? "service" : "staff"), SQLBind("2026-01-05T00:00:00.000Z"))
                .ignoringConflicts().run()
        }
        // The addresses used before the month, as October's records.
        var earlier: [AccessRecord] = []
        for (actor, sources) in MonthOfActivity.knownSources {
            for source in sources {
                earlier.append(AccessRecord(actor: actor, at: MonthOfActivity.at(1, 10, 0).addingTimeInterval(-86_400 * 10), source: source,
                                            subject: "p-1", operation: .read, purpose: "membership", items: ["email"], outcome: .allowed))
            }
        }
        try await log.record(earlier, in: sql)
        var records: [AccessRecord] = []
        var changes: [RightsChange] = []
        for entry in MonthOfActivity.entries {
            switch entry {
            case .access(let record): records.append(record)
            case .rights(let change): changes.append(change)
            case .signOff, .destruction: break
            }
        }
        try await log.record(records, in: sql)
        try await log.record(changes, in: sql)
    }
    try await store.close()
    print("wrote \(MonthOfActivity.entries.count) entries of \(MonthOfActivity.month) into \(directory)")
}
