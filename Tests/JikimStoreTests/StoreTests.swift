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
