import Crypto
import Foundation

/// Why keys could not be loaded or used.
public enum KeyError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingKeyFile(String)
    case unreadableKeyFile(String)
    case keyFileReadableByOthers(path: String, mode: String)
    case malformedKeys(source: String, reason: String)
    case unknownKeyVersion(Int)
    case keyFileExists(String)
    case cannotWriteKeyFile(String)
    case retiringCurrentKey(Int)

    public var description: String {
        switch self {
        case .missingKeyFile(let path):
            "no key file at \(path): run `jikim init` to create one, or set JIKIM_KEYS"
        case .unreadableKeyFile(let path): "the key file \(path) cannot be read"
        case .keyFileReadableByOthers(let path, let mode):
            "the key file \(path) has mode \(mode); it must be readable by its owner only (chmod 600 \(path))"
        case .malformedKeys(let source, let reason): "the keys in \(source) are malformed: \(reason)"
        case .unknownKeyVersion(let version):
            "data was wrapped with key version \(version), which the key file does not hold; restore that key version"
        case .keyFileExists(let path): "a key file already exists at \(path); it is never overwritten"
        case .cannotWriteKeyFile(let path): "cannot write the key file \(path)"
        case .retiringCurrentKey(let version): "key version \(version) is the current one; rotate first, then retire it"
        }
    }
}

/// The secrets Jikim's protection rests on: versioned key-encryption keys that wrap every person's data keys, and
/// a separate secret for blind indexes and pseudonyms, which must stay stable across key rotations.
public struct KeyRing: Sendable {
    public let currentVersion: Int
    private let encryptionKeys: [Int: SymmetricKey]
    private let indexSecret: SymmetricKey

    /// A new key ring with one key-encryption key.
    public static func generate() -> KeyRing {
        KeyRing(currentVersion: 1, encryptionKeys: [1: SymmetricKey(size: .bits256)], indexSecret: SymmetricKey(size: .bits256))
    }

    init(currentVersion: Int, encryptionKeys: [Int: SymmetricKey], indexSecret: SymmetricKey) {
        self.currentVersion = currentVersion
        self.encryptionKeys = encryptionKeys
        self.indexSecret = indexSecret
    }

    /// The same ring with a new current key-encryption key; older versions stay to unwrap what they wrapped.
    public func rotated() -> KeyRing {
        var keys = encryptionKeys
        let next = (keys.keys.max() ?? 0) + 1
        keys[next] = SymmetricKey(size: .bits256)
        return KeyRing(currentVersion: next, encryptionKeys: keys, indexSecret: indexSecret)
    }

    public var versions: [Int] { encryptionKeys.keys.sorted() }

    func encryptionKey(_ version: Int) throws(KeyError) -> SymmetricKey {
        guard let key = encryptionKeys[version] else { throw .unknownKeyVersion(version) }
        return key
    }

    /// A key for one use, derived from the index secret, so that blind indexes of different items and pseudonyms
    /// cannot be compared with one another.
    func derivedKey(_ purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: indexSecret, info: Data("jikim \(purpose)".utf8), outputByteCount: 32)
    }

    // MARK: - Key file

    private struct File: Codable {
        var format: Int
        var current: Int
        var keys: [String: String]
        var index: String
    }

    /// The key ring as the key file stores it (JSON, keys in base64).
    public func serialized() -> Data {
        let file = File(
            format: 1, current: currentVersion,
            keys: Dictionary(uniqueKeysWithValues: encryptionKeys.map { (String($0.key), $0.value.base64) }),
            index: indexSecret.base64
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return (try? encoder.encode(file)) ?? Data()
    }

    /// Reads a key ring from the key file's text; `source` names it in messages.
    public static func parse(_ data: Data, source: String) throws(KeyError) -> KeyRing {
        guard let file = try? JSONDecoder().decode(File.self, from: data) else {
            throw .malformedKeys(source: source, reason: "not a Jikim key file (JSON with format, current, keys, index)")
        }
        guard file.format == 1 else { throw .malformedKeys(source: source, reason: "unknown format \(file.format)") }
        var keys: [Int: SymmetricKey] = [:]
        for (version, text) in file.keys {
            guard let number = Int(version), let key = SymmetricKey(base64: text), key.bitCount == 256 else {
                throw .malformedKeys(source: source, reason: "key version '\(version)' is not a 256-bit key in base64")
            }
            keys[number] = key
        }
        guard keys[file.current] != nil else {
            throw .malformedKeys(source: source, reason: "the current version \(file.current) has no key")
        }
        guard let index = SymmetricKey(base64: file.index), index.bitCount == 256 else {
            throw .malformedKeys(source: source, reason: "the index secret is not a 256-bit key in base64")
        }
        return KeyRing(currentVersion: file.current, encryptionKeys: keys, indexSecret: index)
    }

    /// Loads the key file at `path`, refusing one that others than its owner could read.
    public static func load(path: String) throws(KeyError) -> KeyRing {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw .missingKeyFile(path)
        }
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.uint16Value, mode & 0o077 != 0 {
            throw .keyFileReadableByOthers(path: path, mode: String(mode, radix: 8))
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadableKeyFile(path) }
        return try parse(data, source: path)
    }

    /// Writes the key ring to a new file readable by its owner only; never overwrites one.
    public func create(path: String) throws(KeyError) {
        guard !FileManager.default.fileExists(atPath: path) else { throw .keyFileExists(path) }
        try write(path: path)
    }

    /// Replaces the key file (after a rotation) atomically and durably, keeping it readable by its owner only:
    /// the new file is written and flushed to disk before it takes the old one's place, so that no data key is
    /// ever wrapped by a key that a crash could lose.
    public func write(path: String) throws(KeyError) {
        let temporary = path + ".new"
        try? FileManager.default.removeItem(atPath: temporary)
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: temporary)
        else { throw .cannotWriteKeyFile(path) }
        do {
            try handle.write(contentsOf: serialized())
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .cannotWriteKeyFile(path)
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .cannotWriteKeyFile(path)
        }
        let directory = open((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent, O_RDONLY)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    /// The same ring without key version `version`, once nothing is wrapped by it any more.
    public func retiring(_ version: Int) throws(KeyError) -> KeyRing {
        guard version != currentVersion else { throw .retiringCurrentKey(version) }
        guard encryptionKeys[version] != nil else { throw .unknownKeyVersion(version) }
        var keys = encryptionKeys
        keys[version] = nil
        return KeyRing(currentVersion: currentVersion, encryptionKeys: keys, indexSecret: indexSecret)
    }
}

extension SymmetricKey {
    var base64: String { withUnsafeBytes { Data($0).base64EncodedString() } }

    init?(base64: String) {
        guard let data = Data(base64Encoded: base64) else { return nil }
        self.init(data: data)
    }
}
