import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// Where the vault's operations meet the access decision. Each decides inside its transaction, with what the store
/// says now, through ``AccessRules``; what it then does with a person's values or consents takes the
/// ``Authorisation`` the decision returned. A refusal is recorded in the same transaction, which commits with that
/// record alone: a refusal and its record commit together, or the call fails with a storage error.
extension Vault {
    /// What a decided operation came to inside its transaction.
    enum Decided<T: Sendable>: Sendable {
        case done(T)
        /// Refused: the record commits, then the refusal is thrown.
        case refused(AccessRefusal, AccessRecord)
    }

    /// Runs `body` in one transaction; a refusal it returns is recorded in that transaction and thrown once it has
    /// committed.
    func decided<T: Sendable>(_ body: (any SQLDatabase) async throws -> Decided<T>) async throws(VaultError) -> T {
        let outcome: Decided<T>
        do {
            outcome = try await store.transaction { sql in
                let outcome = try await body(sql)
                if case .refused(_, let record) = outcome { try await recorder.record([record], in: sql) }
                return outcome
            }
        } catch let error as VaultError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
        switch outcome {
        case .done(let value): return value
        case .refused(let refusal, _): throw .refused(refusal)
        }
    }

    /// Runs `body` on the person's internal ID, in a transaction with its access record, when a role of the actor
    /// grants the purpose the change is stated for (``AccessRules/decideChange``): consents, lifecycle events,
    /// suspensions, legal holds and the consent history. Refusals are recorded like any access.
    func change(
        externalID: String, operation: JikimCore.Operation, items: [String], by requester: Requester,
        _ body: @escaping (String, Authorisation, any SQLDatabase) async throws -> Void
    ) async throws(VaultError) {
        let now = clock()
        try await decided { sql -> Decided<Void> in
            // Decided before the person is looked for: an actor without the role is refused whether or not they exist.
            let subject = try await findSubject(externalID: externalID, in: sql)
            let record = { (outcome: AccessRecord.Outcome) in
                AccessRecord(actor: requester.actor, at: now, source: requester.source, token: requester.token, subject: self.recordName(subject),
                             operation: operation, purpose: requester.purpose, items: items, outcome: outcome)
            }
            switch AccessRules.decideChange(actor: requester.actor, operation: operation, purpose: requester.purpose, under: policy,
                                            grantedPurposes: try await grantedPurposes(of: requester.actor, in: sql)) {
            case .failure(let refusal):
                return .refused(refusal, record(.refused(code: refusal.code)))
            case .success(let authorisation):
                guard let subject else { throw VaultError.unknownSubject }
                try await body(subject, authorisation, sql)
                try await recorder.record([record(.allowed)], in: sql)
                return .done(())
            }
        }
    }

    /// The person's internal ID, or nil when nobody has this external ID.
    func findSubject(externalID: String, in sql: any SQLDatabase) async throws -> String? {
        try await sql.statement("SELECT id FROM subjects WHERE external = ?", .blob(cipher.blindIndex(externalID, item: "external id")))
            .first()?.decode(column: "id", as: String.self)
    }

    /// How an access record names the person: their pseudonym, or `-` when the call named nobody Jikim holds.
    func recordName(_ subject: String?) -> String {
        subject.map(cipher.pseudonym) ?? "-"
    }

    /// Refuses, before saying whether the person exists, what the actor may not do whoever the person is
    /// (``AccessRules/decideBeforeLookUp``); nil when the person exists or the look-up may answer "unknown".
    func refusalBeforeLookUp(_ request: AccessRequest, subject: String?, in sql: any SQLDatabase) async throws -> AccessRefusal? {
        guard subject == nil else { return nil }
        return AccessRules.decideBeforeLookUp(request, under: policy, grantedPurposes: try await grantedPurposes(of: request.actor, in: sql))
    }

    /// The actor's roles, or nil when the actor does not exist or is disabled.
    func roles(of actor: String, in sql: any SQLDatabase) async throws -> [Identifier]? {
        let rows = try await sql.statement(
            "SELECT a.disabled_at, r.role FROM actors a LEFT JOIN role_assignments r ON r.actor_id = a.id WHERE a.id = ?", .text(actor)
        ).all()
        guard let first = rows.first, try first.decode(column: "disabled_at", as: String?.self) == nil else { return nil }
        return try rows.compactMap { try $0.decode(column: "role", as: String?.self) }
    }

    /// The purposes `actor`'s roles grant, or nil when the actor does not exist or is disabled.
    func grantedPurposes(of actor: String, in sql: any SQLDatabase) async throws -> Set<Identifier>? {
        try await roles(of: actor, in: sql).map { AccessRules.purposes(grantedBy: $0, in: policy) }
    }

    /// What a duty of the actor's roles allows, or the refusal (thrown as ``VaultError/refused(_:)``).
    func requireDuty(
        _ duty: Duty, of actor: String, operation: JikimCore.Operation, purpose: Identifier, items: [Identifier] = [],
        otherwise refusal: AccessRefusal, in sql: any SQLDatabase
    ) async throws -> Authorisation {
        switch AccessRules.decideDuty(duty, actor: actor, roles: try await roles(of: actor, in: sql), operation: operation,
                                      purpose: purpose, items: items, under: policy, otherwise: refusal) {
        case .success(let authorisation): return authorisation
        case .failure(let refusal): throw VaultError.refused(refusal)
        }
    }
}
