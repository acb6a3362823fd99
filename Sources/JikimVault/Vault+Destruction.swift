import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// One retention class of one person to destroy, and what its ledger line says.
struct DestructionTarget {
    var subject: String
    var retentionClass: String
    var reason: String
    var basis: String
    var approvedBy: String
    var batch: String?
}

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
            let snapshot = try await snapshot(of: [subject], in: sql)
            var classes = snapshot.states[subject]?.classes.keys.sorted() ?? []
            if let retentionClass { classes = classes.filter { $0 == retentionClass } }
            let targets = classes.map {
                DestructionTarget(subject: subject, retentionClass: $0, reason: "destroyed on request (\(requester.purpose))", basis: "request",
                                  approvedBy: requester.actor, batch: nil)
            }
            let items = try await destroy(targets, snapshot: snapshot, executedBy: requester.actor, at: now, in: sql)
            if retentionClass == nil { try await remove([subject], in: sql) }
            destroyed = classes.count
            try await recorder.record([AccessRecord(
                actor: requester.actor, at: now, source: requester.source, token: requester.token, subject: cipher.pseudonym(subject),
                operation: .delete, purpose: requester.purpose, items: items.sorted(), outcome: .allowed)], in: sql)
        }
        do {
            try await store.eraseFreedSpace()
        } catch {
            throw .storage(String(describing: error))
        }
        return destroyed
    }

    /// Crypto-shreds the targets: their data keys, values (ordinary and separated), one-way secrets and look-up
    /// entries go, class by class for all the people at once, and each target becomes a line of the destruction
    /// ledger, also logged. Returns the items destroyed.
    @discardableResult
    func destroy(
        _ targets: [DestructionTarget], snapshot: RetentionSnapshot, executedBy: String, at now: Date, in sql: any SQLDatabase
    ) async throws -> [Identifier] {
        guard !targets.isEmpty else { return [] }
        var records: [DestructionRecord] = []
        var destroyedItems: [Identifier] = []
        for target in targets {
            let items = (snapshot.items[target.subject]?[target.retentionClass] ?? []).sorted()
            records.append(DestructionRecord(
                subject: cipher.pseudonym(target.subject), retentionClass: target.retentionClass, items: items,
                collectedAt: snapshot.created[target.subject] ?? now, destroyedAt: now, reason: target.reason, basis: target.basis,
                executedBy: executedBy, approvedBy: target.approvedBy))
            destroyedItems += items
        }
        for (retentionClass, group) in Dictionary(grouping: targets, by: \.retentionClass) {
            for chunk in group.map(\.subject).chunked(into: 500) {
                let people = SQLBind.group(Array(chunk))
                for table in ["data_keys", "item_values", "separated_values", "destruction_proposals"] {
                    try await sql.delete(from: table).where("class", .equal, SQLBind(retentionClass)).where("subject_id", .in, people).run()
                }
                let items = declaredItems(of: retentionClass)
                guard !items.isEmpty else { continue }
                for table in ["lookups", "secrets"] {
                    try await sql.delete(from: table).where("subject_id", .in, people).where("item", .in, SQLBind.group(items)).run()
                }
            }
        }
        try await appendLedger(records, batches: targets.map(\.batch), in: sql)
        try await shredRequestCopies(of: Array(Set(targets.map(\.subject))), in: sql)
        return destroyedItems
    }

    /// Writes destruction ledger lines, each also logged.
    func appendLedger(_ records: [DestructionRecord], batches: [String?], in sql: any SQLDatabase) async throws {
        try await sql.insertRows(
            into: "destruction_ledger",
            columns: ["subject", "class", "items", "collected_at", "destroyed_at", "reason", "basis", "method", "executed_by", "approved_by", "batch_id"],
            rows: zip(records, batches).map { record, batch in
                [.text(record.subject), .text(record.retentionClass), .text(record.items.joined(separator: ",")),
                 .text(Timestamp.string(record.collectedAt)), .text(Timestamp.string(record.destroyedAt)), .text(record.reason),
                 .text(record.basis), .text(record.method), .text(record.executedBy), .text(record.approvedBy), .text(batch)]
            })
        try await recorder.record(records, in: sql)
    }

    /// Removes what is left of people once all their data is destroyed: only their pseudonyms remain, in the
    /// access log and the destruction ledger.
    func remove(_ subjects: [String], in sql: any SQLDatabase) async throws {
        try await shredRequestCopies(of: subjects, all: true, in: sql)
        for chunk in subjects.chunked(into: 500) {
            let people = SQLBind.group(Array(chunk))
            for table in ["data_keys", "item_values", "separated_values", "secrets", "lookups", "consent_events", "suspension_events",
                          "lifecycle_events", "legal_holds", "destruction_proposals", "dormancy_notices", "outbox"] {
                try await sql.delete(from: table).where("subject_id", .in, people).run()
            }
            try await sql.delete(from: "subjects").where("id", .in, people).run()
        }
    }
}
