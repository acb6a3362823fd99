// The tree's hashes call SHA-256 in swift-crypto's BoringSSL directly, the same code swift-crypto's `SHA256` runs:
// its wrapper allocates, copies and zeroises a context for every hasher, which for the tree's short inputs (a leaf of
// a few hundred bytes, a node of 65) costs as much as the hashing itself and kept `jikim log verify` at a third of
// plain SHA-256's speed. Nothing else in Jikim calls BoringSSL; the tests hold these hashes to swift-crypto's.
internal import CCryptoBoringSSL
import Crypto
import Foundation

/// A SHA-256 hash held inline (no allocation), for the tree's hot paths.
struct Hash: Sendable, Equatable {
    var words: (UInt64, UInt64, UInt64, UInt64)

    init(_ digest: SHA256.Digest) {
        words = digest.withUnsafeBytes { $0.loadUnaligned(as: (UInt64, UInt64, UInt64, UInt64).self) }
    }

    init?(_ data: Data) {
        guard data.count == 32 else { return nil }
        words = data.withUnsafeBytes { $0.loadUnaligned(as: (UInt64, UInt64, UInt64, UInt64).self) }
    }

    init(bytes: UnsafeRawBufferPointer) {
        words = bytes.loadUnaligned(as: (UInt64, UInt64, UInt64, UInt64).self)
    }

    static let zero = Hash(words: (0, 0, 0, 0))

    private init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    var data: Data { withUnsafeBytes(of: words) { Data($0) } }

    static func == (lhs: Hash, rhs: Hash) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }
}

/// RFC 6962 hashing: a leaf is SHA-256(0x00 ‖ entry), a node SHA-256(0x01 ‖ left ‖ right).
enum TreeHash {
    static func leaf(_ entry: Data) -> Data {
        entry.withUnsafeBytes { leaf($0).data }
    }

    static func leaf(_ entry: UnsafeRawBufferPointer) -> Hash {
        var context = SHA256_CTX()
        var prefix = UInt8(0)
        var hash = Hash.zero
        CCryptoBoringSSL_SHA256_Init(&context)
        CCryptoBoringSSL_SHA256_Update(&context, &prefix, 1)
        CCryptoBoringSSL_SHA256_Update(&context, entry.baseAddress, entry.count)
        withUnsafeMutableBytes(of: &hash.words) { digest in
            _ = CCryptoBoringSSL_SHA256_Final(digest.baseAddress?.assumingMemoryBound(to: UInt8.self), &context)
        }
        return hash
    }

    static func node(_ left: Data, _ right: Data) -> Data {
        guard let left = Hash(left), let right = Hash(right) else {
            var hasher = SHA256()
            hasher.update(data: Data([1]) + left + right)
            return Data(hasher.finalize())
        }
        return node(left, right).data
    }

    static func node(_ left: Hash, _ right: Hash) -> Hash {
        var hash = Hash.zero
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { input in
            input.storeBytes(of: 1, as: UInt8.self)
            input.storeBytes(of: left.words, toByteOffset: 1, as: (UInt64, UInt64, UInt64, UInt64).self)
            input.storeBytes(of: right.words, toByteOffset: 33, as: (UInt64, UInt64, UInt64, UInt64).self)
            withUnsafeMutableBytes(of: &hash.words) { digest in
                _ = CCryptoBoringSSL_SHA256(input.baseAddress?.assumingMemoryBound(to: UInt8.self), 65,
                                            digest.baseAddress?.assumingMemoryBound(to: UInt8.self))
            }
        }
        return hash
    }

    /// The hash of the empty tree: SHA-256 of nothing.
    static let empty = Data(SHA256.hash(data: Data()))
}

/// The roots of the perfect subtrees a log of `size` leaves splits into, largest first (one per set bit of the
/// size): all a writer needs to append and to compute the tree head.
struct Frontier: Sendable, Equatable {
    private(set) var size: UInt64
    private var roots: [Hash]

    init() {
        size = 0
        roots = []
    }

    /// Reads a stored frontier; nil when its hash count does not match the size.
    init?(size: UInt64, packed: Data) {
        guard packed.count == 32 * size.nonzeroBitCount else { return nil }
        self.size = size
        self.roots = packed.withUnsafeBytes { bytes in
            stride(from: 0, to: bytes.count, by: 32).map { Hash(bytes: UnsafeRawBufferPointer(rebasing: bytes[$0 ..< $0 + 32])) }
        }
    }

    var packed: Data { roots.reduce(into: Data()) { $0.append($1.data) } }

    /// Appends a leaf; `completed` is told of every perfect subtree the leaf completes, by level and index.
    mutating func append(leaf: Data, completed: (_ level: Int, _ index: UInt64, _ hash: Data) -> Void) {
        append(Hash(leaf) ?? Hash(SHA256.hash(data: leaf))) { level, index, hash in completed(level, index, hash.data) }
    }

    /// Appends a stored leaf hash; one of the wrong length (a tampered row) still counts, as a hash no tree has.
    mutating func append(leaf: Data) {
        append(Hash(leaf) ?? Hash(SHA256.hash(data: leaf)))
    }

    /// Appends a leaf hash; `completed` is told of every perfect subtree it completes.
    mutating func append(_ leaf: Hash) {
        append(leaf) { _, _, _ in }
    }

    mutating func append(_ leaf: Hash, completed: (_ level: Int, _ index: UInt64, _ hash: Hash) -> Void) {
        var hash = leaf
        var level = 0
        var remaining = size
        while remaining & 1 == 1, let left = roots.popLast() {
            hash = TreeHash.node(left, hash)
            level += 1
            remaining >>= 1
            completed(level, (size + 1) >> UInt64(level) - 1, hash)
        }
        roots.append(hash)
        size += 1
    }

    /// Appends the root of a perfect subtree of 2^`height` leaves; the size must be a multiple of 2^`height`.
    mutating func append(subtree hash: Hash, height: Int) {
        var hash = hash
        var remaining = size >> UInt64(height)
        while remaining & 1 == 1, let left = roots.popLast() {
            hash = TreeHash.node(left, hash)
            remaining >>= 1
        }
        roots.append(hash)
        size += 1 << UInt64(height)
    }

    /// The tree head (root hash) of the log so far.
    var root: Data {
        guard var root = roots.last else { return TreeHash.empty }
        for hash in roots.dropLast().reversed() { root = TreeHash.node(hash, root) }
        return root.data
    }
}
