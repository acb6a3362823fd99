import Foundation
import Hummingbird
import HummingbirdTesting
import JikimAccessLog
import JikimCore
import JikimServer
import JikimStore
import Testing
@testable import JikimAccessLog

@Test("the server signs checkpoints as entries arrive and serves them, proofs and hash tiles")
func logEndpoints() async throws {
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: data) }
    try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
    let signer = try LogKeys.create(directory: data, origin: "jikim.test/server")
    let entries = (0..<300).map { n in
        LogEntry.rights(RightsChange(actor: "actor-\(n)", action: "granted", role: "support", by: "officer",
                                     at: Date(timeIntervalSince1970: 1_790_000_000 + Double(n))))
    }
    let store = try await Store.openSQLite(directory: data)
    _ = try await store.transaction { sql in try await AccessLog(store: store).append(entries, in: sql) }
    try await store.close()

    var configuration = ServerConfiguration(port: 0, dataDirectory: data)
    configuration.checkpointInterval = .milliseconds(100)
    try await withApplication(configuration, logger: quietLogger) { app in
        try await app.test(.live) { client in
            var note = ""
            for _ in 0..<100 where note.isEmpty {
                try await client.execute(uri: "/log/checkpoint", method: .get) { response in
                    if response.status == .ok { note = String(buffer: response.body) }
                }
                if note.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
            }
            let checkpoint = try Checkpoint(note: note, verifier: signer.verifier, origin: "jikim.test/server")
            #expect(checkpoint.size == 300)
            // The data directory's copy is written once the checkpoint is stored, so it may follow the served one by
            // a moment.
            for _ in 0..<100 where LogKeys.witness(directory: data) != note { try await Task.sleep(for: .milliseconds(20)) }
            #expect(LogKeys.witness(directory: data) == note)

            try await client.execute(uri: "/log/proof/inclusion?index=7&size=300", method: .get) { response in
                #expect(response.status == .ok)
                let proof = try JSONDecoder().decode(Proof.self, from: Data(response.body.readableBytesView))
                let hashes = proof.hashes.compactMap { Data(base64Encoded: $0) }
                #expect(MerkleProof.verifyInclusion(leaf: TreeHash.leaf(entries[7].encoded()), index: 7, size: 300, proof: hashes,
                                                    root: checkpoint.root))
            }
            try await client.execute(uri: "/log/proof/consistency?from=100&size=300", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/log/proof/inclusion?index=7&size=301", method: .get) { response in
                #expect(response.status == .notFound) // no checkpoint covers 301 entries
            }
            try await client.execute(uri: "/log/proof/inclusion?index=x&size=300", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/log/tile/0/000", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 256 * 32)
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
            }
            try await client.execute(uri: "/log/tile/0/001.p/44", method: .get) { response in
                #expect(response.body.readableBytes == 44 * 32)
                #expect(Data(response.body.readableBytesView).prefix(32) == TreeHash.leaf(entries[256].encoded()))
            }
            try await client.execute(uri: "/log/tile/1/000.p/1", method: .get) { response in
                #expect(response.status == .ok)
            }
            for missing in ["/log/tile/0/001", "/log/tile/entries/000", "/log/tile/0/1"] {
                try await client.execute(uri: missing, method: .get) { response in
                    #expect(response.status == .notFound, "\(missing)")
                }
            }
        }
    }
}

struct Proof: Decodable {
    var kind: String
    var size: UInt64
    var hashes: [String]
}
