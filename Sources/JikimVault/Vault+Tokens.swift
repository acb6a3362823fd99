import Crypto
import Foundation
import JikimCore
import JikimStore
import SQLKit

/// Service tokens: how services authenticate to Jikim's API as an actor. A token is `jk_<id>_<secret>`, shown once
/// when issued; the store keeps only the SHA-256 of the secret (a random 256-bit value needs no slow hash).
/// Issuing and revoking are rights changes, recorded and logged.
extension Vault {
    /// Issues a token for `actor`; returns it (the only time it is seen).
    public func issueToken(for actor: String, by administrator: String) async throws(VaultError) -> String {
        let id = Self.randomText(bytes: 6)
        let secret = Self.randomText(bytes: 32)
        try await write { sql in
            try await requireActor(actor, in: sql)
            try await sql.insert(into: "service_tokens").columns("id", "actor_id", "hash", "created_at")
                .values(SQLBind(id), SQLBind(actor), SQLBind(Data(SHA256.hash(data: Data(secret.utf8)))), SQLBind(Timestamp.string(clock())))
                .run()
            try await recordRoleChange(actor: actor, role: "-", action: "token issued: \(id)", by: administrator, in: sql)
        }
        return "jk_\(id)_\(secret)"
    }

    /// Revokes a token by its id (the part after `jk_`).
    public func revokeToken(_ id: String, by administrator: String) async throws(VaultError) {
        try await write { sql in
            guard let row = try await sql.select().column("actor_id").from("service_tokens").where("id", .equal, SQLBind(id))
                .where(SQLIdentifier("revoked_at"), .is, SQLLiteral.null).first()
            else { throw VaultError.invalidRetentionRequest("there is no live token '\(id)'") }
            try await sql.update("service_tokens").set("revoked_at", to: SQLBind(Timestamp.string(clock()))).where("id", .equal, SQLBind(id)).run()
            try await recordRoleChange(actor: try row.decode(column: "actor_id", as: String.self), role: "-", action: "token revoked: \(id)",
                                       by: administrator, in: sql)
        }
    }

    /// The actor a token authenticates, or nil when it is malformed, unknown, revoked, or its actor is disabled.
    public func authenticate(token: String) async throws(VaultError) -> String? {
        let parts = token.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "jk", parts[1].count <= 16, parts[2].count <= 64 else { return nil }
        do {
            guard let row = try await store.read({ sql in try await sql.raw("""
                SELECT t.actor_id, t.hash FROM service_tokens t JOIN actors a ON a.id = t.actor_id
                WHERE t.id = \(bind: String(parts[1])) AND t.revoked_at IS NULL AND a.disabled_at IS NULL
                """).first() })
            else { return nil }
            let stored = try row.decode(column: "hash", as: Data.self)
            let presented = Data(SHA256.hash(data: Data(parts[2].utf8)))
            // Compared in constant time.
            guard stored.count == presented.count, zip(stored, presented).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else { return nil }
            return try row.decode(column: "actor_id", as: String.self)
        } catch {
            throw .storage(String(describing: error))
        }
    }

    private static func randomText(bytes count: Int) -> String {
        let key = SymmetricKey(size: SymmetricKeySize(bitCount: count * 8))
        return key.withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "").replacingOccurrences(of: "=", with: "")
            .replacingOccurrences(of: "_", with: "")
    }
}
