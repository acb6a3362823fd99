import JikimStore
import JikimTestSupport
import MetricsTestKit
import SQLKit
import Testing

@Test("every commit's time is recorded, with the number of transactions it made durable", arguments: TestBackend.available)
func commitMetrics(backend: TestBackend) async throws {
    let metrics = TestMetrics()
    let test = try await backend.open(metrics: metrics)
    defer { Task { await test.discard() } }
    let store = test.store
    try await store.sql.raw("CREATE TABLE counted (n INTEGER PRIMARY KEY)").run()
    // Opening the store committed its migrations: only what follows counts.
    let before = (commits: store.commitCount, durations: try metrics.expectTimer(Store.commitDurationMetric).values.count,
                  groups: try metrics.expectRecorder(Store.commitTransactionsMetric).values.count)
    #expect(before.durations == before.commits)

    // Rounds of transactions arriving together, a tenth of them failing (a failed one may be the group's last, and
    // commit the others), then five one after another.
    var succeeded = 0
    for round in 0..<4 {
        succeeded += await withTaskGroup(of: Bool.self) { tasks in
            for n in (round * 120)..<(round * 120 + 120) {
                tasks.addTask {
                    do {
                        try await store.transaction { sql in
                            try await sql.insert(into: "counted").columns("n").values(SQLBind(n)).run()
                            if n % 10 == 0 { throw Deliberate() }
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await tasks.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
    }
    #expect(succeeded == 4 * 108)
    for n in 1_000..<1_005 {
        try await store.transaction { sql in try await sql.insert(into: "counted").columns("n").values(SQLBind(n)).run() }
    }

    let commits = store.commitCount - before.commits
    let durations = try metrics.expectTimer(Store.commitDurationMetric).values.dropFirst(before.durations)
    let groups = try metrics.expectRecorder(Store.commitTransactionsMetric).values.dropFirst(before.groups)
    #expect(commits >= 6)
    #expect(durations.count == commits)
    #expect(durations.allSatisfy { $0 > 0 })
    // Each group's size once, counting the transactions its commit made durable (a failed one is answered alone).
    #expect(groups.count == commits)
    #expect(groups.reduce(0, +) == Double(succeeded + 5))
    #expect(groups.suffix(5).allSatisfy { $0 == 1 })
}
