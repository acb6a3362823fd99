import Foundation

extension MerkleProof {
    /// Whether `proof` shows the leaf with hash `leaf` at `index` in the tree of `size` leaves with head `root`
    /// (RFC 9162 §2.1.3.2).
    public static func verifyInclusion(leaf: Data, index: UInt64, size: UInt64, proof: [Data], root: Data) -> Bool {
        guard index < size else { return false }
        var fn = index
        var sn = size - 1
        var hash = leaf
        for sibling in proof {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                hash = TreeHash.node(sibling, hash)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                hash = TreeHash.node(hash, sibling)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && hash == root
    }

    /// Whether `proof` shows the tree of `old` leaves with head `oldRoot` to be a prefix of the tree of `new`
    /// leaves with head `newRoot` (RFC 9162 §2.1.4.2).
    public static func verifyConsistency(old: UInt64, new: UInt64, oldRoot: Data, newRoot: Data, proof: [Data]) -> Bool {
        guard old <= new else { return false }
        if old == new { return proof.isEmpty && oldRoot == newRoot }
        if old == 0 { return proof.isEmpty }
        guard !proof.isEmpty else { return false }
        var path = proof
        if old.nonzeroBitCount == 1 { path.insert(oldRoot, at: 0) }
        var fn = old - 1
        var sn = new - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for hash in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = TreeHash.node(hash, fr)
                sr = TreeHash.node(hash, sr)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                sr = TreeHash.node(sr, hash)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && fr == oldRoot && sr == newRoot
    }
}
