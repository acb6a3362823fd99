import ArgumentParser
import Foundation
import JikimAccessLog
import JikimCore
import JikimCrypto
import JikimVault

/// `jikim serve` on a data directory that does not exist yet: it is made as `jikim init` makes it (keys, the log's
/// signing key, the database), and a first administrator, `admin`, is added with the roles that carry the officer's
/// duties without granting any purpose (administering the console, approving destruction, reviewing the access log).
/// Their one-time link to choose a password is printed once on standard output, never to the log.
enum FirstRun {
    static let administrator = "admin"

    /// Whether `jikim serve` with these options starts on nothing: SQLite in a data directory that does not exist.
    static func applies(data: String, database: String?) -> Bool {
        database == nil && !FileManager.default.fileExists(atPath: data)
    }

    /// Makes the data directory and the administrator; returns what to print.
    static func prepare(data: String, policy: String?, keys: String?, host: String, port: Int) async throws -> String {
        var options = try StoreOptions.parse([])
        options.data = data
        options.policyOption = policy
        options.keysOption = keys
        let declared = try options.loadPolicy()
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if ProcessInfo.processInfo.environment["JIKIM_KEYS"] == nil, !FileManager.default.fileExists(atPath: options.keyFile) {
            try KeyRing.generate().create(path: options.keyFile)
        }
        let origin = "jikim/" + String(declared.organisation.name.text(in: .en).lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
        _ = try LogKeys.create(directory: data, origin: origin)
        let roles = declared.roles.filter { ($0.administers || $0.approvesDestruction || $0.reviewsAccessLog) && $0.purposes.isEmpty }
        let source = policy.map { "the policy file \($0)" } ?? "the demo policy"
        var lines = ["jikim serve: first run: made \(data) (keys, the access log's signing key, the database) for \(source)."]
        guard roles.contains(where: \.administers) else {
            lines.append("  No role of the policy administers the console (administers: true); add staff with `jikim actors add`.")
            return lines.joined(separator: "\n")
        }
        let token = try await options.withVault { vault in
            try await vault.addActor(administrator, kind: .staff, by: "jikim serve (first run)")
            for role in roles { try await vault.grant(role.id, to: administrator, by: "jikim serve (first run)") }
            return try await vault.issuePasswordLink(for: administrator, by: "jikim serve (first run)")
        }
        let shown = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host.contains(":") ? "[\(host)]" : host
        lines.append("  The administrator '\(administrator)' (\(roles.map(\.id.description).joined(separator: ", "))) chooses a password here, once, within 24 hours:")
        lines.append("  http://\(shown):\(port)/console/password/\(token)")
        lines.append("  This link is shown only now; `jikim actors password \(administrator)` sets a password instead.")
        return lines.joined(separator: "\n")
    }
}
