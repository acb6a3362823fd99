import Crypto
import Foundation
import JikimStore
import SQLKit

/// Consecutive stored entries read as one row: their leaf hashes and their bytes packed together by the database,
/// so that verifying millions of entries costs a few thousand rows, not millions.
struct PackedEntries: Sendable {
    var first: Int64
    var last: Int64
    var count: Int
    /// `count` leaf hashes of 32 bytes, in index order.
    var leaves: [UInt8]
    /// Each entry's length; -1 for an entry whose bytes were pruned.
    var lengths: [Int]
    /// The entries' bytes, concatenated in index order; empty when they were checked as they were read.
    var entries: [UInt8]
    /// The offsets of the entries that failed the check made while reading, if one was.
    var failed: [Int]?

    /// Whether the rows are the consecutive indexes `first`…`last`, with no index missing (and at least one).
    var isContiguous: Bool { count > 0 && last - first + 1 == Int64(count) && lengths.count == count && leaves.count == count * 32 }

    /// The next `limit` stored entries from index `from` on; nil when there are none.
    /// Each entry is checked against its stored leaf hash as it is read.
    static func read(from first: Int64, count: Int, in scan: LogScan) async throws -> PackedEntries? {
        try await scan.run(from: first, count: count, check: { entry, leaf in
            leaf.count == 32 && TreeHash.leaf(entry) == Hash(bytes: leaf)
        }).map {
            PackedEntries(first: $0.first, last: $0.last, count: $0.count, leaves: $0.leaves, lengths: $0.lengths,
                          entries: $0.entries, failed: $0.failed)
        }
    }

    /// The offsets (from `first`) of entries whose bytes do not give their leaf hash, checking entries `range`.
    func altered(in range: Range<Int>) -> [Int] {
        if let failed { return failed.filter(range.contains) }
        var offsets = [Int](repeating: 0, count: lengths.count + 1)
        for (position, length) in lengths.enumerated() { offsets[position + 1] = offsets[position] + max(0, length) }
        var bad: [Int] = []
        entries.withUnsafeBytes { entryBytes in
            leaves.withUnsafeBytes { leafBytes in
                for position in range where lengths[position] >= 0 {
                    let start = offsets[position]
                    let end = start + lengths[position]
                    guard end <= entryBytes.count else {
                        bad.append(position)
                        continue
                    }
                    let computed = TreeHash.leaf(UnsafeRawBufferPointer(rebasing: entryBytes[start..<end]))
                    let stored = Hash(bytes: UnsafeRawBufferPointer(rebasing: leafBytes[position * 32 ..< position * 32 + 32]))
                    if computed != stored { bad.append(position) }
                }
            }
        }
        return bad
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
