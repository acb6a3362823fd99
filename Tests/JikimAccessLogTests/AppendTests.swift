import Crypto
import Foundation
import JikimCore
import JikimStore
import SQLKit
import JikimTestSupport
import Testing
@testable import JikimAccessLog

/// The Merkle tree hash of RFC 6962 §2.1, computed the slow, obvious way from all leaves.
func referenceRoot(_ leaves: ArraySlice<Data>) -> Data {
    if leaves.isEmpty { return Data(SHA256.hash(data: Data())) }
    if leaves.count == 1, let only = leaves.first { return TreeHash.leaf(only) }
    var split = 1
    while split * 2 < leaves.count { split *= 2 }
    return TreeHash.node(referenceRoot(leaves.prefix(split)), referenceRoot(leaves.dropFirst(split)))
}

func entry(_ n: Int) -> LogEntry {
    .rights(RightsChange(actor: "actor-\(n)", action: "granted", role: "r\(n % 3)", by: "officer",
                         at: Date(timeIntervalSince1970: 1_790_000_000 + Double(n))))
}

@Test("appends in many transactions give the RFC 6962 tree head of all entries, and store every complete subtree of 256", arguments: TestBackend.available)
func appendsGiveTheTreeHead(_ backend: TestBackend) async throws {
    let database = try await backend.open()
    let store = database.store
    let log = AccessLog(store: store)
    var entries: [Data] = []
    let sizes = [0, 1, 2, 3, 7, 8, 255, 256, 257, 600]
    var next = 0
    for size in sizes.dropFirst() {
        let batch = (next..<size).map(entry)
        _ = try await store.transaction { sql in try await log.append(batch, in: sql) }
        entries += batch.map { $0.encoded() }
        next = size
        let head = try await store.transaction { sql in try await log.head(in: sql) }
        #expect(head.size == UInt64(size))
        #expect(head.root == referenceRoot(entries[...]), "size \(size)")
    }
    let stored = try await store.sql.raw("SELECT level, idx, hash FROM log_nodes ORDER BY level, idx").all()
    #expect(stored.count == 2) // leaves 0–255 and 256–511
    #expect(try stored[1].decode(column: "hash", as: Data.self) == referenceRoot(entries[256..<512]))
    await database.discard()
}
