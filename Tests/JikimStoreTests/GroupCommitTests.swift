import Foundation
import JikimStore
import SQLKit
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
