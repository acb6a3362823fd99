import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// Changes to what a person has agreed to and asked for: consents given or withdrawn, processing suspended or
/// resumed. Each is appended to the person's ledger and recorded like any operation on their information.
extension Vault {
    /// Records that the person gave or withdrew `consent`, through `channel`, under the current policy version.
    public func changeConsent(
        externalID: String, consent: Identifier, _ action: ConsentEvent.Action, channel: String, by requester: Requester
    ) async throws(VaultError) {
        guard policy.consent(consent) != nil else { throw .undeclaredConsent(consent) }
        let now = clock()
        try await change(externalID: externalID, operation: .consent, items: ["consent:\(consent)"], by: requester) { subject, _, sql in
            let event = ConsentEvent(consent: consent, action: action, at: now, channel: channel, policyVersion: self.policy.version.id)
            try await self.appendConsents([(subject, event)], in: sql)
            // A withdrawal can end a retention rule that rests on the consent.
            try await self.reschedule(subject, in: sql)
        }
    }

    /// Honours a Global Privacy Control signal (`Sec-GPC: 1`) as the person's objection to the opt-out purposes:
    /// each opt-out consent they have given is withdrawn, through channel `Sec-GPC`, in the consent ledger. Returns
    /// the consents withdrawn (none when there were none to withdraw, and then nothing is recorded).
    public func honourGlobalPrivacyControl(externalID: String, by requester: Requester) async throws(VaultError) -> [Identifier] {
        let optOut = policy.optOutConsents
        guard !optOut.isEmpty else { return [] }
        let now = clock()
        var withdrawn: [Identifier] = []
        let given = try await givenConsents(externalID: externalID)
        let toWithdraw = optOut.filter(given.contains)
        guard !toWithdraw.isEmpty else { return [] }
        try await change(externalID: externalID, operation: .consent, items: toWithdraw.map { "consent:\($0)" }, by: requester) { subject, _, sql in
            withdrawn = try await self.withdrawOptOutConsents(of: subject, at: now, in: sql)
        }
        return withdrawn
    }

    /// Withdraws the opt-out consents the person has given, through channel `Sec-GPC`; returns those withdrawn.
    func withdrawOptOutConsents(of subject: String, at now: Date, in sql: any SQLDatabase) async throws -> [Identifier] {
        let state = ConsentState(try await consents(of: subject, in: sql))
        let events = policy.optOutConsents.filter(state.isGiven).map {
            (subject, ConsentEvent(consent: $0, action: .withdrawn, at: now, channel: "Sec-GPC", policyVersion: policy.version.id))
        }
        guard !events.isEmpty else { return [] }
        try await appendConsents(events, in: sql)
        try await reschedule(subject, in: sql)
        return events.map(\.1.consent)
    }

    /// The consents the person has given now, read beside the writer (a GPC signal usually finds nothing to do).
    private func givenConsents(externalID: String) async throws(VaultError) -> Set<Identifier> {
        do {
            return try await store.read { sql in
                let subject = try await subjectID(externalID: externalID, in: sql)
                let state = ConsentState(try await consents(of: subject, in: sql))
                return Set(state.latest.keys.filter(state.isGiven))
            }
        } catch let error as VaultError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// Suspends (or resumes) processing for `purpose` for the person (PIPA Art. 37): while suspended, every
    /// request for that purpose is refused with `processing-suspended`.
    public func setSuspension(
        externalID: String, purpose: Identifier, _ action: SuspensionEvent.Action, reason: String?, by requester: Requester
    ) async throws(VaultError) {
        guard policy.purpose(purpose) != nil else { throw .refused(.undeclaredPurpose(purpose)) }
        let now = clock()
        try await change(externalID: externalID, operation: .suspension, items: ["purpose:\(purpose)"], by: requester) { subject, _, sql in
            try await sql.insert(into: "suspension_events").columns("subject_id", "purpose", "action", "at", "by_actor", "reason")
                .values(SQLBind(subject), SQLBind(purpose), SQLBind(action.rawValue), SQLBind(Timestamp.string(now)),
                        SQLBind(requester.actor), SQLBind(reason))
                .run()
        }
    }

    /// The person's consent ledger, oldest first (for an access request under Art. 35 and for review).
    public func consentHistory(externalID: String, by requester: Requester) async throws(VaultError) -> [ConsentEvent] {
        var history: [ConsentEvent] = []
        try await change(externalID: externalID, operation: .read, items: ["consent history"], by: requester) { subject, _, sql in
            history = try await self.consents(of: subject, in: sql)
        }
        return history
    }

    /// The purposes suspended for the person now.
    func suspendedPurposes(of subject: String, in sql: any SQLDatabase) async throws -> Set<Identifier> {
        let events = try await sql.select().columns("purpose", "action", "at", "by_actor", "reason").from("suspension_events")
            .where("subject_id", .equal, SQLBind(subject)).orderBy("seq").all()
            .map { row in
                SuspensionEvent(
                    purpose: try row.decode(column: "purpose", as: String.self),
                    action: SuspensionEvent.Action(rawValue: try row.decode(column: "action", as: String.self)) ?? .suspended,
                    at: Timestamp.date(try row.decode(column: "at", as: String.self)) ?? .distantPast,
                    actor: try row.decode(column: "by_actor", as: String.self),
                    reason: try row.decode(column: "reason", as: String?.self)
                )
            }
        return SuspensionEvent.suspendedPurposes(events)
    }
}
