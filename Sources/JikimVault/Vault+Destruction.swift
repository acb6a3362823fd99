import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

extension Vault {
    /// Destroys a person's data keys (all, or those of one retention class) and deletes the values and look-up
    /// entries they covered: what they protected can no longer be read or decrypted. Destroying all of them
    /// removes the person, their one-way secrets and consent ledger too. Each class destroyed is a line of the
    /// destruction ledger, with the requester as executor and approver. Returns the number of data keys destroyed.
    @discardableResult
    public func destroy(externalID: String, retentionClass: String? = nil, by requester: Requester) async throws(VaultError) -> Int {
        let now = clock()
        var destroyed = 0
        try await write { sql in
            let subject = try await subjectID(externalID: externalID, in: sql)
            var classes = try await retentionState(of: subject, in: sql).classes.keys.sorted()
            if let retentionClass { classes = classes.filter { $0 == retentionClass } }
            let items = try await destroy(
                classes, of: subject, at: now, in: sql, reason: { _ in ("destroyed on request (\(requester.purpose))", "request") },
                executedBy: requester.actor, approvedBy: requester.actor, batch: nil)
            if retentionClass == nil { try await remove(subject, in: sql) }
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

    /// Crypto-shreds `classes` of the person: their data keys, values (ordinary and separated), one-way secrets
    /// and look-up entries go, and each class becomes a line of the destruction ledger, also logged. Returns the
    /// items destroyed.
    @discardableResult
    func destroy(
        _ classes: [String], of subject: String, at now: Date, in sql: any SQLDatabase,
        reason: (String) -> (reason: String, basis: String), executedBy: String, approvedBy: String, batch: String?
    ) async throws -> [Identifier] {
        guard !classes.isEmpty else { return [] }
        let created = try await sql.select().column("created_at").from("subjects").where("id", .equal, SQLBind(subject)).first()
            .flatMap { try $0.decode(column: "created_at", as: String.self) }.flatMap(Timestamp.date) ?? now
        let secrets = try await sql.select().column("item").from("secrets").where("subject_id", .equal, SQLBind(subject)).all()
            .map { try $0.decode(column: "item", as: String.self) }
        var records: [DestructionRecord] = []
        var destroyedItems: [Identifier] = []
        for retentionClass in classes {
            let items = try await items(of: retentionClass, subject: subject, in: "item_values", sql)
                + (try await items(of: retentionClass, subject: subject, in: "separated_values", sql))
                + secrets.filter { RetentionClass.of($0, in: policy) == retentionClass }
            let (why, basis) = reason(retentionClass)
            records.append(DestructionRecord(
                subject: cipher.pseudonym(subject), retentionClass: retentionClass, items: items.sorted(), collectedAt: created,
                destroyedAt: now, reason: why, basis: basis, executedBy: executedBy, approvedBy: approvedBy))
            destroyedItems += items
        }
        let byClass = SQLBind.group(classes)
        for table in ["data_keys", "item_values", "separated_values"] {
            try await sql.delete(from: table).where("subject_id", .equal, SQLBind(subject)).where("class", .in, byClass).run()
        }
        if !destroyedItems.isEmpty {
            for table in ["lookups", "secrets"] {
                try await sql.delete(from: table).where("subject_id", .equal, SQLBind(subject)).where("item", .in, SQLBind.group(destroyedItems)).run()
            }
        }
        try await sql.delete(from: "destruction_proposals").where("subject_id", .equal, SQLBind(subject)).where("class", .in, byClass).run()
        try await insertRows(
            into: "destruction_ledger",
            columns: ["subject", "class", "items", "collected_at", "destroyed_at", "reason", "basis", "method", "executed_by", "approved_by", "batch_id"],
            sql: sql,
            rows: records.map { record in
                [SQLBind(record.subject), SQLBind(record.retentionClass), SQLBind(record.items.joined(separator: ",")),
                 SQLBind(Timestamp.string(record.collectedAt)), SQLBind(Timestamp.string(record.destroyedAt)), SQLBind(record.reason),
                 SQLBind(record.basis), SQLBind(record.method), SQLBind(record.executedBy), SQLBind(record.approvedBy), SQLBind(batch)]
            })
        try await recorder.record(records, in: sql)
        return destroyedItems
    }

    /// Removes what is left of a person once all their data is destroyed: only their pseudonym remains, in the
    /// access log and the destruction ledger.
    func remove(_ subject: String, in sql: any SQLDatabase) async throws {
        for table in ["data_keys", "item_values", "separated_values", "secrets", "lookups", "consent_events", "suspension_events",
                      "lifecycle_events", "legal_holds", "destruction_proposals", "dormancy_notices", "outbox"] {
            try await sql.delete(from: table).where("subject_id", .equal, SQLBind(subject)).run()
        }
        try await sql.delete(from: "subjects").where("id", .equal, SQLBind(subject)).run()
    }
}
