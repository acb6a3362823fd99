import Foundation
import JikimCore
import JikimStore
import SQLKit

/// What a prune removed.
public struct LogPruning: Sendable, Equatable {
    public var accessRecords: Int
    public var rightsChanges: Int
    /// Entries written before this instant (midnight in Korea) were due: access records, and rights changes and
    /// sign-offs before `rightsCutoff`.
    public var accessCutoff: Date
    public var rightsCutoff: Date
}

extension AccessLog {
    /// Removes the bytes of entries whose retention period (the policy's `access_log`) has ended, in Korean
    /// calendar days as the Civil Act counts them. Each entry's leaf hash stays, so the tree, its checkpoints and
    /// proofs still verify; only what the entry said is gone. Review sign-offs are kept as long as rights changes.
    public func prune(keeping rules: AccessLogPolicy, now: Date = Date()) async throws -> LogPruning {
        let today = CivilDate(seoul: now)
        let accessCutoff = today.firstDayStillWithin(rules.keep).seoulMidnight
        let rightsCutoff = today.firstDayStillWithin(rules.keepRightsChanges).seoulMidnight
        return try await store.transaction { sql in
            let access = try await pruned(kinds: ["access"], before: accessCutoff, in: sql)
            // The same records' table copy, which the vault's own queries read.
            try await sql.delete(from: "access_records").where("at", .lessThan, SQLBind(Timestamp.string(accessCutoff))).run()
            let rights = try await pruned(kinds: ["rights", "sign-off"], before: rightsCutoff, in: sql)
            return LogPruning(accessRecords: access, rightsChanges: rights, accessCutoff: accessCutoff, rightsCutoff: rightsCutoff)
        }
    }

    private func pruned(kinds: [String], before cutoff: Date, in sql: any SQLDatabase) async throws -> Int {
        let at = SQLBind(Timestamp.string(cutoff))
        let count = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("log_entries")
            .where("kind", .in, SQLBind.group(kinds)).where("at", .lessThan, at).where(SQLColumn("entry"), .isNot, SQLLiteral.null)
            .first()?.decode(column: "n", as: Int.self) ?? 0
        guard count > 0 else { return 0 }
        try await sql.update("log_entries").set("entry", to: SQLLiteral.null)
            .where("kind", .in, SQLBind.group(kinds)).where("at", .lessThan, at).where(SQLColumn("entry"), .isNot, SQLLiteral.null).run()
        return count
    }
}
