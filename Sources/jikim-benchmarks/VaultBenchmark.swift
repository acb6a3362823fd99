import Foundation
import JikimCore
import JikimCrypto
import JikimPolicyFile
import JikimStore
import JikimVault
import SQLKit

/// Imports `subjects` people with five items each into a fresh SQLite vault, then stores the same people's records
/// as raw rows in a fresh SQLite database with the same settings, and prints both rates and their ratio; then
/// `reads` purpose-checked reads of random people, with their latency.
func vaultBenchmark(subjects count: Int, reads: Int, policy path: String) async throws {
    let policy = try PolicyFile.load(path: path).policy
    let batchSize = 500
    let people = (0..<count).map { i in
        NewSubject(
            externalID: "customer-\(i)",
            values: [
                "email": "user\(i)@example.kr", "mobile_phone": String(format: "010-%04d-%04d", i / 10_000, i % 10_000),
                "name": "사용자\(i)", "company_name": "한빛상사 \(i % 97)", "position": "대리",
            ],
            consents: ["collection"]
        )
    }
    // What a person is, as bytes: the same record the import reads (external ID and the five values).
    let records = try people.map { try JSONEncoder().encode(["id": $0.externalID].merging($0.values) { a, _ in a }) }
    let bytes = records.reduce(0) { $0 + $1.count }

    let vaultDirectory = temporaryDirectory("vault")
    let rawDirectory = temporaryDirectory("raw")
    let sameBytesDirectory = temporaryDirectory("same-bytes")
    defer {
        try? FileManager.default.removeItem(atPath: sameBytesDirectory)
        try? FileManager.default.removeItem(atPath: vaultDirectory)
        try? FileManager.default.removeItem(atPath: rawDirectory)
    }

    let store = try await Store.openSQLite(directory: vaultDirectory)
    let vault = Vault(policy: policy, store: store, keys: .generate(), recorder: TableAccessRecorder())
    try await vault.addActor("importer", kind: .service, by: "benchmark")
    try await vault.grant("ssl_operations", to: "importer", by: "benchmark")
    try await vault.addActor("staff", kind: .staff, by: "benchmark")
    try await vault.grant("ssl_operations", to: "staff", by: "benchmark")
    let requester = Requester(actor: "importer", purpose: "service", source: "127.0.0.1")

    var imported = 0
    let importTime = try await seconds {
        try await vault.create(batches: people.chunked(into: batchSize).map(Array.init), by: requester) { _, results in
            imported += results.filter { (try? $0.get()) != nil }.count
        }
    }
    guard imported == count else { throw BenchmarkFailure("imported \(imported) of \(count)") }

    // The same rows the import wrote, byte for byte, inserted into a fresh store with the same schema and settings
    // in the same batches: the cost of storing what Jikim stores, without its checks, encryption and records.
    let written = try await StoredRows.read(from: store.sql)
    let sameBytes = try await Store.openSQLite(directory: sameBytesDirectory)
    let sameBytesTime = try await seconds {
        for batch in written.batches(of: batchSize) {
            try await sameBytes.transaction { sql in try await batch.insert(into: sql) }
        }
    }
    try await sameBytes.close()

    let raw = try await Store.openSQLite(directory: rawDirectory)
    try await raw.sql.raw("CREATE TABLE raw_people (id TEXT PRIMARY KEY, record BLOB NOT NULL)").run()
    let rawTime = try await seconds {
        for batch in zip(people, records).map({ ($0.externalID, $1) }).chunked(into: batchSize) {
            try await raw.transaction { sql in
                var insert = sql.insert(into: "raw_people").columns("id", "record")
                for (id, record) in batch { insert = insert.values(SQLBind(id), SQLBind(record)) }
                try await insert.run()
            }
        }
    }
    try await raw.close()

    let reader = Requester(actor: "staff", purpose: "service", source: "127.0.0.1")
    var latencies: [Double] = []
    latencies.reserveCapacity(reads)
    var generator = SystemRandomNumberGenerator()
    let readTime = try await seconds {
        for _ in 0..<reads {
            let who = "customer-\(Int.random(in: 0..<count, using: &generator))"
            latencies.append(try await seconds {
                _ = try await vault.read(externalID: who, items: ["email", "name", "mobile_phone"], by: reader)
            })
        }
    }
    // The same reads from 16 clients at once: their access records share commits.
    let clients = 16
    let commitsBefore = store.commitCount
    let concurrentTime = try await seconds {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for _ in 0..<clients {
                tasks.addTask {
                    var generator = SystemRandomNumberGenerator()
                    for _ in 0..<(reads / clients) {
                        let who = "customer-\(Int.random(in: 0..<count, using: &generator))"
                        _ = try await vault.read(externalID: who, items: ["email", "name", "mobile_phone"], by: reader)
                    }
                }
            }
            try await tasks.waitForAll()
        }
    }
    let concurrentCommits = store.commitCount - commitsBefore
    try await store.close()

    let importRate = Double(count) / importTime
    let rawRate = Double(count) / rawTime
    let sameBytesRate = Double(count) / sameBytesTime
    latencies.sort()
    func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 1000 }
    print("policy: \(path); \(count) people, 5 items each, \(bytes) bytes of records; \(batchSize) people a transaction; SQLite WAL, synchronous FULL")
    print(String(format: "import (checked, encrypted, indexed, consents and access records): %.0f people/s (%.2f s)", importRate, importTime))
    print(String(format: "raw insert of the same bytes the import stored (%d rows, %d bytes, %.0f a person): %.0f people/s (%.2f s)",
                 written.rowCount, written.byteCount, Double(written.byteCount) / Double(count), sameBytesRate, sameBytesTime))
    print(String(format: "ratio import / raw insert of the same bytes: %.2f", importRate / sameBytesRate))
    print(String(format: "for comparison, raw insert of the plaintext records, one row a person: %.0f people/s (%.2f s), ratio %.3f",
                 rawRate, rawTime, importRate / rawRate))
    print(String(format: "purpose-checked reads (3 items, recorded): %.0f reads/s over %d, p50 %.3f ms, p99 %.3f ms",
                 Double(reads) / readTime, reads, percentile(0.5), percentile(0.99)))
    print(String(format: "the same from %d clients at once: %.0f reads/s, %d reads in %d commits (%.1f a commit)",
                 clients, Double(reads / clients * clients) / concurrentTime, reads / clients * clients, concurrentCommits,
                 Double(reads / clients * clients) / Double(max(concurrentCommits, 1))))
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func temporaryDirectory(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("jikim-bench-\(name)-\(UUID().uuidString)").path
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
