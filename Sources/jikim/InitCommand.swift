import ArgumentParser
import Foundation
import JikimAccessLog
import JikimCore
import JikimCrypto
import JikimStore

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the data directory, the key file and the database, and check the policy.",
        discussion: "The key file is created readable by its owner only (0600) and is never overwritten. Keep a copy of it apart from the data: without it nothing in the vault can be read."
    )

    @OptionGroup var options: StoreOptions
    @Option(help: "The name of the access log in its signed checkpoints (no spaces or '+'); from the organisation's name when absent.")
    var logOrigin: String?

    func run() async throws {
        let policy = try options.loadPolicy()
        try fail { try FileManager.default.createDirectory(atPath: options.data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) }
        if FileManager.default.fileExists(atPath: options.keyFile) {
            _ = try options.loadKeys()
            print("keys:     \(options.keyFile) (kept: it already exists)")
        } else {
            try fail { try KeyRing.generate().create(path: options.keyFile) }
            print("keys:     \(options.keyFile) (created, mode 0600)")
        }
        if FileManager.default.fileExists(atPath: LogKeys.signerPath(options.data)) {
            let signer = try fail { try LogKeys.signer(directory: options.data) }
            print("log key:  \(LogKeys.signerPath(options.data)) (kept: it already exists; log '\(signer.name)')")
        } else {
            let origin = logOrigin ?? "jikim/" + String(policy.organisation.name.text(in: .en).lowercased()
                .map { $0.isLetter || $0.isNumber ? $0 : "-" })
            let signer = try fail { try LogKeys.create(directory: options.data, origin: origin) }
            print("log key:  \(LogKeys.signerPath(options.data)) (created, mode 0600); verifier key \(LogKeys.verifierPath(options.data)): \(signer.verifier.encoded)")
        }
        let store = try await options.openStore()
        try await store.close()
        print("database: \(store.location)")
        print("policy:   \(policy.organisation.name.text(in: .en)), version \(policy.version.id): \(policy.items.count) items, \(policy.purposes.count) purposes, \(policy.roles.count) roles")
        print("next:     jikim actors add ID --role ROLE, then jikim subjects import FILE --purpose PURPOSE --actor ID")
    }
}
