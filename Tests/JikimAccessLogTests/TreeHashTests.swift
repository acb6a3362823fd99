import Crypto
import Foundation
import Testing
@testable import JikimAccessLog

/// The tree hashes BoringSSL's SHA-256 directly; these hold it to swift-crypto's `SHA256` over the same bytes.
@Test("a leaf hash is swift-crypto's SHA-256 of 0x00 and the entry, for entries of every length around the block edges")
func leafHashesMatchSwiftCrypto() {
    var generator = SystemRandomNumberGenerator()
    let lengths = Array(0...300) + [511, 512, 513, 4_095, 4_096, 65_537, 1_048_576]
    for length in lengths {
        let entry = Data((0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let expected = Data(SHA256.hash(data: Data([0]) + entry))
        #expect(TreeHash.leaf(entry) == expected, "entry of \(length) bytes")
    }
}

@Test("a node hash is swift-crypto's SHA-256 of 0x01, the left hash and the right hash")
func nodeHashesMatchSwiftCrypto() {
    for _ in 0..<1_000 {
        let left = Data(SHA256.hash(data: Data(UUID().uuidString.utf8)))
        let right = Data(SHA256.hash(data: Data(UUID().uuidString.utf8)))
        let expected = Data(SHA256.hash(data: Data([1]) + left + right))
        #expect(TreeHash.node(left, right) == expected)
        if let left = Hash(left), let right = Hash(right) {
            #expect(TreeHash.node(left, right).data == expected)
            #expect(TreeHash.node(right, left).data != expected)
        } else {
            Issue.record("a 32-byte digest did not make a Hash")
        }
    }
}

@Test("a leaf hash read from unaligned bytes is the same as from a fresh copy")
func leafHashesOfUnalignedBytes() {
    let bytes = Data((0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
    for offset in 0..<16 {
        let entry = bytes[offset ..< offset + 200]
        let fromSlice = entry.withUnsafeBytes { TreeHash.leaf($0) }
        #expect(fromSlice.data == Data(SHA256.hash(data: Data([0]) + Data(entry))), "offset \(offset)")
    }
}
