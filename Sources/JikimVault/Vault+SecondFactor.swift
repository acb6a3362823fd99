import Crypto
import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// A second factor for staff: a one-time code from an authenticator app (TOTP, RFC 6238) after the password, for
/// the roles that take one (`Role.requiresSecondFactor`). The secret is authentication information: it is sealed
/// under a data key of its own that the key ring wraps. A code is taken once (a later one only), and a wrong code
/// counts as a failed sign-in, towards the same locks. Enrolling, each failure and a reset are rights changes.
extension Vault {
    /// Whether a role of `actor` takes a second factor.
    public func requiresSecondFactor(_ actor: String) async throws(VaultError) -> Bool {
        do {
            let held = try await store.read { sql in try await self.roles(of: actor, in: sql) } ?? []
            return held.compactMap(policy.role).contains(where: \.requiresSecondFactor)
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// Whether `actor` has an authenticator enrolled (confirmed by a first code).
    public func secondFactorEnrolled(_ actor: String) async throws(VaultError) -> Bool {
        do {
            return try await store.sql.statement("SELECT confirmed_at FROM actor_second_factors WHERE actor_id = ?", .text(actor)).first()?
                .decode(column: "confirmed_at", as: String?.self) != nil
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// The staff member of a session waiting for its second factor, and whether they have an authenticator.
    public func pendingSession(_ token: String) async throws(VaultError) -> (actor: String, enrolled: Bool)? {
        guard let (id, hash) = Self.sessionParts(token) else { return nil }
        do {
            guard let row = try await store.sql.statement("""
                SELECT s.actor_id, s.hash FROM staff_sessions s JOIN actors a ON a.id = s.actor_id
                WHERE s.id = ? AND s.ended_at IS NULL AND s.pending_since IS NOT NULL AND s.expires_at > ? AND a.disabled_at IS NULL
                """, .text(id), .text(Timestamp.string(clock()))).first(),
                TokenCache.equal(try row.decode(column: "hash", as: Data.self), hash)
            else { return nil }
            let actor = try row.decode(column: "actor_id", as: String.self)
            return (actor, try await secondFactorEnrolled(actor))
        } catch let error as VaultError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// The secret to enrol for the pending session's staff member, who has no authenticator yet: made once and kept
    /// (unconfirmed) until its first code is given, so that a reload shows the same one. Base32 and its URI.
    public func enrolmentSecret(_ token: String) async throws(VaultError) -> (base32: String, uri: String)? {
        guard let pending = try await pendingSession(token), !pending.enrolled else { return nil }
        let actor = pending.actor
        let now = clock()
        var secret = Data()
        try await write { sql in
            if let row = try await sql.statement("SELECT * FROM actor_second_factors WHERE actor_id = ?", .text(actor)).first() {
                secret = try openSecret(row, actor: actor)
                return
            }
            secret = TOTP.newSecret()
            let (key, wrapped) = try cipher.newDataKey(subject: "actor:" + actor, retentionClass: "second-factor")
            try await sql.insert(into: "actor_second_factors").columns("actor_id", "key_version", "key_sealed", "secret_sealed", "created_at")
                .values(SQLBind(actor), SQLBind(wrapped.keyVersion), SQLBind(wrapped.sealed),
                        SQLBind(try cipher.seal(bytes: secret, item: "second factor", subject: actor, key: key)), SQLBind(Timestamp.string(now)))
                .run()
            try await recordRoleChange(actor: actor, role: "-", action: "second factor enrolment started", by: actor, in: sql)
        }
        return (TOTP.base32(secret), TOTP.uri(secret: secret, issuer: policy.organisation.name.text(in: .ko), account: actor))
    }

    /// Takes the pending session's code: the first code of a new authenticator enrols it; a later one signs in. The
    /// session then authenticates; a wrong code counts as a failed sign-in.
    public func completeSecondFactor(token: String, code: String, source: String? = nil) async throws(VaultError) -> Bool {
        guard let pending = try await pendingSession(token), let (id, _) = Self.sessionParts(token) else { return false }
        guard try await acceptSecondFactor(pending.actor, code: code, source: source, countsFailure: true) else { return false }
        try await write { sql in
            try await sql.update("staff_sessions").set("pending_since", to: SQLBind(Optional<String>.none)).where("id", .equal, SQLBind(id)).run()
            try await recordRoleChange(actor: pending.actor, role: "-", action: "signed in: session \(id)", by: pending.actor, in: sql)
        }
        return true
    }

    /// Removes `actor`'s authenticator (a lost phone): they enrol a new one at their next sign-in.
    public func resetSecondFactor(_ actor: String, by administrator: String) async throws(VaultError) {
        try await write { sql in
            try await requireActor(actor, in: sql)
            try await sql.delete(from: "actor_second_factors").where("actor_id", .equal, SQLBind(actor)).run()
            try await recordRoleChange(actor: actor, role: "-", action: "second factor reset", by: administrator, in: sql)
        }
    }

    /// Checks `code` against `actor`'s authenticator — enrolled, or waiting for its first code — and takes it when it
    /// is a later step than any taken before, which ends the count of failures. A wrong code is a failed sign-in:
    /// counted (`countsFailure`) towards the account's locks and the source's limit when it is a try of its own on the
    /// console's page; a code sent with the password belongs to that attempt, already counted. Refused unchecked while
    /// the account is locked or the source over its limit.
    func acceptSecondFactor(_ actor: String, code: String, source: String?, countsFailure: Bool = false) async throws(VaultError) -> Bool {
        let now = clock()
        var accepted = false
        try await write { sql in
            let locked = try await sql.statement(
                "SELECT locked_until FROM actor_credentials WHERE actor_id = ? AND locked_until > ?", .text(actor), .text(Timestamp.string(now))
            ).first() != nil
            let overLimit = try await source.asyncMap { try await counted(.signInFailure, key: $0, window: 3600, at: now, in: sql) } ?? 0
            guard !locked, overLimit < Self.failuresPerSource,
                  let row = try await sql.statement("SELECT * FROM actor_second_factors WHERE actor_id = ?", .text(actor)).first()
            else {
                try await recordRoleChange(actor: actor, role: "-", action: "second factor refused: locked or none", by: "jikim", in: sql)
                return
            }
            let secret = try openSecret(row, actor: actor)
            let last = try row.decode(column: "last_counter", as: Int64?.self) ?? .min
            if let counter = TOTP.matchingCounter(code, secret: secret, at: now), counter > last {
                let enrolling = try row.decode(column: "confirmed_at", as: String?.self) == nil
                var update = sql.update("actor_second_factors").set("last_counter", to: SQLBind(counter))
                if enrolling { update = update.set("confirmed_at", to: SQLBind(Timestamp.string(now))) }
                try await update.where("actor_id", .equal, SQLBind(actor)).run()
                try await sql.update("actor_credentials").set("failed_attempts", to: SQLBind(0))
                    .set("locked_at", to: SQLBind(Optional<String>.none)).set("locked_until", to: SQLBind(Optional<String>.none))
                    .where("actor_id", .equal, SQLBind(actor)).run()
                if enrolling { try await recordRoleChange(actor: actor, role: "-", action: "second factor enrolled", by: actor, in: sql) }
                accepted = true
                return
            }
            guard countsFailure else {
                try await recordRoleChange(actor: actor, role: "-", action: "second factor failed", by: "jikim", in: sql)
                return
            }
            // A wrong code: one more failure of the account, locking it as wrong passwords do.
            if let source { _ = try await count(.signInFailure, key: source, window: 3600, at: now, in: sql) }
            let count = try await sql.statement(
                "UPDATE actor_credentials SET failed_attempts = failed_attempts + 1 WHERE actor_id = ? RETURNING failed_attempts", .text(actor)
            ).first()?.decode(column: "failed_attempts", as: Int.self) ?? 0
            if count > 0, count % lockoutAfter == 0 {
                let duration = Self.lockDuration(count / lockoutAfter)
                try await sql.update("actor_credentials").set("locked_at", to: SQLBind(Timestamp.string(now)))
                    .set("locked_until", to: SQLBind(Timestamp.string(now.addingTimeInterval(duration))))
                    .where("actor_id", .equal, SQLBind(actor)).run()
                try await recordRoleChange(actor: actor, role: "-", action: "locked for \(Int(duration / 60)) min after \(count) failed sign-ins",
                                           by: "jikim", in: sql)
            } else {
                try await recordRoleChange(actor: actor, role: "-", action: "second factor failed", by: "jikim", in: sql)
            }
        }
        return accepted
    }

    private func openSecret(_ row: any SQLRow, actor: String) throws -> Data {
        let key = try cipher.unwrap(WrappedKey(keyVersion: try row.decode(column: "key_version", as: Int.self),
                                               sealed: try row.decode(column: "key_sealed", as: Data.self)),
                                    subject: "actor:" + actor, retentionClass: "second-factor")
        return try cipher.openBytes(try row.decode(column: "secret_sealed", as: Data.self), item: "second factor", subject: actor, key: key)
    }

    static func sessionParts(_ token: String) -> (id: String, hash: Data)? {
        let parts = token.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "js", (1...16).contains(parts[1].count), (1...64).contains(parts[2].count) else { return nil }
        return (String(parts[1]), Data(SHA256.hash(data: Data(parts[2].utf8))))
    }
}

private extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
