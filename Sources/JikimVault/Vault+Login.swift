import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// Staff sign-in: a password stored one-way, and access restricted after repeated failures (safety standard Art.
/// 5(6)), in a way that resists guessing without handing anyone a lever to lock staff out for good:
/// - Every `lockoutAfter` failures in a row lock the account for a time that doubles with each lock — 1 minute,
///   2, 4, … at most a day — and an administrator can lift a lock at once (`unlock`). A success ends the count.
/// - An attempt is counted before its password is checked, in one statement with the lock check, so attempts made
///   at once (or on several servers sharing PostgreSQL) cannot check more than `lockoutAfter` passwords per lock.
/// - A source address with `failuresPerSource` failures within the hour is refused without its attempts counting
///   against any account, so one source cannot keep many accounts locked.
/// - The answer is the same for an unknown account, a wrong password and a locked account, and takes the time of a
///   real check; every failure is an entry of the access log (a rights change), under the actor when they exist.
extension Vault {
    /// What a sign-in attempt came to. A wrong password, a locked or unknown account look the same from outside.
    public enum SignIn: Sendable, Equatable {
        case signedIn
        case refused
    }

    /// Failed sign-ins from one source address, within an hour, after which it is refused for the rest of the hour.
    public static let failuresPerSource = 20

    /// How long the `lock`th lock in a row lasts: a minute, doubled for each lock before it, at most a day.
    public static func lockDuration(_ lock: Int) -> TimeInterval {
        min(60 * pow(2, Double(max(0, min(lock - 1, 20)))), 86_400)
    }

    /// Sets (or replaces) `actor`'s password; their failures and any lock are cleared.
    public func setPassword(_ password: String, for actor: String, by administrator: String) async throws(VaultError) {
        guard password.count >= 10 else { throw .weakPassword(minimumLength: 10) }
        let hash: String
        do { hash = try passwords.hash(password) } catch { throw .storage("cannot hash: \(error)") }
        let now = Timestamp.string(clock())
        try await write { sql in
            try await requireActor(actor, in: sql)
            try await storeCredential(actor, hash: hash, at: now, in: sql)
            try await recordRoleChange(actor: actor, role: "-", action: "password set", by: administrator, in: sql)
        }
    }

    /// Replaces `actor`'s stored password hash, clearing their failures and any lock.
    func storeCredential(_ actor: String, hash: String, at now: String, in sql: any SQLDatabase) async throws {
        try await sql.delete(from: "actor_credentials").where("actor_id", .equal, SQLBind(actor)).run()
        try await sql.insert(into: "actor_credentials")
            .columns("actor_id", "hash", "failed_attempts", "locked_at", "locked_until", "changed_at")
            .values(SQLBind(actor), SQLBind(hash), SQLBind(0), SQLBind(Optional<String>.none), SQLBind(Optional<String>.none), SQLBind(now))
            .run()
    }

    /// Checks `password` for `actor`, signing in from `source` (the client's address, when over a network; the
    /// command line, which has the data directory anyway, has none and no limit per source).
    public func signIn(_ actor: String, password: String, source: String? = nil) async throws(VaultError) -> SignIn {
        try await signIn(actor, password: password, source: source, endsCount: true)
    }

    /// `endsCount`: whether a right password ends the count of failures — not when a second factor is still to come,
    /// whose wrong codes count on from it.
    func signIn(_ actor: String, password: String, source: String?, endsCount: Bool) async throws(VaultError) -> SignIn {
        let now = clock()
        // 1. The attempt is counted — or refused unchecked — before the password is checked.
        let attempt: (hash: String, count: Int)?
        do {
            attempt = try await store.transaction { sql -> (hash: String, count: Int)? in
                if let source, try await counted(.signInFailure, key: source, window: 3600, at: now, in: sql) >= Self.failuresPerSource {
                    try await recordSignInFailure(actor, "sign-in refused: too many failures from its source", at: now, in: sql)
                    return nil
                }
                let row = try await sql.statement("""
                    UPDATE actor_credentials SET failed_attempts = failed_attempts + 1
                    WHERE actor_id = ? AND (locked_until IS NULL OR locked_until <= ?)
                      AND actor_id IN (SELECT id FROM actors WHERE disabled_at IS NULL)
                    RETURNING failed_attempts, hash
                    """, .text(actor), .text(Timestamp.string(now))).first()
                guard let row else {
                    if let source { _ = try await count(.signInFailure, key: source, window: 3600, at: now, in: sql) }
                    try await recordSignInFailure(actor, "sign-in refused: unknown, disabled, without password or locked", at: now, in: sql)
                    return nil
                }
                let count = try row.decode(column: "failed_attempts", as: Int.self)
                if count % lockoutAfter == 0 {
                    // This attempt ends a round: the account is locked now, whatever the password turns out to be.
                    let lock = count / lockoutAfter
                    try await sql.update("actor_credentials").set("locked_at", to: SQLBind(Timestamp.string(now)))
                        .set("locked_until", to: SQLBind(Timestamp.string(now.addingTimeInterval(Self.lockDuration(lock)))))
                        .where("actor_id", .equal, SQLBind(actor)).run()
                }
                return (try row.decode(column: "hash", as: String.self), count)
            }
        } catch {
            throw .storage(String(describing: error))
        }
        // 2. The password is checked outside any transaction (it takes a while on purpose).
        guard let attempt else {
            // Spend the same time as a real check, so that timing does not tell which actors exist.
            _ = passwords.verify(password, against: decoyHash)
            return .refused
        }
        let matches = passwords.verify(password, against: attempt.hash)
        // 3. A success ends the count and any lock this attempt set; a failure is recorded, with the lock it set.
        try await write { sql in
            if matches, endsCount {
                try await sql.update("actor_credentials").set("failed_attempts", to: SQLBind(0))
                    .set("locked_at", to: SQLBind(Optional<String>.none)).set("locked_until", to: SQLBind(Optional<String>.none))
                    .where("actor_id", .equal, SQLBind(actor)).run()
                return
            }
            if matches {
                // The password was right but a second factor is to come: the attempt stays counted until its code is
                // taken (which ends the count), and a lock it set stays, and says so.
                if attempt.count % lockoutAfter == 0 {
                    let minutes = Int(Self.lockDuration(attempt.count / lockoutAfter) / 60)
                    try await recordRoleChange(actor: actor, role: "-", action: "locked for \(minutes) min after \(attempt.count) failed sign-ins",
                                               by: "jikim", in: sql)
                }
                return
            }
            if let source { _ = try await count(.signInFailure, key: source, window: 3600, at: now, in: sql) }
            if attempt.count % lockoutAfter == 0 {
                let minutes = Int(Self.lockDuration(attempt.count / lockoutAfter) / 60)
                try await recordRoleChange(actor: actor, role: "-", action: "locked for \(minutes) min after \(attempt.count) failed sign-ins",
                                           by: "jikim", in: sql)
            } else {
                try await recordRoleChange(actor: actor, role: "-", action: "sign-in failed", by: "jikim", in: sql)
            }
        }
        return matches ? .signedIn : .refused
    }

    /// Lifts a lock and clears the failures — the account's, and every source's limit, since staff behind one address
    /// (an office's gateway) share it: an administrator letting someone in lets their address in too.
    public func unlock(_ actor: String, by administrator: String) async throws(VaultError) {
        try await write { sql in
            try await requireActor(actor, in: sql)
            try await sql.update("actor_credentials").set("failed_attempts", to: SQLBind(0))
                .set("locked_at", to: SQLBind(Optional<String>.none)).set("locked_until", to: SQLBind(Optional<String>.none))
                .where("actor_id", .equal, SQLBind(actor)).run()
            try await sql.statement("DELETE FROM rate_limits WHERE kind = ?", .text(LimitKind.signInFailure.rawValue)).run()
            try await recordRoleChange(actor: actor, role: "-", action: "unlocked", by: administrator, in: sql)
        }
    }

    /// A refused attempt in the access log: under the actor when they exist, else under `-` (the name typed is not
    /// kept: it may be someone's password typed in the wrong field).
    private func recordSignInFailure(_ actor: String, _ action: String, at now: Date, in sql: any SQLDatabase) async throws {
        let known = try await sql.select().column("id").from("actors").where("id", .equal, SQLBind(actor)).first() != nil
        if known {
            try await recordRoleChange(actor: actor, role: "-", action: action, by: "jikim", in: sql)
        } else {
            try await recorder.record([RightsChange(actor: "-", action: action, role: nil, by: "jikim", at: now)], in: sql)
        }
    }

    /// A stored hash in the current parameters that no password matches, to verify against when there is none.
    private var decoyHash: String {
        let zeros = Data(count: 32).base64EncodedString()
        return "scrypt$\(passwords.rounds)$\(passwords.blockSize)$\(passwords.parallelism)$\(Data(count: 16).base64EncodedString())$\(zeros)"
    }
}
