import Crypto
import Foundation

/// RFC 6962 hashing: a leaf is SHA-256(0x00 ‖ entry), a node SHA-256(0x01 ‖ left ‖ right).
enum TreeHash {
    static func leaf(_ entry: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: [0])
        hasher.update(data: entry)
        return Data(hasher.finalize())
    }

    static func node(_ left: Data, _ right: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: [1])
        hasher.update(data: left)
        hasher.update(data: right)
        return Data(hasher.finalize())
    }

    /// The hash of the empty tree: SHA-256 of nothing.
    static let empty = Data(SHA256.hash(data: Data()))
}

/// The roots of the perfect subtrees a log of `size` leaves splits into, largest first (one per set bit of the
/// size): all a writer needs to append and to compute the tree head.
struct Frontier: Sendable, Equatable {
    private(set) var size: UInt64
    private(set) var hashes: [Data]

    init(size: UInt64 = 0, hashes: [Data] = []) {
        self.size = size
        self.hashes = hashes
    }

    /// Reads a stored frontier; nil when its hash count does not match the size.
    init?(size: UInt64, packed: Data) {
        guard packed.count == 32 * size.nonzeroBitCount else { return nil }
        self.size = size
        self.hashes = stride(from: 0, to: packed.count, by: 32).map { Data(packed[packed.startIndex + $0 ..< packed.startIndex + $0 + 32]) }
    }

    var packed: Data { hashes.reduce(into: Data()) { $0.append($1) } }

    /// Appends a leaf; `completed` is told of every perfect subtree the leaf completes, by level and index.
    mutating func append(leaf: Data, completed: (_ level: Int, _ index: UInt64, _ hash: Data) -> Void = { _, _, _ in }) {
        var hash = leaf
        var level = 0
        var remaining = size
        while remaining & 1 == 1, let left = hashes.popLast() {
            hash = TreeHash.node(left, hash)
            level += 1
            remaining >>= 1
            completed(level, (size + 1) >> UInt64(level) - 1, hash)
        }
        hashes.append(hash)
        size += 1
    }

    /// The tree head (root hash) of the log so far.
    var root: Data {
        guard var root = hashes.last else { return TreeHash.empty }
        for hash in hashes.dropLast().reversed() { root = TreeHash.node(hash, root) }
        return root
    }
}
