import Foundation
import JikimAccessLog
import JikimCore
import JikimCrypto
import JikimPolicyFile
import JikimStore
import JikimVault

/// The vault's part of an API read, without HTTP: `clients` tasks for `duration` seconds, each authenticating a
/// service token and reading two items of a random one of `people` people for the `service` purpose, as
/// `POST /v1/subjects/read` does, with the server's recorder (the tamper-evident log) and each read's record durable.
/// Prints reads per second, the process's CPU time a read, and latency percentiles.
func readsBenchmark(people count: Int, clients: Int, duration: Double, policy path: String) async throws {
    let policy = try PolicyFile.load(path: path).policy
    let directory = temporaryDirectory("reads")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try await Store.openSQLite(directory: directory)
    let vault = Vault(policy: policy, store: store, keys: .generate(), recorder: AccessLog(store: store))
    try await vault.addActor("shop-web", kind: .service, by: "benchmark")
    try await vault.grant("ssl_operations", to: "shop-web", by: "benchmark")
    let token = try await vault.issueToken(for: "shop-web", by: "benchmark")
    let importer = Requester(actor: "shop-web", purpose: "service", source: "127.0.0.1")
    let people = (0..<count).map { i in
        NewSubject(externalID: "p-\(i)", values: ["email": "user\(i)@example.kr", "name": "김지킴", "company_name": "회사 \(i % 97)"],
                   consents: ["collection"])
    }
    var imported = 0
    try await vault.create(batches: people.chunked(into: 500).map(Array.init), by: importer) { _, results in
        imported += results.filter { (try? $0.get()) != nil }.count
    }
    guard imported == count else { throw BenchmarkFailure("imported \(imported) of \(count)") }

    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(duration * 1e9)
    let cpuBefore = processorSeconds()
    let commitsBefore = store.commitCount
    let start = DispatchTime.now().uptimeNanoseconds
    let latencies = try await withThrowingTaskGroup(of: [Double].self) { tasks in
        for _ in 0..<clients {
            tasks.addTask {
                var latencies: [Double] = []
                var generator = SystemRandomNumberGenerator()
                while DispatchTime.now().uptimeNanoseconds < deadline {
                    let who = "p-\(Int.random(in: 0..<count, using: &generator))"
                    latencies.append(try await seconds {
                        guard let actor = try await vault.authenticate(token: token) else { throw BenchmarkFailure("the token was refused") }
                        _ = try await vault.read(externalID: who, items: ["email", "name"],
                                                 by: Requester(actor: actor, purpose: "service", source: "127.0.0.1"))
                    })
                }
                return latencies
            }
        }
        return try await tasks.reduce(into: []) { $0 += $1 }.sorted()
    }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let cpu = processorSeconds() - cpuBefore
    let commits = store.commitCount - commitsBefore
    try await store.close()
    guard !latencies.isEmpty else { throw BenchmarkFailure("no read finished: give one client or more and a duration") }
    func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 1000 }
    print(String(format: "reads (token, 2 items, durable log entry), %d people, %d clients: %.0f reads/s over %.1f s; %.3f ms of CPU a read; p50 %.2f ms, p99 %.2f ms; %d commits (%.1f reads a commit)",
                 count, clients, Double(latencies.count) / elapsed, elapsed, cpu / Double(latencies.count) * 1000, percentile(0.5), percentile(0.99),
                 commits, Double(latencies.count) / Double(max(commits, 1))))
}
