import Foundation
import JikimCore
import JikimStore
import JikimVault
import SQLKit

/// Scoping a breach from the access log (PIPA Art. 34): which people and items the records matching a query
/// exposed, read from the log's own entries — not from a table beside it — so that the signed checkpoint and the
/// inclusion proofs kept with the scope show it came from the untampered log.
extension AccessLog {
    /// The people and items the access records in `query`'s window exposed, among the first `size` entries of the
    /// log. Reads only the entries logged in the window (the log is indexed by time): the cost grows with the
    /// records in the window, not with the log.
    public func tally(_ query: ScopeQuery, upTo size: UInt64, slice: TimeInterval = 3600) async throws -> ExposureTally {
        var tally = ExposureTally()
        // An hour at a time, in the order of time: the time index finds each hour's entries, whatever the log's
        // length, and no more than an hour of entries is held at once.
        var start = query.from
        while start < query.to {
            // Hours without an entry are skipped: the next entry's time (of any kind, so that the time index alone
            // answers) is one look-up.
            guard let next = try await store.sql.select().column(SQLFunction("MIN", args: SQLColumn("at")), as: "next").from("log_entries")
                .where("at", .greaterThanOrEqual, SQLBind(Timestamp.string(start)))
                .where("at", .lessThan, SQLBind(Timestamp.string(query.to)))
                .first()?.decode(column: "next", as: String?.self).flatMap(Timestamp.date) else { break }
            start = max(start, next)
            let end = min(start.addingTimeInterval(slice), query.to)
            let rows = try await store.sql.select().columns("idx", "entry").from("log_entries")
                .where("kind", .equal, SQLBind("access"))
                .where("at", .greaterThanOrEqual, SQLBind(Timestamp.string(start)))
                .where("at", .lessThan, SQLBind(Timestamp.string(end)))
                .where("idx", .lessThan, SQLBind(Int64(size)))
                .where(SQLColumn("entry"), .isNot, SQLLiteral.null)
                .orderBy("at").orderBy("idx").all()
            for row in rows {
                let index = try row.decode(column: "idx", as: Int64.self)
                guard case .access(let record) = try row.decode(column: "entry", as: Data?.self).flatMap(LogEntry.init(encoded:)) else { continue }
                tally.add(index: UInt64(index), record: record, query: query)
            }
            start = end
        }
        return tally
    }

    /// Scopes `query` against `checkpoint` (a signed head of the log): the tally of the entries it covers, with the
    /// inclusion proofs of the first and last record used.
    public func scope(_ query: ScopeQuery, against checkpoint: StoredCheckpoint) async throws -> Vault.ScopeEvidence {
        let tally = try await tally(query, upTo: checkpoint.size)
        var firstProof: [Data] = [], lastProof: [Data] = []
        if let first = tally.first { firstProof = try await inclusionProof(index: first, size: checkpoint.size) }
        if let last = tally.last { lastProof = try await inclusionProof(index: last, size: checkpoint.size) }
        return Vault.ScopeEvidence(tally: tally, checkpointSize: checkpoint.size, checkpoint: checkpoint.note,
                                   firstProof: firstProof, lastProof: lastProof)
    }

    /// Checks a kept scope against the log: its checkpoint is signed by the log's key, its first and last records
    /// are in the log of that size (their proofs lead to the checkpoint's root), and counting again from the log
    /// gives the same people and records. What does not hold is listed; nothing listed, the scope stands.
    public func verify(_ scope: Vault.IncidentScopeRecord, verifier: NoteVerifier) async throws -> [String] {
        var problems: [String] = []
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint(note: scope.checkpoint, verifier: verifier, origin: verifier.name)
        } catch {
            return ["the checkpoint is not signed by the log's key \(verifier.name): \(error)"]
        }
        if checkpoint.size != scope.checkpointSize { problems.append("the checkpoint covers \(checkpoint.size) entries, the scope says \(scope.checkpointSize)") }
        for (name, index, proof) in [("first", scope.first, scope.firstProof), ("last", scope.last, scope.lastProof)] {
            guard let index else { continue }
            guard let row = try await store.sql.select().column("entry").from("log_entries").where("idx", .equal, SQLBind(Int64(index))).first(),
                  let bytes = try row.decode(column: "entry", as: Data?.self) else {
                problems.append("the \(name) record (index \(index)) is no longer in the log")
                continue
            }
            if !MerkleProof.verifyInclusion(leaf: TreeHash.leaf(bytes), index: index, size: checkpoint.size, proof: proof, root: checkpoint.root) {
                problems.append("the \(name) record (index \(index)) is not in the signed log: its inclusion proof fails")
            }
        }
        let again = try await tally(scope.query, upTo: scope.checkpointSize)
        if again.order.count != scope.people || again.records != scope.records || again.first != scope.first || again.last != scope.last {
            problems.append("counted again from the log, the scope finds \(again.order.count) people in \(again.records) records, not \(scope.people) in \(scope.records)")
        }
        return problems
    }
}
