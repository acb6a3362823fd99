import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

extension Vault {
    /// How many data keys (people's, and those of staff's second-factor secrets) each key-encryption key version wraps.
    public func dataKeysByVersion() async throws(VaultError) -> [Int: Int] {
        do {
            var counts: [Int: Int] = [:]
            for table in ["data_keys", "actor_second_factors"] {
                for row in try await store.sql.raw("SELECT key_version, COUNT(*) AS n FROM \(unsafeRaw: table) GROUP BY key_version").all() {
                    counts[try row.decode(column: "key_version", as: Int.self), default: 0] += try row.decode(column: "n", as: Int.self)
                }
            }
            return counts
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// Re-wraps every data key not wrapped by the current key-encryption key, `batchSize` keys a transaction, so
    /// that readers and writers carry on meanwhile. The data keys, and so the values, do not change. `progress`
    /// gets the running count. Returns the number re-wrapped.
    @discardableResult
    public func rewrapDataKeys(batchSize: Int = 1_000, progress: (Int) -> Void = { _ in }) async throws(VaultError) -> Int {
        let cipher = self.cipher
        let current = cipher.keys.currentVersion
        var done = 0
        while true {
            var count = 0
            try await write { sql in
                let rows = try await sql.select().columns("subject_id", "class", "key_version", "sealed").from("data_keys")
                    .where("key_version", .notEqual, SQLBind(current)).limit(batchSize).all()
                for row in rows {
                    let subject = try row.decode(column: "subject_id", as: String.self)
                    let retentionClass = try row.decode(column: "class", as: String.self)
                    let version = try row.decode(column: "key_version", as: Int.self)
                    let wrapped = WrappedKey(keyVersion: version, sealed: try row.decode(column: "sealed", as: Data.self))
                    let rewrapped = try cipher.rewrap(wrapped, subject: subject, retentionClass: retentionClass)
                    try await sql.update("data_keys")
                        .set("key_version", to: SQLBind(rewrapped.keyVersion)).set("sealed", to: SQLBind(rewrapped.sealed))
                        .where("subject_id", .equal, SQLBind(subject)).where("class", .equal, SQLBind(retentionClass))
                        .where("key_version", .equal, SQLBind(version))
                        .run()
                }
                count = rows.count
            }
            done += count
            progress(done)
            if count < batchSize { break }
        }
        // The keys that seal staff's second-factor secrets: a few, in one transaction.
        try await write { sql in
            for row in try await sql.statement("SELECT actor_id, key_version, key_sealed FROM actor_second_factors WHERE key_version <> ?",
                                               .integer(current)).all() {
                let actor = try row.decode(column: "actor_id", as: String.self)
                let version = try row.decode(column: "key_version", as: Int.self)
                let rewrapped = try cipher.rewrap(WrappedKey(keyVersion: version, sealed: try row.decode(column: "key_sealed", as: Data.self)),
                                                  subject: "actor:" + actor, retentionClass: "second-factor")
                try await sql.update("actor_second_factors").set("key_version", to: SQLBind(rewrapped.keyVersion))
                    .set("key_sealed", to: SQLBind(rewrapped.sealed)).where("actor_id", .equal, SQLBind(actor)).run()
                done += 1
            }
        }
        return done
    }
}
