import Crypto
import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// One-time links by which staff set their own password: an administrator (or `jikim serve` on its first run) issues
/// one, the staff member opens it and chooses the password, and nobody else ever knows it. A link is
/// `pl_<id>_<secret>`, shown once; the store keeps the SHA-256 of its secret. It works once, within
/// `passwordLinkLifetime`; a new link for the same person replaces the one before. Each step is a rights change.
extension Vault {
    /// How long a one-time password link stays usable.
    public static let passwordLinkLifetime: TimeInterval = 24 * 3600

    /// Issues a one-time link for `actor` to set their password; returns its token (the only time it is seen).
    public func issuePasswordLink(for actor: String, by administrator: String) async throws(VaultError) -> String {
        let id = Self.randomText(bytes: 6), secret = Self.randomText(bytes: 32)
        let now = clock()
        try await write { sql in
            try await requireActor(actor, in: sql)
            try await sql.update("password_links").set("used_at", to: SQLBind("replaced " + Timestamp.string(now)))
                .where("actor_id", .equal, SQLBind(actor)).where(SQLIdentifier("used_at"), .is, SQLLiteral.null).run()
            try await sql.insert(into: "password_links").columns("id", "actor_id", "hash", "created_at", "expires_at")
                .values(SQLBind(id), SQLBind(actor), SQLBind(Data(SHA256.hash(data: Data(secret.utf8)))), SQLBind(Timestamp.string(now)),
                        SQLBind(Timestamp.string(now.addingTimeInterval(Self.passwordLinkLifetime))))
                .run()
            try await recordRoleChange(actor: actor, role: "-", action: "password link issued: \(id)", by: administrator, in: sql)
        }
        return "pl_\(id)_\(secret)"
    }

    /// The staff member a live (unused, unexpired) link is for, or nil.
    public func passwordLinkActor(_ token: String) async throws(VaultError) -> String? {
        guard let (id, hash) = Self.linkParts(token) else { return nil }
        do {
            return try await store.read { sql in try await liveLink(id: id, hash: hash, in: sql) }
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// Sets the password of the link's staff member and uses the link up, then starts a session for them; `.refused`
    /// when the link is not live. A weak password leaves the link usable.
    public func usePasswordLink(_ token: String, password: String, source: String? = nil) async throws(VaultError) -> SessionStart {
        guard password.count >= 10 else { throw .weakPassword(minimumLength: 10) }
        guard let (id, hash) = Self.linkParts(token) else { return .refused }
        let stored: String
        do { stored = try passwords.hash(password) } catch { throw .storage("cannot hash: \(error)") }
        let now = Timestamp.string(clock())
        var actor: String?
        try await write { sql in
            guard let owner = try await liveLink(id: id, hash: hash, in: sql) else { return }
            // Used in the same statement that checks it is unused: two submissions at once set one password.
            let used = try await sql.statement("UPDATE password_links SET used_at = ? WHERE id = ? AND used_at IS NULL RETURNING id",
                                               .text(now), .text(id)).first()
            guard used != nil else { return }
            try await storeCredential(owner, hash: stored, at: now, in: sql)
            try await recordRoleChange(actor: owner, role: "-", action: "password set by one-time link \(id)", by: owner, in: sql)
            actor = owner
        }
        guard let actor else { return .refused }
        return try await startSession(actor, password: password, source: source, allowPending: true)
    }

    private func liveLink(id: String, hash: Data, in sql: any SQLDatabase) async throws -> String? {
        guard let row = try await sql.statement("""
            SELECT l.actor_id, l.hash FROM password_links l JOIN actors a ON a.id = l.actor_id
            WHERE l.id = ? AND l.used_at IS NULL AND l.expires_at > ? AND a.disabled_at IS NULL
            """, .text(id), .text(Timestamp.string(clock()))).first(),
            TokenCache.equal(try row.decode(column: "hash", as: Data.self), hash)
        else { return nil }
        return try row.decode(column: "actor_id", as: String.self)
    }

    private static func linkParts(_ token: String) -> (id: String, hash: Data)? {
        let parts = token.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "pl", (1...16).contains(parts[1].count), (1...64).contains(parts[2].count) else { return nil }
        return (String(parts[1]), Data(SHA256.hash(data: Data(parts[2].utf8))))
    }
}
