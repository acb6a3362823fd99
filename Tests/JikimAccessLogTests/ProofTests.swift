import Foundation
import JikimCore
import JikimStore
import JikimTestSupport
import Testing
@testable import JikimAccessLog

/// The leaves and tree heads of the reference tests of Certificate Transparency (RFC 6962), as in
/// google/certificate-transparency's merkle_tree_test and transparency-dev/merkle's test data.
let ctLeaves: [Data] = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
    .map { hex in Data(stride(from: 0, to: hex.count, by: 2).compactMap { UInt8(hex.dropFirst($0).prefix(2), radix: 16) }) }
let ctRoots = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]

func hex(_ data: Data) -> String { data.map { String(format: "%02x", $0) }.joined() }

/// Perfect subtree hashes of an in-memory list of leaves.
func subtrees(_ leaves: [Data]) -> MerkleProof.Subtree {
    { level, index in
        let count = 1 << level
        return referenceRoot(leaves[Int(index) * count ..< Int(index) * count + count])
    }
}

@Test("tree heads match the RFC 6962 reference vectors for every size from 1 to 8")
func referenceTreeHeads() {
    var frontier = Frontier()
    for (size, leaf) in ctLeaves.enumerated() {
        frontier.append(leaf: TreeHash.leaf(leaf))
        #expect(hex(frontier.root) == ctRoots[size])
    }
}

@Test("every inclusion and consistency proof of the reference tree verifies; a changed hash or index does not")
func proofsOfTheReferenceTree() async throws {
    let leaves = ctLeaves
    let roots = try ctRoots.map { try #require(Data(hexString: $0)) }
    for size in 1...8 {
        for index in 0..<size {
            let proof = try await MerkleProof.inclusion(of: UInt64(index), size: UInt64(size), subtree: subtrees(leaves))
            let leaf = TreeHash.leaf(leaves[index])
            #expect(MerkleProof.verifyInclusion(leaf: leaf, index: UInt64(index), size: UInt64(size), proof: proof, root: roots[size - 1]))
            if !proof.isEmpty {
                var forged = proof
                forged[0][0] ^= 1
                #expect(!MerkleProof.verifyInclusion(leaf: leaf, index: UInt64(index), size: UInt64(size), proof: forged, root: roots[size - 1]))
                #expect(!MerkleProof.verifyInclusion(leaf: leaf, index: UInt64((index + 1) % size), size: UInt64(size), proof: proof, root: roots[size - 1]) || size == 1)
            }
        }
        for old in 1...size {
            let proof = try await MerkleProof.consistency(from: UInt64(old), to: UInt64(size), subtree: subtrees(leaves))
            #expect(MerkleProof.verifyConsistency(old: UInt64(old), new: UInt64(size), oldRoot: roots[old - 1], newRoot: roots[size - 1], proof: proof))
            if old < size {
                #expect(!MerkleProof.verifyConsistency(old: UInt64(old), new: UInt64(size), oldRoot: roots[size - 1], newRoot: roots[size - 1], proof: proof))
            }
        }
    }
    // RFC 6962's known consistency proof from 1 to 8 leaves has three hashes, from 6 to 8 three, from 2 to 5 two.
    #expect(try await MerkleProof.consistency(from: 1, to: 8, subtree: subtrees(leaves)).count == 3)
    #expect(try await MerkleProof.consistency(from: 6, to: 8, subtree: subtrees(leaves)).count == 3)
    #expect(try await MerkleProof.consistency(from: 2, to: 5, subtree: subtrees(leaves)).count == 2)
}

@Test("proofs read from the stored log verify against its tree heads across stored subtree levels", arguments: TestBackend.available)
func proofsFromTheStore(_ backend: TestBackend) async throws {
    let database = try await backend.open()
    let store = database.store
    let log = AccessLog(store: store)
    let entries = (0..<1_100).map(entry)
    var roots: [UInt64: Data] = [:]
    for chunk in stride(from: 0, to: entries.count, by: 100) {
        _ = try await store.transaction { sql in try await log.append(Array(entries[chunk..<chunk + 100]), in: sql) }
        let head = try await store.transaction { sql in try await log.head(in: sql) }
        roots[head.size] = head.root
    }
    let encoded = entries.map { $0.encoded() }
    for (index, size) in [(0, 100), (99, 100), (255, 300), (256, 1_100), (700, 1_000), (1_099, 1_100)] {
        let proof = try await log.inclusionProof(index: UInt64(index), size: UInt64(size))
        #expect(MerkleProof.verifyInclusion(leaf: TreeHash.leaf(encoded[index]), index: UInt64(index), size: UInt64(size),
                                            proof: proof, root: try #require(roots[UInt64(size)])))
    }
    for (old, new) in [(100, 1_100), (300, 600), (500, 1_000), (1_000, 1_100)] {
        let proof = try await log.consistencyProof(from: UInt64(old), to: UInt64(new))
        #expect(MerkleProof.verifyConsistency(old: UInt64(old), new: UInt64(new), oldRoot: try #require(roots[UInt64(old)]),
                                              newRoot: try #require(roots[UInt64(new)]), proof: proof))
    }
    await database.discard()
}

extension Data {
    init?(hexString: String) {
        let bytes = stride(from: 0, to: hexString.count, by: 2).compactMap { UInt8(hexString.dropFirst($0).prefix(2), radix: 16) }
        guard bytes.count * 2 == hexString.count else { return nil }
        self.init(bytes)
    }
}
