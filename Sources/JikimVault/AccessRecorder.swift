import JikimCore
import JikimStore
import SQLKit

/// Writes access records inside the transaction of the operation they record, so that nothing happens without its
/// record. The tamper-evident log replaces this table writer behind the same seam.
public protocol AccessRecorder: Sendable {
    func record(_ records: [AccessRecord], in sql: any SQLDatabase) async throws
    /// Records changes of staff rights (grants, revocations, lockouts) in the same transaction as the change.
    func record(_ changes: [RightsChange], in sql: any SQLDatabase) async throws
    /// Records lines of the destruction ledger in the same transaction as the destruction.
    func record(_ destructions: [DestructionRecord], in sql: any SQLDatabase) async throws
}

extension AccessRecorder {
    /// By default rights changes are kept only in the `role_changes` table.
    public func record(_ changes: [RightsChange], in sql: any SQLDatabase) async throws {}
    /// By default destructions are kept only in the `destruction_ledger` table.
    public func record(_ destructions: [DestructionRecord], in sql: any SQLDatabase) async throws {}
}

/// Access records as rows of a table, written where they are recorded. On SQLite the table is in the access log's
/// file (`Store.keepsLogApart`), and a commit over two files is atomic in each alone: on its own this recorder is for
/// measurements; the access log (`AccessLog`) writes the table with its entries and keeps them atomic with the change.
public struct TableAccessRecorder: AccessRecorder {
    public init() {}

    public func record(_ records: [AccessRecord], in sql: any SQLDatabase) async throws {
        try await sql.insertRows(
            into: "access_records", columns: ["at", "actor", "source", "subject", "operation", "purpose", "items", "outcome", "reason"],
            rows: records.map { record in
                let outcome = switch record.outcome {
                case .allowed: "allowed"
                case .refused(let code): "refused:\(code)"
                }
                return [.text(Timestamp.string(record.at)), .text(record.actor), .text(record.source), .text(record.subject),
                        .text(record.operation.rawValue), .text(record.purpose), .text(record.items.joined(separator: ",")), .text(outcome),
                        .text(record.reason)]
            })
    }
}
