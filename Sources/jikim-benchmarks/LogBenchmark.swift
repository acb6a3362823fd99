import Crypto
import Foundation
import JikimAccessLog
import JikimCore
import JikimStore
import SQLKit
import Synchronization

/// The access log's throughput, in one run: the machine's rate of single durable commits on SQLite (one row a
/// transaction, synchronous = FULL, WAL, as the store runs), then durable log entries per second with 1, 16 and 256
/// concurrent writers each recording one access a transaction, as the vault does (group commit shares commits and
/// appends between them); then
/// `jikim log verify` over `verifyEntries` entries beside plain SHA-256 over the same entry bytes.
func logBenchmark(entries count: Int, verifyEntries: Int) async throws {
    print("access log benchmark: \(count) entries per writer count, verify over \(verifyEntries) entries")

    // 1. Single durable commits, one after another.
    let commitsDirectory = temporaryDirectory("commits")
    defer { try? FileManager.default.removeItem(atPath: commitsDirectory) }
    let plain = try await Store.openSQLite(directory: commitsDirectory)
    try await plain.sql.raw("CREATE TABLE t (n INTEGER PRIMARY KEY, entry BLOB NOT NULL)").run()
    let sample = LogEntry.access(record(0)).encoded()
    let commits = min(count, 2_000)
    let commitTime = try await seconds {
        for n in 0..<commits {
            try await plain.transaction { sql in
                try await sql.insert(into: "t").columns("n", "entry").values(SQLBind(n), SQLBind(sample)).run()
            }
        }
    }
    try await plain.close()
    let commitRate = Double(commits) / commitTime
    print(String(format: "single durable commits (SQLite, one row each): %.0f/s", commitRate))

    // 2. Log entries from concurrent writers.
    print("| writers | entries | time | entries/s | durable commits | entries per commit | × single-commit rate |")
    print("|---|---|---|---|---|---|---|")
    for writers in [1, 16, 256] {
        let directory = temporaryDirectory("log-\(writers)")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try await Store.openSQLite(directory: directory)
        let log = AccessLog(store: store)
        let total = writers == 1 ? min(count, 2_000) : count
        let before = store.commitCount
        let time = try await seconds {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        for n in stride(from: writer, to: total, by: writers) {
                            try await store.transaction { sql in try await log.record([record(n)], in: sql) }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let durable = store.commitCount - before
        let size = try await store.transaction { sql in try await log.append([], in: sql) }
        try await store.close()
        guard size == UInt64(total) else { throw BenchmarkFailure("the log holds \(size) entries, not \(total)") }
        let rate = Double(total) / time
        print(String(format: "| %d | %d | %.2f s | %.0f | %d | %.1f | %.1f |", writers, total, time, rate, durable,
                     Double(total) / Double(max(durable, 1)), rate / commitRate))
    }

    // 3. Verification beside plain SHA-256 of the same bytes.
    let directory = temporaryDirectory("verify")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try await Store.openSQLite(directory: directory)
    let log = AccessLog(store: store)
    let signer = try NoteSigner.generate(name: "jikim.benchmark/log")
    let logged = (0..<verifyEntries).map { LogEntry.access(record($0)).encoded() }
    for chunk in stride(from: 0, to: verifyEntries, by: 5_000) {
        let batch = (chunk..<min(chunk + 5_000, verifyEntries)).map { LogEntry.access(record($0)) }
        _ = try await store.transaction { sql in try await log.append(batch, in: sql) }
        if chunk % 50_000 == 0 { try await log.checkpoint(signer: signer, origin: signer.name) }
    }
    try await log.checkpoint(signer: signer, origin: signer.name)
    let bytes = logged.reduce(0) { $0 + $1.count }
    var result: LogVerification?
    var verifyTimes: [Double] = []
    let rounds = ProcessInfo.processInfo.environment["JIKIM_VERIFY_ROUNDS"].flatMap(Int.init) ?? 5
    let processorBefore = processorSeconds()
    for _ in 0..<rounds {
        verifyTimes.append(try await seconds { result = try await log.verify(verifier: signer.verifier, origin: signer.name) })
    }
    let verifyProcessor = (processorSeconds() - processorBefore) / Double(rounds)
    let verifyTime = verifyTimes.sorted()[verifyTimes.count / 2]
    try await store.close()
    guard let result, result.intact, result.verifiedUpTo == UInt64(verifyEntries) else {
        throw BenchmarkFailure("the benchmark's log did not verify: \(result?.problems.map(\.description) ?? [])")
    }
    var shaTimes: [Double] = []
    var digest = Data()
    for _ in 0..<5 {
        let shaStart = DispatchTime.now().uptimeNanoseconds
        var hasher = SHA256()
        for entry in logged { hasher.update(data: entry) }
        digest = Data(hasher.finalize())
        shaTimes.append(Double(DispatchTime.now().uptimeNanoseconds - shaStart) / 1e9)
    }
    let shaTime = shaTimes.sorted()[2]
    guard digest.count == 32 else { throw BenchmarkFailure("no digest") }
    // The same tree's hashes through swift-crypto's `SHA256` type (a leaf hash per entry, a node hash per inner node),
    // of entries already in memory, spread over every core, nothing read or compared: why verify calls BoringSSL's
    // SHA-256 directly (the wrapper's context per hasher alone keeps this near half of plain SHA-256).
    var floorTimes: [Double] = []
    let cores = ProcessInfo.processInfo.activeProcessorCount
    for _ in 0..<5 {
        floorTimes.append(seconds { _ = treeHashes(logged, parts: cores) })
    }
    let floorTime = floorTimes.sorted()[2]
    let mb = Double(bytes) / 1_048_576
    print("verify and SHA-256: the median of 5 runs each")
    print(String(format: "verify used %.3f s of CPU a run (%.1f cores busy on average)", verifyProcessor, verifyProcessor / (verifyTimes.reduce(0, +) / Double(rounds))))
    print(String(format: "verify: %d entries (%.1f MiB) in %.3f s, %.1f MiB/s; plain SHA-256 over the same bytes: %.3f s, %.1f MiB/s; ratio %.2f",
                 verifyEntries, mb, verifyTime, mb / verifyTime, shaTime, mb / shaTime, shaTime / verifyTime))
    print(String(format: "the tree's hashes alone through swift-crypto's SHA256 type (in memory, %d cores): %.3f s; ratio to plain SHA-256 %.2f",
                 cores, floorTime, shaTime / floorTime))
}

/// The RFC 6962 hashes of `entries` (SHA-256(0x00 ‖ entry) for each leaf, SHA-256(0x01 ‖ left ‖ right) for each inner
/// node), the leaves split into `parts` runs hashed at once, each reduced to its root, then the roots combined: the
/// same number of hashes as the tree of all the entries, through swift-crypto's `SHA256` type.
private func treeHashes(_ entries: [Data], parts: Int) -> SHA256.Digest? {
    @Sendable func node(_ left: SHA256.Digest, _ right: SHA256.Digest) -> SHA256.Digest {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(1)) { hasher.update(bufferPointer: $0) }
        left.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        right.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize()
    }
    @Sendable func reduce(_ level: [SHA256.Digest]) -> SHA256.Digest? {
        var level = level
        while level.count > 1 {
            var parent: [SHA256.Digest] = []
            parent.reserveCapacity(level.count / 2 + 1)
            for index in stride(from: 0, to: level.count - 1, by: 2) { parent.append(node(level[index], level[index + 1])) }
            if level.count % 2 == 1, let last = level.last { parent.append(last) }
            level = parent
        }
        return level.first
    }
    let size = (entries.count + parts - 1) / parts
    let roots = Mutex([SHA256.Digest?](repeating: nil, count: parts))
    DispatchQueue.concurrentPerform(iterations: parts) { part in
        let leaves = entries[min(part * size, entries.count) ..< min((part + 1) * size, entries.count)].map { entry in
            var hasher = SHA256()
            withUnsafeBytes(of: UInt8(0)) { hasher.update(bufferPointer: $0) }
            entry.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            return hasher.finalize()
        }
        let root = reduce(leaves)
        roots.withLock { $0[part] = root }
    }
    return reduce(roots.withLock { $0.compactMap { $0 } })
}

/// A realistic access record: a staff member reading three items of a person for a purpose.
private func record(_ n: Int) -> AccessRecord {
    AccessRecord(actor: "staff-\(n % 40)", at: Date(timeIntervalSince1970: 1_795_000_000 + Double(n) / 10), source: "10.0.\(n % 7).\(n % 200)",
                 subject: String(format: "ps_%016llx%016llx", UInt64(n) &* 0x9E37_79B9_7F4A_7C15, UInt64(n) &* 0xC2B2_AE3D_27D4_EB4F),
                 operation: .read, purpose: "service", items: ["email", "mobile_phone", "name"], outcome: .allowed)
}
