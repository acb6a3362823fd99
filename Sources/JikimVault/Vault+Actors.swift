import Foundation
import JikimCore
import JikimStore
import SQLKit

/// Staff and service accounts, and the roles that grant them purposes. Every grant, revocation and disabling is
/// recorded with who did it and when.
extension Vault {
    public enum ActorKind: String, Sendable, CaseIterable {
        case staff
        case service
    }

    /// Adds an actor with no roles.
    public func addActor(_ id: String, kind: ActorKind, by administrator: String) async throws(VaultError) {
        try await write { sql in
            guard try await sql.select().column("id").from("actors").where("id", .equal, SQLBind(id)).first() == nil else {
                return
            }
            try await sql.insert(into: "actors").columns("id", "kind", "created_at")
                .values(SQLBind(id), SQLBind(kind.rawValue), SQLBind(Timestamp.string(clock()))).run()
            try await recordRoleChange(actor: id, role: "-", action: "created", by: administrator, in: sql)
        }
    }

    public func grant(_ role: Identifier, to actor: String, by administrator: String) async throws(VaultError) {
        guard policy.role(role) != nil else { throw .undeclaredRole(role) }
        try await write { sql in
            try await requireActor(actor, in: sql)
            guard try await sql.select().column("role").from("role_assignments")
                .where("actor_id", .equal, SQLBind(actor)).where("role", .equal, SQLBind(role)).first() == nil
            else { return }
            try await sql.insert(into: "role_assignments").columns("actor_id", "role").values(SQLBind(actor), SQLBind(role)).run()
            try await recordRoleChange(actor: actor, role: role, action: "granted", by: administrator, in: sql)
        }
    }

    public func revoke(_ role: Identifier, from actor: String, by administrator: String) async throws(VaultError) {
        try await write { sql in
            try await requireActor(actor, in: sql)
            try await sql.delete(from: "role_assignments").where("actor_id", .equal, SQLBind(actor)).where("role", .equal, SQLBind(role)).run()
            try await recordRoleChange(actor: actor, role: role, action: "revoked", by: administrator, in: sql)
        }
    }

    /// Role changes of `actor`, oldest first: (role, action, by, at).
    public func roleHistory(of actor: String) async throws(VaultError) -> [(role: String, action: String, by: String, at: String)] {
        do {
            return try await store.sql.select().columns("role", "action", "by_actor", "at").from("role_changes")
                .where("actor_id", .equal, SQLBind(actor)).orderBy("seq").all()
                .map { (try $0.decode(column: "role", as: String.self), try $0.decode(column: "action", as: String.self),
                        try $0.decode(column: "by_actor", as: String.self), try $0.decode(column: "at", as: String.self)) }
        } catch {
            throw .storage(String(describing: error))
        }
    }

    func requireActor(_ actor: String, in sql: any SQLDatabase) async throws {
        guard try await sql.select().column("id").from("actors").where("id", .equal, SQLBind(actor)).first() != nil else {
            throw VaultError.unknownActor(actor)
        }
    }

    func recordRoleChange(actor: String, role: String, action: String, by administrator: String, in sql: any SQLDatabase) async throws {
        let now = clock()
        try await sql.insert(into: "role_changes").columns("actor_id", "role", "action", "by_actor", "at")
            .values(SQLBind(actor), SQLBind(role), SQLBind(action), SQLBind(administrator), SQLBind(Timestamp.string(now))).run()
        try await recorder.record([RightsChange(actor: actor, action: action, role: role == "-" ? nil : role, by: administrator, at: now)], in: sql)
    }

    func write(_ body: (any SQLDatabase) async throws -> Void) async throws(VaultError) {
        do {
            try await store.transaction(body)
        } catch let error as VaultError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
    }
}
