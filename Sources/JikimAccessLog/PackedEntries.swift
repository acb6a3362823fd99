import Crypto
import Foundation
import JikimStore
import SQLKit

/// Consecutive stored entries read as one run: their leaf hashes packed, and which entries failed their check,
/// so that verifying millions of entries costs a few hundred runs, not millions of rows.
struct PackedEntries: Sendable {
    var first: Int64
    var last: Int64
    var count: Int
    /// `count` leaf hashes of 32 bytes, in index order.
    var leaves: [UInt8]
    /// Each entry's length; -1 for an entry whose bytes were pruned.
    var lengths: [Int]
    /// The offsets (from `first`) of the entries whose bytes do not give their leaf hash.
    var failed: [Int]

    /// Whether the rows are the consecutive indexes `first`…`last`, with no index missing (and at least one).
    var isContiguous: Bool { count > 0 && last - first + 1 == Int64(count) && lengths.count == count && leaves.count == count * 32 }

    /// The stored entries with indexes in `first ..< first + count`, each checked against its stored leaf hash as
    /// it is read; nil past the end of the log.
    static func read(from first: Int64, count: Int, in scan: LogScan) async throws -> PackedEntries? {
        try await scan.run(from: first, count: count, check: { entry, leaf in
            leaf.count == 32 && TreeHash.leaf(entry) == Hash(bytes: leaf)
        }).map {
            PackedEntries(first: $0.first, last: $0.last, count: $0.count, leaves: $0.leaves, lengths: $0.lengths, failed: $0.failed)
        }
    }

    /// The offsets of the entries in `range` whose bytes do not give their leaf hash.
    func altered(in range: Range<Int>) -> [Int] {
        failed.filter(range.contains)
    }

    /// Calls `body` with each entry's leaf hash, in order.
    func forEachLeaf(_ body: (Hash) -> Void) {
        leaves.withUnsafeBytes { bytes in
            for position in 0..<count { body(Hash(bytes: UnsafeRawBufferPointer(rebasing: bytes[position * 32 ..< position * 32 + 32]))) }
        }
    }

    /// The root of the perfect subtree the leaf hashes make (`count` a power of two), and for each offset in
    /// `prefixes` the perfect subtrees, largest first, that the leaves before it split into (with their heights):
    /// what a tree that has grown to the run's start needs to compute its head at a checkpoint inside the run.
    func subtreeRoot(prefixes: [Int] = []) -> (root: Hash, prefixes: [[(hash: Hash, height: Int)]]) {
        var levels: [[Hash]] = [[]]
        levels[0].reserveCapacity(count)
        forEachLeaf { levels[0].append($0) }
        while let below = levels.last, below.count > 1 {
            var parent: [Hash] = []
            parent.reserveCapacity(below.count / 2)
            for index in stride(from: 0, to: below.count - 1, by: 2) { parent.append(TreeHash.node(below[index], below[index + 1])) }
            levels.append(parent)
        }
        let decompositions = prefixes.map { offset -> [(hash: Hash, height: Int)] in
            var parts: [(hash: Hash, height: Int)] = []
            var covered = 0
            for height in stride(from: levels.count - 1, through: 0, by: -1) where offset & (1 << height) != 0 {
                parts.append((levels[height][covered >> height], height))
                covered += 1 << height
            }
            return parts
        }
        return (levels.last?.first ?? Hash(SHA256.hash(data: Data())), decompositions)
    }
}
