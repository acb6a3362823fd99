import Crypto
import Foundation
import Synchronization

/// A person's data key for one retention class, wrapped by a key-encryption key. Destroying the wrapped key makes
/// every value it protected unrecoverable (crypto-shredding).
public struct WrappedKey: Sendable, Hashable {
    public var keyVersion: Int
    public var sealed: Data

    public init(keyVersion: Int, sealed: Data) {
        self.keyVersion = keyVersion
        self.sealed = sealed
    }
}

/// Encryption of personal information: AES-256-GCM under per-person data keys, bound to where each value belongs.
public struct Cipher: Sendable {
    public let keys: KeyRing
    private let derived: DerivedKeys

    public init(keys: KeyRing) {
        self.keys = keys
        self.derived = DerivedKeys(keys)
    }

    /// A new data key for `subject`'s `retentionClass`, and its wrapped form to store.
    public func newDataKey(subject: String, retentionClass: String) throws -> (key: SymmetricKey, wrapped: WrappedKey) {
        let key = SymmetricKey(size: .bits256)
        return (key, try wrap(key, subject: subject, retentionClass: retentionClass))
    }

    public func wrap(_ key: SymmetricKey, subject: String, retentionClass: String) throws -> WrappedKey {
        let kek = try keys.encryptionKey(keys.currentVersion)
        let box = try key.withUnsafeBytes { bytes in
            try AES.GCM.seal(Data(bytes), using: kek, authenticating: Self.context("data key", subject, retentionClass))
        }
        guard let sealed = box.combined else { throw KeyError.malformedKeys(source: "memory", reason: "cannot seal") }
        return WrappedKey(keyVersion: keys.currentVersion, sealed: sealed)
    }

    public func unwrap(_ wrapped: WrappedKey, subject: String, retentionClass: String) throws -> SymmetricKey {
        let kek = try keys.encryptionKey(wrapped.keyVersion)
        let box = try AES.GCM.SealedBox(combined: wrapped.sealed)
        return SymmetricKey(data: try AES.GCM.open(box, using: kek, authenticating: Self.context("data key", subject, retentionClass)))
    }

    /// Re-wraps a data key under the current key-encryption key (key rotation); the data key itself is unchanged.
    public func rewrap(_ wrapped: WrappedKey, subject: String, retentionClass: String) throws -> WrappedKey {
        try wrap(try unwrap(wrapped, subject: subject, retentionClass: retentionClass), subject: subject, retentionClass: retentionClass)
    }

    /// Encrypts one value of `item` for `subject`; the ciphertext cannot be moved to another person or item.
    public func seal(_ value: String, item: String, subject: String, key: SymmetricKey) throws -> Data {
        try seal(bytes: Data(value.utf8), item: item, subject: subject, key: key)
    }

    public func open(_ sealed: Data, item: String, subject: String, key: SymmetricKey) throws -> String {
        String(decoding: try openBytes(sealed, item: item, subject: subject, key: key), as: UTF8.self)
    }

    /// Encrypts a file (a document filed with a request) the way `seal` encrypts a value.
    public func seal(bytes: Data, item: String, subject: String, key: SymmetricKey) throws -> Data {
        let box = try AES.GCM.seal(bytes, using: key, authenticating: Self.context("value", subject, item))
        guard let combined = box.combined else { throw KeyError.malformedKeys(source: "memory", reason: "cannot seal") }
        return combined
    }

    public func openBytes(_ sealed: Data, item: String, subject: String, key: SymmetricKey) throws -> Data {
        let box = try AES.GCM.SealedBox(combined: sealed)
        return try AES.GCM.open(box, using: key, authenticating: Self.context("value", subject, item))
    }

    /// A keyed blind index of a look-up value of `item`: equal values give equal indexes, and nothing else can be
    /// learnt from it without the key.
    public func blindIndex(_ value: String, item: String) -> Data {
        Data(derived.code(for: value, purpose: "blind index \(item)"))
    }

    /// The keyed pseudonym a person appears under in access records and logs.
    public func pseudonym(_ subject: String) -> String {
        Hex.string(derived.code(for: subject, purpose: "pseudonym").prefix(16))
    }

    private static func context(_ parts: String...) -> Data {
        Data(parts.joined(separator: "\u{1f}").utf8)
    }
}

/// Keys derived from the index secret, derived once per use and kept for the life of the cipher, each as an HMAC
/// already keyed: keying one hashes the key's inner and outer pads, which every code would otherwise do again.
private final class DerivedKeys: Sendable {
    private let keys: KeyRing
    private let cache = Mutex<[String: HMAC<SHA256>]>([:])

    init(_ keys: KeyRing) { self.keys = keys }

    /// The HMAC-SHA256 of `text` under the key derived for `purpose`.
    func code(for text: String, purpose: String) -> HMAC<SHA256>.MAC {
        var mac = keyed(purpose)
        mac.update(data: Data(text.utf8))
        return mac.finalize()
    }

    private func keyed(_ purpose: String) -> HMAC<SHA256> {
        if let mac = cache.withLock({ $0[purpose] }) { return mac }
        let mac = HMAC<SHA256>(key: keys.derivedKey(purpose))
        cache.withLock { $0[purpose] = mac }
        return mac
    }
}

/// Lower-case hexadecimal.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func string(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The SHA-256 of a document, in lower-case hexadecimal: how a power of attorney or another paper is recorded
/// without keeping it.
public func sha256Hex(_ data: Data) -> String {
    Hex.string(SHA256.hash(data: data))
}
