import Foundation
import JikimStore
import JikimTestSupport
import SQLKit
import Testing

func temporaryDirectory() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-test-\(UUID().uuidString)").path
    return path
}

@Test("a new data directory gets a WAL-mode SQLite database at the latest schema")
func opensNewDatabase() async throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try await Store.openSQLite(directory: directory)
    let mode = try await store.sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
    #expect(mode == "wal")
    try await store.close()
    #expect(FileManager.default.fileExists(atPath: directory + "/jikim.sqlite"))
    // Opening again finds the schema applied and changes nothing.
    let again = try await Store.openSQLite(directory: directory)
    let count = try await again.sql.raw("SELECT COUNT(*) AS n FROM jikim_schema").first()?.decode(column: "n", as: Int.self)
    #expect(count == Store.schemaVersion)
    try await again.close()
}

@Test("a database from a newer Jikim is refused")
func refusesNewerDatabase() async throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try await Store.openSQLite(directory: directory)
    try await store.sql.raw("INSERT INTO jikim_schema (version, name, applied_at) VALUES (99, 'future', 'x')").run()
    try await store.close()
    await #expect(throws: StoreError.databaseNewerThanCode(path: directory + "/jikim.sqlite", found: 99, supported: Store.schemaVersion)) {
        _ = try await Store.openSQLite(directory: directory)
    }
}

@Test("a published version keeps its text; publishing it again with other text is refused and writes nothing")
func publishedVersionsNeverChange() async throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try await Store.openSQLite(directory: directory)
    let published = PublishedPolicies(store: store)
    let first = PublishedPolicy(id: "2025-01-01", effective: "2025-01-01", announced: nil, source: "v1")
    try await published.publish([first])
    try await published.publish([first])
    let second = PublishedPolicy(id: "2026-01-01", effective: "2026-01-01", announced: "2025-12-20", source: "v2")
    let changed = PublishedPolicy(id: "2025-01-01", effective: "2025-01-01", announced: nil, source: "v1, edited")
    await #expect(throws: PublishedPolicies.Failure.changedAfterPublication("2025-01-01")) {
        try await published.publish([second, changed])
    }
    #expect(try await published.all().map(\.id) == ["2025-01-01"])
    try await published.publish([second])
    #expect(try await published.all().map(\.source) == ["v2", "v1"])
    try await store.close()
}

@Test("two administrators publishing at once take turns: each version is checked against what the other published, and one is refused",
      arguments: TestBackend.available)
func publicationsTakeTurns(_ backend: TestBackend) async throws {
    let database = try await backend.open()
    defer { Task { await database.discard() } }
    let published = PublishedPolicies(store: database.store)
    try await published.publish([PublishedPolicy(id: "v1", effective: "2026-01-01", announced: nil, source: "v1")])
    // The rule of publishing that matters here: a new version takes effect after every published one.
    let outcomes = try await withThrowingTaskGroup(of: String?.self) { group in
        for id in ["v2a", "v2b"] {
            group.addTask {
                do {
                    try await published.publish(PublishedPolicy(id: id, effective: "2027-01-01", announced: nil, source: id), by: "officer",
                                                at: Date()) { rows in
                        rows.contains { ($0.effective ?? "") >= "2027-01-01" } ? ["\(id) does not take effect after every published version"] : []
                    }
                    return id
                } catch PublishedPolicies.Failure.refused(let reasons) {
                    #expect(reasons.count == 1)
                    return nil
                }
            }
        }
        return try await group.reduce(into: [String?]()) { $0.append($1) }
    }
    #expect(outcomes.compactMap { $0 }.count == 1, "exactly one of the two is published: \(outcomes)")
    let rows = try await published.all()
    let count = try await published.count()
    #expect(rows.count == 2 && count == 2)
    #expect(rows.first?.publishedBy == "officer" && rows.last?.publishedBy == nil)
}

@Test("a PostgreSQL database from a newer Jikim is refused; a bad URL is refused without showing its password",
      .enabled(if: TestBackend.postgresURL != nil, "needs JIKIM_TEST_POSTGRES_URL; .ci/run sets it"))
func refusesNewerPostgresDatabase() async throws {
    let database = try await TestBackend.postgres.open()
    let url = try #require(TestBackend.postgresURL)
    let schema = try #require(database.schema)
    #expect(try await database.store.sql.raw("SELECT COUNT(*) AS n FROM jikim_schema").first()?.decode(column: "n", as: Int.self) == Store.schemaVersion)
    try await database.store.sql.raw("INSERT INTO jikim_schema (version, name, applied_at) VALUES (99, 'future', 'x')").run()
    await #expect(throws: StoreError.databaseNewerThanCode(path: Store.redactedForTests(url) + " (schema \(schema))", found: 99, supported: Store.schemaVersion)) {
        _ = try await Store.openPostgres(url: url, schema: schema)
    }
    await database.discard()

    do {
        _ = try await Store.openPostgres(url: "postgres://jikim:topsecret@127.0.0.1:1/nowhere")
        Issue.record("a server that is not there was opened")
    } catch {
        #expect(!error.description.contains("topsecret"))
        #expect(error.description.contains("127.0.0.1:1/nowhere"))
    }
}

@Test("concurrent transactions share commits on every back end", arguments: TestBackend.available)
func groupCommitOnEveryBackend(_ backend: TestBackend) async throws {
    let database = try await backend.open()
    let store = database.store
    try await store.sql.raw("CREATE TABLE t (n INTEGER PRIMARY KEY)").run()
    let before = store.commitCount
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        for n in 0..<200 {
            tasks.addTask { try await store.transaction { sql in try await sql.insert(into: "t").columns("n").values(SQLBind(n)).run() } }
        }
        try await tasks.waitForAll()
    }
    #expect(store.commitCount - before < 200)
    #expect(try await store.sql.raw("SELECT COUNT(*) AS n FROM t").first()?.decode(column: "n", as: Int.self) == 200)
    await database.discard()
}

@Test("statements written with placeholders run on every back end: every value type, NULL, a list; rows inserted in statements of 128, 64, … 1",
      arguments: TestBackend.available)
func statementsWithPlaceholders(_ backend: TestBackend) async throws {
    let database = try await backend.open()
    let store = database.store
    let blob = database.store.isPostgres ? "BYTEA" : "BLOB"
    try await store.sql.raw("CREATE TABLE s (n BIGINT NOT NULL, label TEXT, bytes \(unsafeRaw: blob))").run()
    var inserted = 0
    for count in [0, 1, 2, 3, 127, 128, 129, 255, 300] {
        let rows: [[SQLValue]] = (0..<count).map { [.integer(inserted + $0), .text($0 % 5 == 0 ? nil : "행 \($0)"), .blob(Data([UInt8($0 % 256), 0, 255]))] }
        try await store.transaction { sql in try await sql.insertRows(into: "s", columns: ["n", "label", "bytes"], rows: rows) }
        inserted += count
    }
    let all = try await store.sql.statement("SELECT n, label, bytes FROM s ORDER BY n").all()
    #expect(all.count == inserted)
    #expect(try all.map { try $0.decode(column: "n", as: Int.self) } == Array(0..<inserted))
    // The 131st row of the batch of 300 (inserted after the 0 + 1 + … + 255 rows before it).
    let start = 1 + 2 + 3 + 127 + 128 + 129 + 255
    let row = try #require(try await store.read { sql in
        try await sql.statement("SELECT label, bytes FROM s WHERE n = ? AND label IS NOT NULL AND n IN (?, ?, ?)",
                                .integer(start + 131), .integer(-1), .integer(start + 131), .integer(-2)).first()
    })
    #expect(try row.decode(column: "label", as: String?.self) == "행 131")
    #expect(try row.decode(column: "bytes", as: Data.self) == Data([131, 0, 255]))
    let unlabelled = try await store.sql.statement("SELECT COUNT(*) AS c FROM s WHERE label IS NULL AND n >= ?", .integer(start)).first()
    #expect(try unlabelled?.decode(column: "c", as: Int.self) == 60)
    #expect(SQLStatement.placeholders(3) == "?, ?, ?")
    await database.discard()
}

@Test("read connections see each commit, give back every SQLite type, keep statements prepared across binds, refuse writes and say why a statement fails")
func readConnections() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-test-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try await Store.openSQLite(directory: directory)
    try await store.sql.raw("CREATE TABLE kinds (n INTEGER PRIMARY KEY, label TEXT, ratio REAL, bytes BLOB)").run()
    for n in 0..<100 {
        try await store.transaction { sql in
            try await sql.insert(into: "kinds").columns("n", "label", "ratio", "bytes")
                .values(SQLBind(n), SQLBind(n % 3 == 0 ? nil : "값 \(n)\u{0}끝"), SQLBind(Double(n) / 4), SQLBind(Data([UInt8(n), 0, 255])))
                .run()
        }
        // Each read is its own: the row committed just before is there, on whichever read connection it runs.
        let row = try await store.read { sql in
            try await sql.select().columns("n", "label", "ratio", "bytes").from("kinds").where("n", .equal, SQLBind(n)).first()
        }
        let found = try #require(row)
        #expect(try found.decode(column: "n", as: Int.self) == n)
        #expect(try found.decode(column: "label", as: String?.self) == (n % 3 == 0 ? nil : "값 \(n)\u{0}끝"))
        #expect(try found.decodeNil(column: "label") == (n % 3 == 0))
        #expect(try found.decode(column: "ratio", as: Double.self) == Double(n) / 4)
        #expect(try found.decode(column: "bytes", as: Data.self) == Data([UInt8(n), 0, 255]))
        #expect(found.allColumns == ["n", "label", "ratio", "bytes"])
        #expect(!found.contains(column: "missing"))
        #expect(throws: (any Error).self) { try found.decode(column: "missing", as: Int.self) }
    }
    // The same statements with other values were prepared once on each connection, not again for every run,
    // including one whose plan SQLite estimates from the bound value (an equality on a column with no index).
    let prepared = store.readStatementPreparations
    for n in 0..<50 {
        _ = try await store.read { sql in
            try await sql.select().columns("n", "label", "ratio", "bytes").from("kinds").where("n", .equal, SQLBind(n)).first()
        }
        _ = try await store.read { sql in
            try await sql.raw("SELECT k.n FROM kinds k JOIN kinds j ON j.n = k.n WHERE k.label = \(bind: "값 \(n)") AND k.ratio = \(bind: n % 2)").all()
        }
    }
    #expect(store.readStatementPreparations - prepared <= 2, "\(store.readStatementPreparations - prepared) statements compiled for 100 runs of two")
    // More distinct statements than are kept prepared (128), and statements too long to keep (over 4 KiB of SQL,
    // prepared for one run): all still answer, and answer again.
    for width in [Array(1...200), [1_500, 1_500, 3_000, 1]].joined() {
        let count = try await store.read { sql in
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "c").from("kinds")
                .where("n", .in, SQLBind.group(Array(0..<width))).first()?.decode(column: "c", as: Int.self)
        }
        #expect(count == min(width, 100))
    }
    let sum = try await store.read { sql in try await sql.raw("SELECT SUM(n) AS s FROM kinds WHERE n < \(bind: 10)").first()?.decode(column: "s", as: Int.self) }
    #expect(sum == 45)
    // Nothing is written through a read connection, and a bad statement fails with SQLite's reason.
    await #expect(throws: (any Error).self) { try await store.read { sql in try await sql.raw("DELETE FROM kinds").run() } }
    do {
        try await store.read { sql in try await sql.raw("SELECT x FROM nowhere").run() }
        Issue.record("a statement on a missing table ran")
    } catch {
        #expect(String(describing: error).contains("no such table: nowhere"))
    }
    #expect(try await store.sql.raw("SELECT COUNT(*) AS c FROM kinds").first()?.decode(column: "c", as: Int.self) == 100)
    try await store.close()
}

@Test("on SQLite a read's statements see one commit, even when another commits between them; more reads at once than connections all answer")
func readsSeeOneSnapshot() async throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try await Store.openSQLite(directory: directory)
    try await store.sql.raw("CREATE TABLE t (n INTEGER PRIMARY KEY)").run()
    try await store.transaction { sql in try await sql.insert(into: "t").columns("n").values(SQLBind(0)).run() }
    func count(_ sql: any SQLDatabase) async throws -> Int? {
        try await sql.raw("SELECT COUNT(*) AS c FROM t").first()?.decode(column: "c", as: Int.self)
    }
    let (before, after) = try await store.read { sql in
        let before = try await count(sql)
        try await store.transaction { sql in try await sql.insert(into: "t").columns("n").values(SQLBind(1)).run() }
        return (before, try await count(sql))
    }
    #expect(before == 1 && after == 1)
    // The next read starts from the newer commit.
    #expect(try await store.read(count) == 2)
    // Many more reads than read connections at once, some failing: each answers, and none keeps a connection.
    let answers = try await withThrowingTaskGroup(of: Int?.self) { tasks in
        for n in 0..<200 {
            tasks.addTask {
                if n % 10 == 0 { return try? await store.read { sql in try await sql.raw("SELECT x FROM nowhere").all().count } }
                return try await store.read(count)
            }
        }
        return try await tasks.reduce(into: [Int?]()) { $0.append($1) }
    }
    #expect(answers.filter { $0 == 2 }.count == 180 && answers.filter { $0 == nil }.count == 20)
    #expect(try await store.read(count) == 2)
    try await store.close()
}
