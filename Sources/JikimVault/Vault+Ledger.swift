import Foundation
import JikimCore
import JikimStore
import SQLKit

extension Vault {
    /// The destruction ledger's lines destroyed in `[from, to)`, oldest first.
    public func destructionLedger(from: Date = .distantPast, to: Date = .distantFuture) async throws(VaultError) -> [DestructionRecord] {
        do {
            return try await store.sql.select()
                .columns("subject", "class", "items", "collected_at", "destroyed_at", "reason", "basis", "method", "executed_by", "approved_by")
                .from("destruction_ledger")
                .where("destroyed_at", .greaterThanOrEqual, SQLBind(Timestamp.string(max(from, Date(timeIntervalSince1970: 0)))))
                .where("destroyed_at", .lessThan, SQLBind(Timestamp.string(min(to, Date(timeIntervalSince1970: 253_402_300_799)))))
                .orderBy("seq").all()
                .map { row in
                    DestructionRecord(
                        subject: try row.decode(column: "subject", as: String.self),
                        retentionClass: try row.decode(column: "class", as: String.self),
                        items: try row.decode(column: "items", as: String.self).split(separator: ",").map(String.init),
                        collectedAt: Timestamp.date(try row.decode(column: "collected_at", as: String.self)) ?? .distantPast,
                        destroyedAt: Timestamp.date(try row.decode(column: "destroyed_at", as: String.self)) ?? .distantPast,
                        reason: try row.decode(column: "reason", as: String.self), basis: try row.decode(column: "basis", as: String.self),
                        method: try row.decode(column: "method", as: String.self),
                        executedBy: try row.decode(column: "executed_by", as: String.self),
                        approvedBy: try row.decode(column: "approved_by", as: String.self))
                }
        } catch {
            throw .storage(String(describing: error))
        }
    }
}
