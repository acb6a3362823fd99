import Foundation

/// The log's signing key in the data directory: `log-signing.key` (the signer key, readable by its owner only),
/// `log-verifier.key` (the public verifier key, to hand to anyone who checks the log), and `checkpoint`, the
/// latest checkpoint signed — a copy outside the database, so that a database cut short or restored from an old
/// copy is noticed.
public enum LogKeys {
    public static func signerPath(_ directory: String) -> String { (directory as NSString).appendingPathComponent("log-signing.key") }
    public static func verifierPath(_ directory: String) -> String { (directory as NSString).appendingPathComponent("log-verifier.key") }
    public static func witnessPath(_ directory: String) -> String { (directory as NSString).appendingPathComponent("checkpoint") }

    /// Creates the key pair under `origin` (which names the log in its checkpoints); never overwrites a key.
    public static func create(directory: String, origin: String) throws -> NoteSigner {
        let signer = try NoteSigner.generate(name: origin)
        guard !FileManager.default.fileExists(atPath: signerPath(directory)) else { throw LogKeyFileError.exists(signerPath(directory)) }
        guard FileManager.default.createFile(atPath: signerPath(directory), contents: Data((signer.encoded + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]),
              FileManager.default.createFile(atPath: verifierPath(directory), contents: Data((signer.verifier.encoded + "\n").utf8),
                                             attributes: [.posixPermissions: 0o644])
        else { throw LogKeyFileError.cannotWrite(signerPath(directory)) }
        return signer
    }

    /// The signer, refusing a key file others than its owner could read.
    public static func signer(directory: String) throws -> NoteSigner {
        let path = signerPath(directory)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) })
        else { throw LogKeyFileError.missing(path) }
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.uint16Value, mode & 0o077 != 0 {
            throw LogKeyFileError.readableByOthers(path: path, mode: String(mode, radix: 8))
        }
        return try NoteSigner(parsing: text)
    }

    public static func verifier(path: String) throws -> NoteVerifier {
        guard let data = FileManager.default.contents(atPath: path) else { throw LogKeyFileError.missing(path) }
        return try NoteVerifier(parsing: String(decoding: data, as: UTF8.self))
    }

    /// Keeps `note` as the latest checkpoint outside the database (written whole, then renamed into place).
    public static func keepWitness(_ note: String, directory: String) throws {
        let path = witnessPath(directory)
        let temporary = path + ".new"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(note.utf8)), rename(temporary, path) == 0 else {
            throw LogKeyFileError.cannotWrite(path)
        }
    }

    public static func witness(directory: String) -> String? {
        FileManager.default.contents(atPath: witnessPath(directory)).map { String(decoding: $0, as: UTF8.self) }
    }
}

public enum LogKeyFileError: Error, Equatable, CustomStringConvertible {
    case missing(String)
    case exists(String)
    case readableByOthers(path: String, mode: String)
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .missing(let path): "no log key at \(path): run `jikim init`"
        case .exists(let path): "a log key already exists at \(path); it is never overwritten"
        case .readableByOthers(let path, let mode): "the log key \(path) has mode \(mode); it must be readable by its owner only (chmod 600 \(path))"
        case .cannotWrite(let path): "cannot write \(path)"
        }
    }
}
