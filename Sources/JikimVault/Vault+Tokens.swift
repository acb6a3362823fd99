import Crypto
import Foundation
import JikimCore
import JikimStore
import SQLKit

/// Service tokens and staff sessions: how services and staff authenticate to Jikim's API as an actor. A token is `jk_<id>_<secret>`, shown once
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

    /// The actor a service token (`jk_…`) or a staff session (`js_…`, unexpired, not ended) authenticates, or nil
    /// when the token is malformed, unknown, revoked or expired, or its actor is disabled.
    ///
    /// What a token authenticated is kept for a second (`TokenCache`) while nothing is written through the store:
    /// a change made here — a revocation, a session ended, an actor disabled — is seen by the next call; one made
    /// by another process or server within a second.
    public func authenticate(token: String) async throws(VaultError) -> String? {
        let parts = token.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "jk" || parts[0] == "js", parts[1].count <= 16, parts[2].count <= 64 else { return nil }
        let id = String(parts[1])
        let key = parts[0] == "jk" ? "jk_" + id : "js_" + id
        let presented = Data(SHA256.hash(data: Data(parts[2].utf8)))
        let now = clock()
        // Read before the look-up: a change committed after it began leaves the entry unused.
        let changes = store.changeCount
        if let actor = tokens.actor(key, presented: presented, changes: changes, now: now) { return actor }
        do {
            let query = parts[0] == "jk" ? SQLStatement("""
                SELECT t.actor_id, t.hash, NULL AS expires_at FROM service_tokens t JOIN actors a ON a.id = t.actor_id
                WHERE t.id = ? AND t.revoked_at IS NULL AND a.disabled_at IS NULL
                """, [.text(id)]) : SQLStatement("""
                SELECT t.actor_id, t.hash, t.expires_at FROM staff_sessions t JOIN actors a ON a.id = t.actor_id
                WHERE t.id = ? AND t.ended_at IS NULL AND t.pending_since IS NULL AND t.expires_at > ? AND a.disabled_at IS NULL
                """, [.text(id), .text(Timestamp.string(now))])
            guard let row = try await store.read({ sql in try await sql.statement(query).first() }) else { return nil }
            let stored = try row.decode(column: "hash", as: Data.self)
            guard TokenCache.equal(stored, presented) else { return nil }
            let actor = try row.decode(column: "actor_id", as: String.self)
            let expires = try row.decode(column: "expires_at", as: String?.self).map { text in
                // A session whose end cannot be read is not kept: it is looked up again next time.
                Timestamp.date(text) ?? now
            }
            tokens.remember(key, .init(hash: stored, actor: actor, expires: expires, changes: changes, checked: .now))
            return actor
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// A token's public identifier (`jk_<id>` for a service token, `js_<id>` for a session), which access records
    /// carry instead of the token: nil when `token` is not shaped as one.
    public static func publicID(ofToken token: String) -> String? {
        let parts = token.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "jk" || parts[0] == "js", (1...16).contains(parts[1].count),
              parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return nil }
        return "\(parts[0])_\(parts[1])"
    }

    /// How long a staff session lasts.
    public static let sessionLength: TimeInterval = 8 * 3600

    /// What signing in for a session came to.
    public enum SessionStart: Sendable, Equatable {
        /// The session's token (`js_<id>_<secret>`, shown once) and when it expires.
        case started(token: String, expires: Date)
        /// The password was right and the actor's roles take a second factor: a session that authenticates nothing
        /// until its code is given (or, when `enrolled` is false, until an authenticator is enrolled and its first
        /// code given): `completeSecondFactor(token:code:)`.
        case pending(token: String, enrolled: Bool)
        /// The password was right, the actor's roles take a second factor, and no code (or, when `enrolled` is false,
        /// no authenticator yet) came with it.
        case secondFactorNeeded(enrolled: Bool)
        /// A wrong actor, password or code, or an account locked for now: which, is not said.
        case refused
    }

    /// Signs staff in with their password from `source` (failures count towards a lock) and starts a session. Where
    /// the actor's roles take a second factor, `code` (their authenticator's) must come with the password; the
    /// console, which asks for it on a page of its own, takes a pending session instead (`allowPending`).
    public func startSession(
        _ actor: String, password: String, source: String? = nil, code: String? = nil, allowPending: Bool = false
    ) async throws(VaultError) -> SessionStart {
        let required = try await requiresSecondFactor(actor)
        guard try await signIn(actor, password: password, source: source, endsCount: !required) == .signedIn else { return .refused }
        var pending = false
        if required {
            let enrolled = try await secondFactorEnrolled(actor)
            if let code, enrolled {
                guard try await acceptSecondFactor(actor, code: code, source: source) else { return .refused }
            } else if allowPending {
                pending = true
            } else {
                return .secondFactorNeeded(enrolled: enrolled)
            }
        }
        let id = Self.randomText(bytes: 6), secret = Self.randomText(bytes: 32)
        let now = clock()
        let expires = now.addingTimeInterval(Self.sessionLength)
        try await write { sql in
            try await sql.insert(into: "staff_sessions").columns("id", "actor_id", "hash", "created_at", "expires_at", "pending_since")
                .values(SQLBind(id), SQLBind(actor), SQLBind(Data(SHA256.hash(data: Data(secret.utf8)))), SQLBind(Timestamp.string(now)),
                        SQLBind(Timestamp.string(expires)), SQLBind(pending ? Timestamp.string(now) : nil))
                .run()
            try await recordRoleChange(actor: actor, role: "-", action: pending ? "password accepted, second factor awaited: session \(id)"
                                       : "signed in: session \(id)", by: actor, in: sql)
        }
        let token = "js_\(id)_\(secret)"
        return pending ? .pending(token: token, enrolled: try await secondFactorEnrolled(actor)) : .started(token: token, expires: expires)
    }

    /// How long a console session may go without a page before it ends (the safety-measures standard's cut-off of
    /// access after a period without work).
    public static let sessionIdleLimit: TimeInterval = 30 * 60

    /// The staff member of the live session `token` names and when it expires, marking it used now; nil when it names
    /// none, or when it has gone unused for longer than `sessionIdleLimit`, which ends it (a rights change, "ended:
    /// idle"). Read without a write, but to note the time of use at most once a minute or to end the session.
    public func touchSession(token: String) async throws(VaultError) -> (actor: String, expires: Date)? {
        guard let (id, _) = Self.sessionParts(token), let actor = try await authenticate(token: token) else { return nil }
        let now = clock()
        let row: (any SQLRow)?
        do {
            row = try await store.read { sql in
                try await sql.statement("SELECT created_at, last_seen_at, expires_at FROM staff_sessions WHERE id = ? AND ended_at IS NULL",
                                        .text(id)).first()
            }
        } catch {
            throw .storage(String(describing: error))
        }
        guard let row else { return nil }
        let seen: String, expiresAt: String
        do {
            seen = try row.decode(column: "last_seen_at", as: String?.self) ?? row.decode(column: "created_at", as: String.self)
            expiresAt = try row.decode(column: "expires_at", as: String.self)
        } catch {
            throw .storage(String(describing: error))
        }
        let unused = now.timeIntervalSince(Timestamp.date(seen) ?? .distantPast)
        let idle = unused > Self.sessionIdleLimit
        if idle || unused >= 60 {
            try await write { sql in
                let open = SQLIdentifier("ended_at")
                if idle {
                    try await sql.update("staff_sessions").set("ended_at", to: SQLBind(Timestamp.string(now))).where("id", .equal, SQLBind(id))
                        .where(open, .is, SQLLiteral.null).run()
                    try await recordRoleChange(actor: actor, role: "-", action: "session \(id) ended: idle for \(Int(Self.sessionIdleLimit / 60)) min",
                                               by: "jikim", in: sql)
                } else {
                    try await sql.update("staff_sessions").set("last_seen_at", to: SQLBind(Timestamp.string(now))).where("id", .equal, SQLBind(id))
                        .where(open, .is, SQLLiteral.null).run()
                }
            }
        }
        return idle ? nil : (actor, Timestamp.date(expiresAt) ?? now)
    }

    /// Ends the session a token names (signing out).
    public func endSession(token: String) async throws(VaultError) {
        let parts = token.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "js" else { return }
        let id = String(parts[1])
        try await write { sql in
            guard let actor = try await sql.select().column("actor_id").from("staff_sessions").where("id", .equal, SQLBind(id))
                .where(SQLIdentifier("ended_at"), .is, SQLLiteral.null).first()?.decode(column: "actor_id", as: String.self)
            else { return }
            try await sql.update("staff_sessions").set("ended_at", to: SQLBind(Timestamp.string(clock())))
                .where("id", .equal, SQLBind(id)).where(SQLIdentifier("ended_at"), .is, SQLLiteral.null).run()
            try await recordRoleChange(actor: actor, role: "-", action: "signed out: session \(id)", by: actor, in: sql)
        }
    }

    static func randomText(bytes count: Int) -> String {
        let key = SymmetricKey(size: SymmetricKeySize(bitCount: count * 8))
        return key.withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "").replacingOccurrences(of: "=", with: "")
            .replacingOccurrences(of: "_", with: "")
    }
}
