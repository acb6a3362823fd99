import Foundation

/// Inclusion and consistency proofs of RFC 9162 §2.1.3 and §2.1.4, generated from the hashes of the tree's
/// perfect subtrees and verified from nothing but the proof and the tree heads.
public enum MerkleProof {
    /// The hash of the perfect subtree at `level` (2^level leaves) with index `index` at that level.
    public typealias Subtree = (_ level: Int, _ index: UInt64) async throws -> Data

    /// The proof that leaf `index` is in the tree of `size` leaves (RFC 9162 §2.1.3.1).
    public static func inclusion(of index: UInt64, size: UInt64, subtree: Subtree) async throws -> [Data] {
        precondition(index < size, "leaf \(index) is not in a tree of \(size)")
        var proof: [Data] = []
        var start: UInt64 = 0
        var count = size
        var leaf = index
        var path: [Data] = []
        while count > 1 {
            let split = largestPowerOfTwo(below: count)
            if leaf < split {
                path.append(try await range(start + split, count - split, subtree))
                count = split
            } else {
                path.append(try await range(start, split, subtree))
                start += split
                leaf -= split
                count -= split
            }
        }
        proof = path.reversed()
        return proof
    }

    /// The proof that the tree of `old` leaves is a prefix of the tree of `new` leaves (RFC 9162 §2.1.4.1).
    public static func consistency(from old: UInt64, to new: UInt64, subtree: Subtree) async throws -> [Data] {
        precondition(old <= new, "a tree of \(old) cannot be a prefix of one of \(new)")
        guard old > 0, old < new else { return [] }
        var path: [Data] = []
        var start: UInt64 = 0
        var m = old
        var n = new
        var complete = true
        while m != n {
            let split = largestPowerOfTwo(below: n)
            if m <= split {
                path.append(try await range(start + split, n - split, subtree))
                n = split
            } else {
                path.append(try await range(start, split, subtree))
                start += split
                m -= split
                n -= split
                complete = false
            }
        }
        if !complete { path.append(try await range(start, m, subtree)) }
        return path.reversed()
    }

    /// The tree hash of `count` leaves from `start`, a range the proofs only ever ask for aligned as RFC 9162 splits.
    static func range(_ start: UInt64, _ count: UInt64, _ subtree: Subtree) async throws -> Data {
        if count.nonzeroBitCount == 1, start % count == 0 {
            return try await subtree(count.trailingZeroBitCount, start / count)
        }
        let split = largestPowerOfTwo(below: count)
        return TreeHash.node(try await range(start, split, subtree), try await range(start + split, count - split, subtree))
    }

    /// The largest power of two smaller than `n` (n > 1).
    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        UInt64(1) << UInt64(63 - (n - 1).leadingZeroBitCount)
    }
}
