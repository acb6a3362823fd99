import Foundation
import JikimCore
import JikimStore
import JikimTestSupport
import SQLKit
import Testing
@testable import JikimAccessLog

/// On SQLite the access log has a file of its own (`Store.keepsLogApart`): reads commit to it alone, changes of
/// people's data commit their entries with them in the people's file and the log takes them in after.

private func count(_ query: String, _ store: Store) async throws -> Int {
    try await store.sql.raw(SQLQueryString(query)).first()?.decode(column: "n", as: Int.self) ?? -1
}

private func fileSize(_ path: String) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
}

private func access(_ n: Int) -> AccessRecord {
    AccessRecord(actor: "svc", at: Date(timeIntervalSince1970: 1_790_000_000 + Double(n)), source: nil, subject: "p\(n)",
                 operation: .read, purpose: "service", items: ["email"], outcome: .allowed)
}

@Test("records staged alone commit to the log's file, never the people's; a change of people's data is answered with its entries in the log")
func readsCommitToTheLogAlone() async throws {
    let database = try await TestBackend.sqlite.open()
    let store = database.store
    #expect(store.keepsLogApart)
    let log = AccessLog(store: store)
    try await store.transaction { sql in
        try await sql.raw("CREATE TABLE main.people_rows (n INTEGER PRIMARY KEY)").run()
    }
    // A change and its record: answered once its entry is in the log, none left waiting in the outbox.
    try await store.transaction { sql in
        try await sql.raw("INSERT INTO people_rows (n) VALUES (1)").run()
        try await log.record([access(0)], in: sql)
    }
    #expect(try await count("SELECT COUNT(*) AS n FROM log_entries", store) == 1)
    #expect(try await count("SELECT COUNT(*) AS n FROM access_records", store) == 1)
    #expect(try await count("SELECT COUNT(*) AS n FROM log_outbox WHERE seq > (SELECT moved FROM log_head)", store) == 0)

    let peopleWAL = database.directory + "/jikim.sqlite-wal", logWAL = database.directory + "/jikim-log.sqlite-wal"
    let (peopleBefore, logBefore) = (fileSize(peopleWAL), fileSize(logWAL))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        for n in 1...40 { tasks.addTask { try await store.transaction { sql in try await log.record([access(n)], in: sql) } } }
        try await tasks.waitForAll()
    }
    #expect(try await count("SELECT COUNT(*) AS n FROM access_records", store) == 41)
    #expect(fileSize(peopleWAL) == peopleBefore, "a group of records alone wrote the people's file")
    #expect(fileSize(logWAL) > logBefore)

    // The next change clears from the outbox what the log has taken in.
    try await store.transaction { sql in
        try await sql.raw("INSERT INTO people_rows (n) VALUES (2)").run()
        try await log.record([access(99)], in: sql)
    }
    #expect(try await count("SELECT COUNT(*) AS n FROM log_outbox WHERE seq <= (SELECT moved FROM log_head)", store) == 1)
    #expect(try await count("SELECT COUNT(*) AS n FROM log_entries", store) == 42)
    await database.discard()
}

@Test("entries left in the outbox are taken in once and in order, on opening or before the next append, however often it is tried")
func outboxTakenInOnce() async throws {
    let database = try await TestBackend.sqlite.open()
    let store = database.store
    let log = AccessLog(store: store)
    // As a stop between a change's commit and the log's leaves them: committed in the outbox, not yet in the log.
    let left = (0..<5).map(entry)
    try await store.transaction { sql in
        try await sql.insertRows(into: "log_outbox", columns: ["entry"], rows: left.map { [.blob($0.encoded())] })
    }
    #expect(try await store.transaction { sql in try await log.head(in: sql) }.size == 0)
    try await log.takeInOutbox()
    try await log.takeInOutbox()
    try await store.transaction { sql in try await log.takeInOutbox(in: sql) }
    var head = try await store.transaction { sql in try await log.head(in: sql) }
    #expect(head.size == 5 && head.root == referenceRoot(left.map { $0.encoded() }[...]))

    // Left again, they come before the entries of the next group of records, which takes them in first.
    let more = (5..<8).map(entry)
    try await store.transaction { sql in
        try await sql.insertRows(into: "log_outbox", columns: ["entry"], rows: more.map { [.blob($0.encoded())] })
    }
    try await store.transaction { sql in try await log.record([access(1)], in: sql) }
    head = try await store.transaction { sql in try await log.head(in: sql) }
    let all = (left + more + [LogEntry.access(access(1))]).map { $0.encoded() }
    #expect(head.size == 9 && head.root == referenceRoot(all[...]))
    let stored = try await store.sql.raw("SELECT entry FROM log_entries ORDER BY idx").all().map { try $0.decode(column: "entry", as: Data.self) }
    #expect(stored == all)
    await database.discard()
}

/// Puts the access log's tables back in the people's file, as a database made before the split had them; with
/// `keepCopy` the log's file keeps a stale copy, as a move stopped after its copy and before its drop leaves it.
private func moveLogBack(_ store: Store, keepCopy: Bool) async throws {
    let objects = try await store.sql.raw("SELECT name, sql FROM log.sqlite_master WHERE sql IS NOT NULL ORDER BY type DESC").all()
        .map { (name: try $0.decode(column: "name", as: String.self), sql: try $0.decode(column: "sql", as: String.self)) }
    try await store.transaction { sql in
        for object in objects where !object.name.hasPrefix("sqlite_") {
            let quoted = "\"\(object.name)\""
            try await sql.raw(SQLQueryString(object.sql.replacingOccurrences(of: quoted, with: "main." + quoted, options: [], range: object.sql.range(of: quoted)))).run()
        }
        for table in ["access_records", "log_entries", "log_nodes", "log_head", "log_checkpoints"] {
            try await sql.raw("INSERT INTO main.\(ident: table) SELECT * FROM log.\(ident: table)").run()
            if keepCopy {
                try await sql.raw("DELETE FROM log.\(ident: table)").run()
            } else {
                try await sql.raw("DROP TABLE log.\(ident: table)").run()
            }
        }
    }
}

@Test("a log kept in the people's file is moved into its own at the first open, a move stopped half-way is done again, and a missing log file is named",
      arguments: [false, true])
func logTablesMovedApart(stoppedHalfWay: Bool) async throws {
    let database = try await TestBackend.sqlite.open()
    defer { try? FileManager.default.removeItem(atPath: database.directory) }
    var store = database.store
    let entries = (0..<300).map(entry)
    _ = try await store.transaction { sql in try await AccessLog(store: store).append(entries, in: sql) }
    try await store.transaction { sql in try await AccessLog(store: store).record([access(7)], in: sql) }
    try await moveLogBack(store, keepCopy: stoppedHalfWay)
    #expect(try await count("SELECT COUNT(*) AS n FROM main.sqlite_master WHERE name = 'log_entries'", store) == 1)
    try await store.close()

    store = try await Store.openSQLite(directory: database.directory)
    #expect(try await count("SELECT COUNT(*) AS n FROM main.sqlite_master WHERE name IN ('access_records', 'log_entries', 'log_nodes', 'log_head', 'log_checkpoints')", store) == 0)
    #expect(try await count("SELECT COUNT(*) AS n FROM log.sqlite_master WHERE name IN ('access_records', 'log_entries', 'log_entries_by_time', 'log_nodes', 'log_head', 'log_checkpoints')", store) == 6)
    let head = try await store.transaction { sql in try await AccessLog(store: store).head(in: sql) }
    #expect(head.size == 301 && head.root == referenceRoot((entries + [.access(access(7))]).map { $0.encoded() }[...]))
    #expect(try await count("SELECT COUNT(*) AS n FROM access_records", store) == 1)
    #expect(try await count("SELECT COUNT(*) AS n FROM log_nodes", store) == 1)
    try await store.close()

    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.directory + "/jikim-log.sqlite" + suffix) }
    let directory = database.directory
    let error = await #expect(throws: StoreError.self) { _ = try await Store.openSQLite(directory: directory) }
    #expect(error?.description.contains("jikim-log.sqlite") == true && error?.description.contains("restore") == true, "\(String(describing: error))")
}
