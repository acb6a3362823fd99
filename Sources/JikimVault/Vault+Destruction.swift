import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

extension Vault {
    /// Destroys a person's data keys (all, or those of one retention class) and deletes the values and look-up
    /// entries they covered: what they protected can no longer be read or decrypted. Destroying all of them
    /// removes the person, their one-way secrets and consent ledger too.
    /// Returns the number of data keys destroyed.
    @discardableResult
    public func destroy(externalID: String, retentionClass: String? = nil, by requester: Requester) async throws(VaultError) -> Int {
        let now = clock()
        var destroyed = 0
        try await write { sql in
            guard let subject = try await sql.select().column("id").from("subjects")
                .where("external", .equal, SQLBind(cipher.blindIndex(externalID, item: "external id"))).first()?
                .decode(column: "id", as: String.self)
            else { throw VaultError.unknownSubject }
            var classes = try await sql.select().column("class").from("data_keys").where("subject_id", .equal, SQLBind(subject)).all()
                .map { try $0.decode(column: "class", as: String.self) }
            if let retentionClass { classes = classes.filter { $0 == retentionClass } }
            let items = try await sql.select().column("item").from("item_values").where("subject_id", .equal, SQLBind(subject))
                .where("class", .in, SQLBind.group(classes)).all().map { try $0.decode(column: "item", as: String.self) }
            try await sql.delete(from: "data_keys").where("subject_id", .equal, SQLBind(subject)).where("class", .in, SQLBind.group(classes)).run()
            try await sql.delete(from: "item_values").where("subject_id", .equal, SQLBind(subject)).where("class", .in, SQLBind.group(classes)).run()
            try await sql.delete(from: "lookups").where("subject_id", .equal, SQLBind(subject)).where("item", .in, SQLBind.group(items)).run()
            if retentionClass == nil {
                // Nothing of the person is left but the pseudonym in access records.
                for table in ["secrets", "lookups", "consent_events"] {
                    try await sql.delete(from: table).where("subject_id", .equal, SQLBind(subject)).run()
                }
                try await sql.delete(from: "subjects").where("id", .equal, SQLBind(subject)).run()
            }
            destroyed = classes.count
            try await recorder.record([AccessRecord(
                actor: requester.actor, at: now, source: requester.source, subject: cipher.pseudonym(subject),
                operation: .delete, purpose: requester.purpose, items: items.sorted(), outcome: .allowed)], in: sql)
        }
        do {
            try await store.eraseFreedSpace()
        } catch {
            throw .storage(String(describing: error))
        }
        return destroyed
    }
}
