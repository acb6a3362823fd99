import Crypto
import CryptoExtras
import Foundation

/// Passwords and other authentication secrets, stored one-way with scrypt: they can be verified, never read.
public struct PasswordHasher: Sendable {
    /// scrypt cost: N = 2^15, r = 8, p = 1 (about 32 MiB and tens of milliseconds per hash).
    public var rounds = 1 << 15
    public var blockSize = 8
    public var parallelism = 1

    public init() {}

    /// `scrypt$N$r$p$salt$hash`, salt and hash in base64.
    public func hash(_ secret: String) throws -> String {
        var salt = Data(count: 16)
        salt.withUnsafeMutableBytes { bytes in
            for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255) }
        }
        let derived = try derive(secret, salt: salt, rounds: rounds, blockSize: blockSize, parallelism: parallelism)
        return ["scrypt", String(rounds), String(blockSize), String(parallelism), salt.base64EncodedString(), derived.base64EncodedString()]
            .joined(separator: "$")
    }

    /// Whether `secret` matches a stored hash; a malformed hash never matches.
    public func verify(_ secret: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let n = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
              let salt = Data(base64Encoded: parts[4]), let expected = Data(base64Encoded: parts[5]),
              let derived = try? derive(secret, salt: salt, rounds: n, blockSize: r, parallelism: p)
        else { return false }
        return derived.count == expected.count && zip(derived, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func derive(_ secret: String, salt: Data, rounds: Int, blockSize: Int, parallelism: Int) throws -> Data {
        let key = try KDF.Scrypt.deriveKey(
            from: Data(secret.utf8), salt: salt, outputByteCount: 32, rounds: rounds, blockSize: blockSize,
            parallelism: parallelism, maxMemory: 64 * 1024 * 1024
        )
        return key.withUnsafeBytes { Data($0) }
    }
}
