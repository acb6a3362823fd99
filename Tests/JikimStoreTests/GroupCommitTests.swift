import Foundation
@testable import JikimStore
import SQLKit
import Synchronization
import Testing

struct Deliberate: Error {}

@Test("concurrent transactions share commits; a failing one is rolled back alone; every success is durable when it returns")
func groupCommit() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-test-\(UUID().uuidString)").path
    let store = try await Store.openSQLite(directory: directory)
    try await store.sql.raw("CREATE TABLE t (n INTEGER PRIMARY KEY)").run()
    let before = store.commitCount
    let outcomes = await withTaskGroup(of: (Int, Bool).self) { tasks in
        for n in 0..<300 {
            tasks.addTask {
                do {
                    try await store.transaction { sql in
                        try await sql.insert(into: "t").columns("n").values(SQLBind(n)).run()
                        if n % 7 == 0 { throw Deliberate() }
                    }
                    return (n, true)
                } catch {
                    return (n, false)
                }
            }
        }
        var all: [Int: Bool] = [:]
        for await (n, ok) in tasks { all[n] = ok }
        return all
    }
    #expect(outcomes.count == 300)
    #expect(outcomes.filter { !$0.value }.keys.sorted() == Array(stride(from: 0, to: 300, by: 7)))
    let commits = store.commitCount - before
    #expect(commits < 300, "300 transactions took \(commits) commits")
    try await store.close()

    // What reopening finds is exactly what was acknowledged.
    let reopened = try await Store.openSQLite(directory: directory)
    let stored = try await reopened.sql.raw("SELECT n FROM t ORDER BY n").all().map { try $0.decode(column: "n", as: Int.self) }
    #expect(stored == outcomes.filter(\.value).keys.sorted())
    try await reopened.close()
    try? FileManager.default.removeItem(atPath: directory)
}

@Test("a group whose transactions only stage rows is begun, written and committed on the writer's thread; a group that writes nothing commits nothing")
func stagedGroupsCommitOnTheWritersThread() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-test-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try await Store.openSQLite(directory: directory)
    try await store.sql.raw("CREATE TABLE staged (n INTEGER PRIMARY KEY)").run()
    let flush: StagedFlush = { rows, sql, _ in
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "c").from("staged").run()
        try await insertNumbers(rows, into: "staged", in: sql)
    }
    let handOvers = store.writerHandOvers
    let commits = store.commitCount
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        for n in 0..<64 {
            tasks.addTask { try await store.transaction { _ in #expect(store.stage([n], key: "staged", flush: flush)) } }
        }
        try await tasks.waitForAll()
    }
    #expect(store.writerHandOvers == handOvers, "\(store.writerHandOvers - handOvers) statements handed over for the groups' commits")
    #expect(store.commitCount > commits)
    let stored = try await store.read { sql in try await sql.raw("SELECT COUNT(*) AS c FROM staged").first()?.decode(column: "c", as: Int.self) }
    #expect(stored == 64)

    // Transactions that neither write nor stage: no transaction is started, nothing is committed, all succeed.
    let before = store.commitCount
    for _ in 0..<3 { #expect(try await store.transaction { _ in 7 } == 7) }
    #expect(store.commitCount == before)
    // A body that writes after one that did not: its group begins at its first statement.
    try await store.transaction { sql in try await sql.insert(into: "staged").columns("n").values(SQLBind(100)).run() }
    #expect(store.commitCount == before + 1)
    try await store.close()
}

@Test("work that takes the writer alone, started among concurrent transactions, waits its turn: every transaction and every such call finishes, and each acknowledged row is stored")
func exclusiveAmongGroups() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-test-\(UUID().uuidString)").path
    let store = try await Store.openSQLite(directory: directory)
    try await store.sql.raw("CREATE TABLE t (n INTEGER PRIMARY KEY)").run()
    let (written, erased) = try await withThrowingTaskGroup(of: (Int?, Bool).self) { tasks in
        for n in 0..<400 {
            tasks.addTask {
                if n % 20 == 0 {
                    try await store.eraseFreedSpace() // takes the writer alone, between groups
                    return (nil, true)
                }
                try await store.transaction { sql in try await sql.insert(into: "t").columns("n").values(SQLBind(n)).run() }
                return (n, false)
            }
        }
        var written: [Int] = []
        var erased = 0
        for try await (n, exclusive) in tasks {
            if let n { written.append(n) }
            if exclusive { erased += 1 }
        }
        return (written.sorted(), erased)
    }
    #expect(erased == 20)
    #expect(written == (0..<400).filter { $0 % 20 != 0 })
    let stored = try await store.sql.raw("SELECT n FROM t ORDER BY n").all().map { try $0.decode(column: "n", as: Int.self) }
    #expect(stored == written)
    try await store.close()
    try? FileManager.default.removeItem(atPath: directory)
}

@Test("a transaction that only stages rows takes no turn on the writer: it joins the commit of the group open when it arrives, and is answered with it")
func stagedOnlyJoinsTheOpenGroup() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-test-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try await Store.openSQLite(directory: directory)
    try await store.sql.raw("CREATE TABLE t (n INTEGER PRIMARY KEY)").run()
    try await store.sql.raw("CREATE TABLE staged (n INTEGER PRIMARY KEY)").run()
    let flushed = Counts()
    let flush: StagedFlush = { rows, sql, _ in
        try await insertNumbers(rows, into: "staged", in: sql)
        flushed.values.withLock { $0.append(rows.count) }
    }
    let (gate, opening) = AsyncStream<Void>.makeStream()
    let holding = Counts(), answered = Counts()
    let commits = store.commitCount
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        // A transaction that holds the writer, its group open, until the gate opens.
        tasks.addTask {
            try await store.transaction { sql in
                try await sql.insert(into: "t").columns("n").values(SQLBind(1)).run()
                holding.add()
                for await _ in gate { break }
            }
        }
        try await waitUntil { holding.count == 1 }
        for n in 0..<10 {
            tasks.addTask {
                try await store.transaction { _ in #expect(store.stage([n], key: "staged", flush: flush)) }
                answered.add()
            }
        }
        try await waitUntil { store.group.stagedWaitingCount == 10 }
        #expect(answered.count == 0, "a staged transaction was answered before the commit holding its rows")
        opening.yield()
        opening.finish()
        try await tasks.waitForAll()
    }
    #expect(answered.count == 10)
    #expect(store.commitCount - commits == 1, "the held group and the staged rows took \(store.commitCount - commits) commits")
    #expect(flushed.values.withLock { $0 } == [10])
    let stored = try await store.sql.raw("SELECT (SELECT COUNT(*) FROM staged) AS s, (SELECT COUNT(*) FROM t) AS t").first()
    #expect(try stored?.decode(column: "s", as: Int.self) == 10)
    #expect(try stored?.decode(column: "t", as: Int.self) == 1)
    try await store.close()
}

@Test("transactions that only stage rows, among ones that write and work that takes the writer alone, are all committed once each")
func stagedOnlyAmongWritesAndExclusiveWork() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-test-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try await Store.openSQLite(directory: directory)
    try await store.sql.raw("CREATE TABLE t (n INTEGER PRIMARY KEY)").run()
    let flush: StagedFlush = { rows, sql, _ in try await insertNumbers(rows, into: "t", in: sql) }
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        for n in 0..<600 {
            tasks.addTask {
                switch n % 25 {
                case 0: try await store.eraseFreedSpace()
                case 1...8: try await store.transaction { sql in try await sql.insert(into: "t").columns("n").values(SQLBind(n)).run() }
                default: try await store.transaction { _ in _ = store.stage([n], key: "t", flush: flush) }
                }
            }
        }
        try await tasks.waitForAll()
    }
    let stored = try await store.sql.raw("SELECT n FROM t ORDER BY n").all().map { try $0.decode(column: "n", as: Int.self) }
    #expect(stored == (0..<600).filter { $0 % 25 != 0 })
    #expect(store.group.stagedWaitingCount == 0)
    try await store.close()
}

/// Waits for `condition`, for at most ten seconds.
/// Inserts staged numbers, one row each, into `table`'s column `n`: what the staged transactions' flushes write.
private func insertNumbers(_ rows: [any Sendable], into table: String, in sql: any SQLDatabase) async throws {
    var insert = sql.insert(into: table).columns("n")
    for case let n as Int in rows { insert = insert.values(SQLBind(n)) }
    try await insert.run()
}

private func waitUntil(_ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(10)
    while !condition() {
        try #require(ContinuousClock.now < deadline, "waited ten seconds")
        try await Task.sleep(for: .milliseconds(5))
    }
}

/// What tasks of a test count, or note, as they go.
private final class Counts: Sendable {
    let values = Mutex<[Int]>([])
    var count: Int { values.withLock { $0.count } }
    func add() { values.withLock { $0.append(1) } }
}
