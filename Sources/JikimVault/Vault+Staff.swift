import Foundation
import JikimCore
import JikimStore
import SQLKit

/// The staff list of the console, and disabling an account (safety standard: rights revoked without delay when duties
/// change; an account is disabled, never deleted, so its records keep naming it).
extension Vault {
    /// Every actor with their roles, whether they are disabled and whether a sign-in lock is in force now.
    public func staff() async throws(VaultError) -> [StaffMember] {
        let now = Timestamp.string(clock())
        do {
            return try await store.read { sql in
                let rows = try await sql.statement("""
                    SELECT a.id, a.kind, a.disabled_at, r.role, c.locked_until FROM actors a
                    LEFT JOIN role_assignments r ON r.actor_id = a.id LEFT JOIN actor_credentials c ON c.actor_id = a.id
                    ORDER BY a.id, r.role
                    """).all()
                var members: [StaffMember] = []
                for row in rows {
                    let id = try row.decode(column: "id", as: String.self)
                    let role = try row.decode(column: "role", as: String?.self)
                    if members.last?.id == id {
                        if let role { members[members.count - 1].roles.append(role) }
                        continue
                    }
                    let lockedUntil = try row.decode(column: "locked_until", as: String?.self)
                    members.append(StaffMember(
                        id: id, kind: try row.decode(column: "kind", as: String.self), roles: role.map { [$0] } ?? [],
                        disabled: try row.decode(column: "disabled_at", as: String?.self) != nil, locked: lockedUntil.map { $0 > now } ?? false))
                }
                return members
            }
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// Disables `actor`: their sessions, tokens and password stop working at once, their roles stay for the record.
    public func disable(_ actor: String, by administrator: String) async throws(VaultError) {
        let now = Timestamp.string(clock())
        try await write { sql in
            try await requireActor(actor, in: sql)
            try await sql.update("actors").set("disabled_at", to: SQLBind(now)).where("id", .equal, SQLBind(actor))
                .where(SQLIdentifier("disabled_at"), .is, SQLLiteral.null).run()
            try await sql.update("staff_sessions").set("ended_at", to: SQLBind(now)).where("actor_id", .equal, SQLBind(actor))
                .where(SQLIdentifier("ended_at"), .is, SQLLiteral.null).run()
            try await recordRoleChange(actor: actor, role: "-", action: "disabled", by: administrator, in: sql)
        }
    }

    /// Proposed destructions of a batch, counted by retention class (never naming a person).
    public func destructionBatchClasses(_ batch: String) async throws(VaultError) -> [(retentionClass: String, count: Int)] {
        do {
            return try await store.sql.statement(
                "SELECT class, COUNT(*) AS n FROM destruction_proposals WHERE batch_id = ? GROUP BY class ORDER BY class", .text(batch)
            ).all().map { (try $0.decode(column: "class", as: String.self), try $0.decode(column: "n", as: Int.self)) }
        } catch {
            throw .storage(String(describing: error))
        }
    }
}
