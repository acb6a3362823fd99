import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// The provision ledger: personal information given to a third party or a consignee goes through Jikim, which
/// checks it against the recipients the policy declares and the person's consent or the legal basis, gives out the
/// values, and records who received which items, when, and on which basis — the history an access request shows
/// and the yearly notice of Art. 20-2 is made from.
extension Vault {
    /// Gives `items` of the person to `recipient` (a provision's or a consignment's id) for the requester's purpose:
    /// the read must be allowed for the purpose as any read, and the provision by the policy. The ledger line and the
    /// access record are written before the values are returned; refusals are recorded too.
    public func provide(
        externalID: String, to recipient: Identifier, items: [Identifier], by requester: Requester
    ) async throws(VaultError) -> [Identifier: String] {
        guard !items.isEmpty else { throw .invalidRequest("name at least one item to provide") }
        let now = clock()
        return try await decided { sql -> Decided<[Identifier: String]> in
            let found = try await findSubject(externalID: externalID, in: sql)
            let record = { (outcome: AccessRecord.Outcome) in
                AccessRecord(actor: requester.actor, at: now, source: requester.source, token: requester.token, subject: self.recordName(found),
                             operation: .provide, purpose: requester.purpose, items: items, outcome: outcome, reason: "recipient:\(recipient)")
            }
            let request = AccessRequest(actor: requester.actor, operation: .provide, purpose: requester.purpose, items: items)
            if let refusal = try await refusalBeforeLookUp(request, subject: found, in: sql) {
                return .refused(refusal, record(.refused(code: refusal.code)))
            }
            guard let subject = found else { throw VaultError.unknownSubject }
            let state = try await decisionState(of: subject, in: sql)
            let context = AccessContext(
                consents: state.consents, grantedPurposes: try await grantedPurposes(of: requester.actor, in: sql),
                suspendedPurposes: state.suspended, itemsUnderCorrection: state.corrections, itemsAwaitingDestruction: state.destructions)
            let decision = AccessRules.decide(request, under: policy, context: context).flatMap { authorisation in
                ProvisionDecision.decide(recipient: recipient, items: items, under: policy, consents: state.consents,
                                         itemsUnderCorrection: state.corrections).map { (authorisation, $0.basis) }
            }
            let (authorisation, basis): (Authorisation, String)
            switch decision {
            case .failure(let refusal): return .refused(refusal, record(.refused(code: refusal.code)))
            case .success(let allowed): (authorisation, basis) = allowed
            }
            let values = try await readValues(authorisation, subject: subject, in: sql)
            if let missing = items.first(where: { values[$0] == nil }) { throw VaultError.invalidValue(item: missing, .empty) }
            try await sql.insert(into: "provision_ledger").columns("subject_id", "recipient", "items", "at", "basis", "by_actor")
                .values(SQLBind(subject), SQLBind(recipient), SQLBind(items.joined(separator: ",")), SQLBind(Timestamp.string(now)),
                        SQLBind(basis), SQLBind(requester.actor))
                .run()
            try await recorder.record([record(.allowed)], in: sql)
            return .done(values)
        }
    }

    /// The provision ledger's lines of `[from, to)`, oldest first, each under its person's pseudonym, for the officer.
    public func provisionLedger(from: Date, to: Date) async throws(VaultError) -> [(subject: String, record: ProvisionRecord)] {
        do {
            return try await store.sql.select().columns("subject_id", "recipient", "items", "at", "basis", "by_actor").from("provision_ledger")
                .where("at", .greaterThanOrEqual, SQLBind(Timestamp.string(from))).where("at", .lessThan, SQLBind(Timestamp.string(to)))
                .orderBy("seq").limit(5_000).all().map { row in
                    (cipher.pseudonym(try row.decode(column: "subject_id", as: String.self)), ProvisionRecord(
                        recipient: try row.decode(column: "recipient", as: String.self),
                        items: try row.decode(column: "items", as: String.self).split(separator: ",").map(String.init),
                        at: Timestamp.date(try row.decode(column: "at", as: String.self)) ?? .distantPast,
                        basis: try row.decode(column: "basis", as: String.self), actor: try row.decode(column: "by_actor", as: String.self)))
                }
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// The person's provision ledger, oldest first.
    func provisionHistory(of subject: String, in sql: any SQLDatabase) async throws -> [ProvisionRecord] {
        try await sql.select().columns("recipient", "items", "at", "basis", "by_actor").from("provision_ledger")
            .where("subject_id", .equal, SQLBind(subject)).orderBy("seq").all().map { row in
                ProvisionRecord(
                    recipient: try row.decode(column: "recipient", as: String.self),
                    items: try row.decode(column: "items", as: String.self).split(separator: ",").map(String.init),
                    at: Timestamp.date(try row.decode(column: "at", as: String.self)) ?? .distantPast,
                    basis: try row.decode(column: "basis", as: String.self), actor: try row.decode(column: "by_actor", as: String.self))
            }
    }

    /// The yearly notice of use and provision (Art. 20-2) for the person, made from what is held of them and the
    /// provision ledger of `year`. With `send`, it goes to their contact through the outbox.
    public func usageNotice(externalID: String, year: Int, send: Bool = false, by requester: Requester) async throws(VaultError) -> UsageNotice {
        let now = clock()
        var notice: UsageNotice?
        try await write { sql in
            let authorisation = try await requireRequestHandler(requester.actor, in: sql)
            let subject = try await subjectID(externalID: externalID, in: sql)
            let made = try await usageNotice(of: subject, year: year, under: authorisation, in: sql)
            if send, let contact = try await contact(of: subject, under: authorisation, in: sql) {
                try await enqueue(kind: "usage-notice", about: subject, sealedUnder: contact.retentionClass, recipient: contact.value,
                                  title: made.subject, body: made.body, at: now, in: sql)
            }
            try await recorder.record([AccessRecord(
                actor: requester.actor, at: now, source: requester.source, token: requester.token, subject: cipher.pseudonym(subject), operation: .notify,
                purpose: "usage-notice", items: ["provision ledger"], outcome: .allowed)], in: sql)
            notice = made
        }
        guard let notice else { throw .storage("the notice was not made") }
        return notice
    }

    /// Writes the year's notice to everyone whose information was provided in `year` and who has not been sent it yet,
    /// each to their contact through the outbox (kind `usage-notice:YEAR`); returns how many were written.
    public func sendUsageNotices(year: Int, by actor: String) async throws(VaultError) -> Int {
        let now = clock()
        var sent = 0
        try await write { sql in
            let authorisation = try await requireRequestHandler(actor, in: sql)
            let from = CivilDate(year: year, month: 1, day: 1)?.seoulMidnight ?? now
            let to = CivilDate(year: year + 1, month: 1, day: 1)?.seoulMidnight ?? now
            let subjects = try await sql.select().distinct().column("subject_id").from("provision_ledger")
                .where("at", .greaterThanOrEqual, SQLBind(Timestamp.string(from))).where("at", .lessThan, SQLBind(Timestamp.string(to))).all()
                .map { try $0.decode(column: "subject_id", as: String.self) }
            // Once a year's notice is written to someone, sending the year again writes them none.
            let kind = "usage-notice:\(year)"
            let already = Set(try await sql.select().distinct().column("subject_id").from("outbox").where("kind", .equal, SQLBind(kind)).all()
                .map { try $0.decode(column: "subject_id", as: String.self) })
            for subject in subjects where !already.contains(subject) {
                guard let contact = try await contact(of: subject, under: authorisation, in: sql) else { continue }
                let notice = try await usageNotice(of: subject, year: year, under: authorisation, in: sql)
                try await enqueue(kind: kind, about: subject, sealedUnder: contact.retentionClass, recipient: contact.value,
                                  title: notice.subject, body: notice.body, at: now, in: sql)
                try await recorder.record([AccessRecord(
                    actor: actor, at: now, source: nil, subject: cipher.pseudonym(subject), operation: .notify, purpose: "usage-notice",
                    items: [contact.item], outcome: .allowed)], in: sql)
                sent += 1
            }
        }
        return sent
    }

    private func usageNotice(of subject: String, year: Int, under authorisation: Authorisation, in sql: any SQLDatabase) async throws -> UsageNotice {
        let held = try await heldValues(of: subject, under: authorisation, in: sql).filter { !$0.separated }.map(\.item)
        return UsageNotice(policy: policy, heldItems: held, provisions: try await provisionHistory(of: subject, in: sql), year: year)
    }
}
