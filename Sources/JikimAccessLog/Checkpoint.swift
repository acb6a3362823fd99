import Foundation

/// A signed statement of the log's size and tree head, in the C2SP tlog-checkpoint format: the origin, the size
/// and the base64 root, each on a line, then a blank line and signature lines (C2SP signed-note).
public struct Checkpoint: Sendable, Equatable {
    public var origin: String
    public var size: UInt64
    public var root: Data

    public init(origin: String, size: UInt64, root: Data) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    var body: String { "\(origin)\n\(size)\n\(root.base64EncodedString())\n" }

    /// The signed note.
    public func signed(by signer: NoteSigner) throws -> String {
        body + "\n— \(signer.name) \(try signer.sign(Data(body.utf8)))\n"
    }

    /// Reads a signed checkpoint, accepting it only with a valid signature by `verifier` and the expected origin.
    public init(note: String, verifier: NoteVerifier, origin expected: String) throws(CheckpointError) {
        guard let split = note.range(of: "\n\n") else { throw .malformed("no blank line between the body and the signatures") }
        let body = String(note[..<split.lowerBound]) + "\n"
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count >= 3 else { throw .malformed("the body needs an origin, a size and a root hash") }
        guard String(lines[0]) == expected else { throw .wrongOrigin(found: String(lines[0]), expected: expected) }
        guard let size = UInt64(lines[1]), String(size) == lines[1] else { throw .malformed("the size is not a decimal number") }
        guard let root = Data(base64Encoded: String(lines[2])), root.count == 32 else { throw .malformed("the root is not a base64 SHA-256 hash") }
        var verified = false
        for line in note[split.upperBound...].split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0] == "—" else { throw .malformed("a signature line is not '— name signature'") }
            guard String(parts[1]) == verifier.name, let bytes = Data(base64Encoded: String(parts[2])), bytes.count == 68,
                  bytes.prefix(4) == verifier.keyID
            else { continue }
            guard verifier.isValid(signature: bytes.dropFirst(4), for: Data(body.utf8)) else { throw .badSignature }
            verified = true
        }
        guard verified else { throw .notSigned(by: verifier.name) }
        self.init(origin: expected, size: size, root: root)
    }
}

public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case wrongOrigin(found: String, expected: String)
    case badSignature
    case notSigned(by: String)

    public var description: String {
        switch self {
        case .malformed(let reason): "the checkpoint is malformed: \(reason)"
        case .wrongOrigin(let found, let expected): "the checkpoint is of log '\(found)', not '\(expected)'"
        case .badSignature: "the checkpoint's signature is not valid: it was forged or altered"
        case .notSigned(let name): "the checkpoint carries no signature by '\(name)'"
        }
    }
}
