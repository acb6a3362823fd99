import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// Staff sign-in: a password stored one-way, and a lockout after repeated failures (safety standard Art. 5(6)).
/// Setting a password, a lockout and an unlock are recorded in the actor's history like any change of rights.
extension Vault {
    /// What a sign-in attempt came to. A wrong password and an unknown actor look the same from outside.
    public enum SignIn: Sendable, Equatable {
        case signedIn
        case refused(attemptsLeft: Int)
        case locked
    }

    /// Sets (or replaces) `actor`'s password; clears failures but not a lockout.
    public func setPassword(_ password: String, for actor: String, by administrator: String) async throws(VaultError) {
        guard password.count >= 10 else { throw .weakPassword(minimumLength: 10) }
        let hash: String
        do { hash = try passwords.hash(password) } catch { throw .storage("cannot hash: \(error)") }
        let now = Timestamp.string(clock())
        try await write { sql in
            try await requireActor(actor, in: sql)
            try await sql.delete(from: "actor_credentials").where("actor_id", .equal, SQLBind(actor)).run()
            try await sql.insert(into: "actor_credentials").columns("actor_id", "hash", "failed_attempts", "locked_at", "changed_at")
                .values(SQLBind(actor), SQLBind(hash), SQLBind(0), SQLBind(Optional<String>.none), SQLBind(now)).run()
            try await recordRoleChange(actor: actor, role: "-", action: "password set", by: administrator, in: sql)
        }
    }

    /// Checks `password` for `actor`. After `lockoutAfter` failures in a row the account is locked until an
    /// administrator unlocks it; a locked account is refused even with the right password.
    public func signIn(_ actor: String, password: String) async throws(VaultError) -> SignIn {
        let row: (hash: String, failed: Int, locked: Bool)?
        do {
            row = try await store.sql.select().columns("hash", "failed_attempts", "locked_at").from("actor_credentials")
                .join("actors", on: SQLColumn("actor_id"), .equal, SQLColumn("id"))
                .where("actor_id", .equal, SQLBind(actor)).where(SQLColumn("disabled_at"), .is, SQLLiteral.null).first()
                .map { (try $0.decode(column: "hash", as: String.self), try $0.decode(column: "failed_attempts", as: Int.self),
                        try $0.decode(column: "locked_at", as: String?.self) != nil) }
        } catch {
            throw .storage(String(describing: error))
        }
        guard let row else {
            // Spend the same time as a real check, so that timing does not tell which actors exist.
            _ = passwords.verify(password, against: decoyHash)
            return .refused(attemptsLeft: lockoutAfter)
        }
        if row.locked { return .locked }
        let matches = passwords.verify(password, against: row.hash)
        var outcome = SignIn.signedIn
        try await write { sql in
            if matches {
                try await sql.update("actor_credentials").set("failed_attempts", to: SQLBind(0))
                    .where("actor_id", .equal, SQLBind(actor)).run()
                return
            }
            let failed = row.failed + 1
            let locking = failed >= lockoutAfter
            try await sql.update("actor_credentials").set("failed_attempts", to: SQLBind(failed))
                .set("locked_at", to: SQLBind(locking ? Timestamp.string(clock()) : nil))
                .where("actor_id", .equal, SQLBind(actor)).run()
            if locking {
                try await recordRoleChange(actor: actor, role: "-", action: "locked after \(failed) failed sign-ins", by: "jikim", in: sql)
            }
            outcome = locking ? .locked : .refused(attemptsLeft: lockoutAfter - failed)
        }
        return outcome
    }

    /// Lifts a lockout.
    public func unlock(_ actor: String, by administrator: String) async throws(VaultError) {
        try await write { sql in
            try await requireActor(actor, in: sql)
            try await sql.update("actor_credentials").set("failed_attempts", to: SQLBind(0))
                .set("locked_at", to: SQLBind(Optional<String>.none)).where("actor_id", .equal, SQLBind(actor)).run()
            try await recordRoleChange(actor: actor, role: "-", action: "unlocked", by: administrator, in: sql)
        }
    }

    /// A stored hash in the current parameters that no password matches, to verify against when there is none.
    private var decoyHash: String {
        let zeros = Data(count: 32).base64EncodedString()
        return "scrypt$\(passwords.rounds)$\(passwords.blockSize)$\(passwords.parallelism)$\(Data(count: 16).base64EncodedString())$\(zeros)"
    }
}
