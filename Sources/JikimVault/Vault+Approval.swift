import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// A batch of due destructions put to the privacy officer, where the policy says destruction waits for approval.
public struct DestructionBatch: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        case proposed, approved, rejected
    }

    public var id: String
    public var proposedAt: Date
    public var state: State
    /// Retention classes proposed, across people.
    public var count: Int
    public var decidedBy: String?
    public var decidedAt: Date?
    public var reason: String?
}

extension Vault {
    /// Adds a due destruction to the day's batch, opening the batch if it is the first.
    func propose(_ retentionClass: String, of subject: String, today: CivilDate, in sql: any SQLDatabase) async throws {
        let batch = "D-\(today)"
        let open = try await sql.select().column("state").from("destruction_batches").where("id", .equal, SQLBind(batch)).first()
        if open == nil {
            try await sql.insert(into: "destruction_batches").columns("id", "proposed_at", "state")
                .values(SQLBind(batch), SQLBind(Timestamp.string(clock())), SQLBind(DestructionBatch.State.proposed.rawValue)).run()
        }
        try await sql.insert(into: "destruction_proposals").columns("subject_id", "class", "batch_id", "due_on", "state")
            .values(SQLBind(subject), SQLBind(retentionClass), SQLBind(batch), SQLBind(today.description), SQLBind("proposed")).run()
    }

    /// The batches of proposed destructions, newest first.
    public func destructionBatches() async throws(VaultError) -> [DestructionBatch] {
        do {
            let counts = try await store.sql.raw("SELECT batch_id, COUNT(*) AS n FROM destruction_proposals GROUP BY batch_id").all()
            var count: [String: Int] = [:]
            for row in counts { count[try row.decode(column: "batch_id", as: String.self)] = try row.decode(column: "n", as: Int.self) }
            return try await store.sql.select().columns("id", "proposed_at", "state", "decided_by", "decided_at", "decision_reason")
                .from("destruction_batches").orderBy("id", .descending).all()
                .map { row in
                    let id = try row.decode(column: "id", as: String.self)
                    return DestructionBatch(
                        id: id, proposedAt: Timestamp.date(try row.decode(column: "proposed_at", as: String.self)) ?? .distantPast,
                        state: DestructionBatch.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .proposed,
                        count: count[id] ?? 0, decidedBy: try row.decode(column: "decided_by", as: String?.self),
                        decidedAt: try row.decode(column: "decided_at", as: String?.self).flatMap(Timestamp.date),
                        reason: try row.decode(column: "decision_reason", as: String?.self))
                }
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// Approves (or rejects, with a reason) a proposed batch. The decision is the officer's: `officer` must be an
    /// actor. Approved destructions are carried out by the next sweep; rejected ones are proposed again in a later
    /// batch, unless a legal hold is set meanwhile.
    public func decide(batch: String, approve: Bool, reason: String?, by officer: String) async throws(VaultError) {
        if !approve, !AccessRules.isAcceptableReason(reason) {
            throw .invalidRetentionRequest("a rejection must give its reason (at most 200 characters, with no e-mail address or long number)")
        }
        let now = clock()
        let today = CivilDate(seoul: now)
        try await write { sql in
            guard try await grantedPurposes(of: officer, in: sql) != nil else { throw VaultError.unknownActor(officer) }
            guard let row = try await sql.select().column("state").from("destruction_batches").where("id", .equal, SQLBind(batch)).first() else {
                throw VaultError.invalidRetentionRequest("there is no destruction batch '\(batch)'")
            }
            let state = try row.decode(column: "state", as: String.self)
            guard state == DestructionBatch.State.proposed.rawValue else {
                throw VaultError.invalidRetentionRequest("batch '\(batch)' was already \(state)")
            }
            let decided: DestructionBatch.State = approve ? .approved : .rejected
            try await sql.update("destruction_batches").set("state", to: SQLBind(decided.rawValue)).set("decided_by", to: SQLBind(officer))
                .set("decided_at", to: SQLBind(Timestamp.string(now))).set("decision_reason", to: SQLBind(reason))
                .where("id", .equal, SQLBind(batch)).run()
            let subjects = try await sql.select().column("subject_id").from("destruction_proposals").where("batch_id", .equal, SQLBind(batch)).all()
                .map { try $0.decode(column: "subject_id", as: String.self) }
            if approve {
                try await sql.update("destruction_proposals").set("state", to: SQLBind("approved")).where("batch_id", .equal, SQLBind(batch)).run()
            } else {
                try await sql.delete(from: "destruction_proposals").where("batch_id", .equal, SQLBind(batch)).run()
            }
            let due = approve ? today : today.adding(days: 1)
            for chunk in Array(Set(subjects)).chunked(into: 500) {
                try await sql.update("subjects").set("due_on", to: SQLBind(due.description)).where("id", .in, SQLBind.group(Array(chunk))).run()
            }
        }
    }
}
