import Foundation
import JikimAccessLog
import JikimCore
import JikimStore
import SQLKit

extension MonthOfActivity {
    /// Records the month into `store`'s access log as it happened: its actors, the addresses `kim` and `lee` used
    /// in October (as October's records), then the month's accesses and rights changes.
    public static func record(in store: Store) async throws {
        let log = AccessLog(store: store)
        let actors = ["kim", "lee", "park", "choi", "batch-bot", "officer"]
        try await store.transaction { sql in
            for actor in actors {
                try await sql.insert(into: "actors").columns("id", "kind", "created_at")
                    .values(SQLBind(actor), SQLBind(services.contains(actor) ? "service" : "staff"), SQLBind("2026-01-05T00:00:00.000Z"))
                    .ignoringConflicts().run()
            }
            var earlier: [AccessRecord] = []
            for (actor, sources) in knownSources {
                for source in sources {
                    earlier.append(AccessRecord(actor: actor, at: at(1, 10, 0).addingTimeInterval(-86_400 * 10), source: source,
                                                subject: "p-1", operation: .read, purpose: "membership", items: ["email"], outcome: .allowed))
                }
            }
            try await log.record(earlier, in: sql)
            var records: [AccessRecord] = []
            var changes: [RightsChange] = []
            for entry in entries {
                switch entry {
                case .access(let record): records.append(record)
                case .rights(let change): changes.append(change)
                case .signOff, .destruction: break
                }
            }
            try await log.record(records, in: sql)
            try await log.record(changes, in: sql)
        }
    }
}
