import Crypto
import JikimCrypto
import Synchronization

/// The vault's current key ring, replaced when a rotation by another process brings a key version it lacks.
final class KeyHolder: Sendable {
    private let current: Mutex<Cipher>
    private let reload: (@Sendable () throws -> KeyRing)?

    init(_ keys: KeyRing, reload: (@Sendable () throws -> KeyRing)?) {
        self.current = Mutex(Cipher(keys: keys))
        self.reload = reload
    }

    var cipher: Cipher { current.withLock { $0 } }

    /// Unwraps a data key, reloading the key ring once if the key is wrapped by a version it does not hold.
    func unwrap(_ wrapped: WrappedKey, subject: String, retentionClass: String) throws -> SymmetricKey {
        let cipher = self.cipher
        do {
            return try cipher.unwrap(wrapped, subject: subject, retentionClass: retentionClass)
        } catch KeyError.unknownKeyVersion(let version) {
            guard let reload, let fresh = try? reload(), fresh.versions.contains(version) else {
                throw KeyError.unknownKeyVersion(version)
            }
            let replacement = Cipher(keys: fresh)
            current.withLock { $0 = replacement }
            return try replacement.unwrap(wrapped, subject: subject, retentionClass: retentionClass)
        }
    }
}
