import Crypto
import Foundation

/// The key that signs the log's checkpoints: Ed25519, in the key formats of golang.org/x/mod/sumdb/note and C2SP
/// signed-note, so that existing tools verify the checkpoints. The signer key is
/// `PRIVATE+KEY+<name>+<key ID in hex>+<base64(0x01 ‖ seed)>`; the verifier key `<name>+<key ID>+<base64(0x01 ‖
/// public key)>`; the key ID is the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
public struct NoteSigner: Sendable {
    public let name: String
    let key: Curve25519.Signing.PrivateKey

    /// A new signer; `name` must contain neither spaces nor '+'.
    public static func generate(name: String) throws(NoteKeyError) -> NoteSigner {
        try NoteSigner(name: name, key: Curve25519.Signing.PrivateKey())
    }

    init(name: String, key: Curve25519.Signing.PrivateKey) throws(NoteKeyError) {
        guard NoteVerifier.isValidName(name) else { throw .badName(name) }
        self.name = name
        self.key = key
    }

    /// Reads a signer key string.
    public init(parsing text: String) throws(NoteKeyError) {
        // The key is base64 and may itself hold '+': only the first four separate fields.
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY", let raw = Data(base64Encoded: String(parts[4])),
              raw.count == 33, raw.first == 1, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw.dropFirst())
        else { throw .malformed("not a signer key (PRIVATE+KEY+name+id+key)") }
        try self.init(name: String(parts[2]), key: key)
        guard String(parts[3]) == verifier.keyIDHex else { throw .malformed("the key ID does not match the key") }
    }

    public var encoded: String {
        "PRIVATE+KEY+\(name)+\(verifier.keyIDHex)+" + (Data([1]) + key.rawRepresentation).base64EncodedString()
    }

    public var verifier: NoteVerifier { NoteVerifier(name: name, publicKey: key.publicKey) }

    /// The signature line's value for `text`: base64 of key ID ‖ signature.
    func sign(_ text: Data) throws -> String {
        (verifier.keyID + (try key.signature(for: text))).base64EncodedString()
    }
}

/// The public half: checks signatures on checkpoints.
public struct NoteVerifier: Sendable {
    public let name: String
    let publicKey: Curve25519.Signing.PublicKey

    public init(name: String, publicKey: Curve25519.Signing.PublicKey) {
        self.name = name
        self.publicKey = publicKey
    }

    /// Reads a verifier key string.
    public init(parsing text: String) throws(NoteKeyError) {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let raw = Data(base64Encoded: String(parts[2])), raw.count == 33, raw.first == 1,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw.dropFirst())
        else { throw .malformed("not a verifier key (name+id+key)") }
        guard Self.isValidName(String(parts[0])) else { throw .badName(String(parts[0])) }
        self.init(name: String(parts[0]), publicKey: key)
        guard String(parts[1]) == keyIDHex else { throw .malformed("the key ID does not match the key") }
    }

    public var encoded: String {
        "\(name)+\(keyIDHex)+" + (Data([1]) + publicKey.rawRepresentation).base64EncodedString()
    }

    var keyID: Data {
        Data(SHA256.hash(data: Data(name.utf8) + Data([0x0a, 0x01]) + publicKey.rawRepresentation).prefix(4))
    }

    var keyIDHex: String { keyID.map { String(format: "%02x", $0) }.joined() }

    func isValid(signature: Data, for text: Data) -> Bool {
        publicKey.isValidSignature(signature, for: text)
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("+") && !name.unicodeScalars.contains { $0.properties.isWhitespace }
    }
}

public enum NoteKeyError: Error, Equatable, CustomStringConvertible {
    case badName(String)
    case malformed(String)

    public var description: String {
        switch self {
        case .badName(let name): "'\(name)' cannot name a log key: it must be non-empty, with neither spaces nor '+'"
        case .malformed(let reason): "the log key is malformed: \(reason)"
        }
    }
}
