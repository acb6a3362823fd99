import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

extension Vault {
    /// Carries out a request in progress and completes it: gives the access response or the machine-readable copy;
    /// makes the correction and notifies the recipients who had the old value; records the deletion (the end of the
    /// person's membership) or the withdrawal and lets the retention engine destroy what no law keeps, answering with
    /// what is kept; or stops processing for the purposes named. With `partial`, what it withholds is not carried out
    /// (access to those items limited, those items not corrected or deleted, those purposes' processing going on, those
    /// consents kept), and the answer says which part, on what ground, and how to object.
    public func completeRequest(_ number: String, by requester: Requester, partial: PartialRefusal? = nil) async throws(VaultError) -> RequestAnswer {
        let now = clock()
        var answer: RequestAnswer?
        var ended: (subject: String, held: [String: [Identifier]])?
        var erase = false
        try await write { sql in
            let (row, summary) = try await requestForStep(number, .complete, by: requester.actor, in: sql)
            let authorisation = try await requireRequestHandler(requester.actor, in: sql)
            guard let subject = try row.decode(column: "subject_id", as: String?.self) else {
                throw VaultError.requestStep("no person the organisation holds matches this request: refuse it (\(RefusalGround.identityNotConfirmed.article))")
            }
            if let partial, let problem = partial.problem(for: summary.kind, targets: summary.targets, policy: policy) {
                throw VaultError.invalidRequest(problem)
            }
            let withheld = Set(partial?.withheld ?? [])
            var result = RequestAnswer(kind: summary.kind)
            if let partial {
                result.withheld = partial.withheld
                result.partialRefusal = Language.each { RefusalNotice(ground: partial.ground, note: partial.note, policy: policy, language: $0) }
            }
            switch summary.kind {
            case .access:
                let held = try await heldValues(of: subject, under: authorisation, in: sql).filter { !withheld.contains($0.item) }
                let snapshot = try await snapshot(of: [subject], in: sql)
                let schedule = plan(for: subject, in: snapshot, today: CivilDate(seoul: now))?.1
                let provisions = try await provisionHistory(of: subject, in: sql)
                let consents = try await consents(of: subject, in: sql)
                result.access = Language.each {
                    AccessResponse(policy: policy, held: held, schedule: schedule, provisions: provisions, consents: consents, at: now, language: $0)
                }
            case .transmission:
                result.transmission = TransmissionDocument(
                    policy: policy, held: try await heldValues(of: subject, under: authorisation, in: sql).filter { !withheld.contains($0.item) }, at: now)
            case .correction:
                let notified = try await correct(subject, values: try requestPayload(of: row).filter { !withheld.contains($0.key) }, number: number,
                                                 at: now, under: authorisation, in: sql)
                result.corrected = summary.targets.items.filter { !withheld.contains($0) }
                result.recipientsNotified = notified.notified
                result.recipientsWithoutContact = notified.withoutContact
            case .suspension:
                for purpose in summary.targets.purposes where !withheld.contains(purpose) {
                    try await sql.insert(into: "suspension_events").columns("subject_id", "purpose", "action", "at", "by_actor", "reason")
                        .values(SQLBind(subject), SQLBind(purpose), SQLBind(SuspensionEvent.Action.suspended.rawValue), SQLBind(Timestamp.string(now)),
                                SQLBind(requester.actor), SQLBind("request \(number)"))
                        .run()
                }
                result.suspended = summary.targets.purposes.filter { !withheld.contains($0) }
            case .deletion where !summary.targets.items.isEmpty:
                let outcome = try await deleteItems(summary.targets.items.filter { !withheld.contains($0) }, of: subject, number: number, actor: requester.actor, at: now, in: sql)
                result.deleted = outcome.deleted
                result.keptSeparately = outcome.kept.isEmpty ? nil : outcome.kept
                erase = !outcome.deleted.isEmpty
            case .deletion, .withdrawal:
                let held = try await snapshot(of: [subject], in: sql).items[subject] ?? [:]
                if summary.kind == .deletion {
                    try await sql.insert(into: "lifecycle_events").columns("subject_id", "event", "at", "recorded_at", "by_actor")
                        .values(SQLBind(subject), SQLBind(LifecycleEvent.membershipWithdrawal.rawValue), SQLBind(Timestamp.string(now)),
                                SQLBind(Timestamp.string(now)), SQLBind(requester.actor))
                        .run()
                } else {
                    let given = ConsentState(try await consents(of: subject, in: sql))
                    let withdrawals = summary.targets.consents.filter { given.isGiven($0) && !withheld.contains($0) }.map { consent in
                        (subject, ConsentEvent(consent: consent, action: .withdrawn, at: now, channel: "request \(number)", policyVersion: policy.version.id))
                    }
                    try await appendConsents(withdrawals, in: sql)
                    result.withdrawn = withdrawals.map(\.1.consent)
                }
                try await reschedule(subject, in: sql)
                ended = (subject, held)
            }
            try await setState(number, .completed, step: "completed", actor: requester.actor, at: now, in: sql)
            try await recordRequestAccess(summary.kind, subject: subject, step: "completed", items: summary.targets.items, actor: requester.actor,
                                          source: requester.source, at: now, in: sql)
            // Kept now; after a deletion or withdrawal, again with what retention keeps once the person is swept.
            try await storeAnswer(result, for: row, in: sql)
            answer = result
        }
        guard var answer else { throw .storage("the request was not carried out") }
        if erase {
            // The deleted values' pages are overwritten already (secure_delete); their images leave the write-ahead log.
            do {
                try await store.eraseFreedSpace()
            } catch {
                throw .storage(String(describing: error))
            }
        }
        if let ended {
            // The retention engine does at once what is due: destroys what nothing keeps, separates what a law keeps,
            // or proposes the destruction to the officer where the policy asks for approval.
            let schedule = try await sweepNow(ended.subject, actor: requester.actor)
            try await write { sql in
                let after = try await snapshot(of: [ended.subject], in: sql)
                let remaining = Set(after.states[ended.subject]?.classes.keys.map { $0 } ?? [])
                let awaiting = after.states[ended.subject]?.awaitingApproval ?? []
                let destroyed = Set(ended.held.keys).subtracting(remaining)
                answer.retention = Language.each {
                    RetentionOutcome(policy: policy, schedule: schedule, held: ended.held, destroyedNow: destroyed, awaiting: awaiting,
                                     today: CivilDate(seoul: now), language: $0)
                }
                try await storeAnswer(answer, for: try await requestRow(number, in: sql), in: sql)
            }
        }
        return answer
    }

    /// Deletes some optional items of a person who stays a member (Art. 36): their encrypted values, look-up entries
    /// and one-way secrets, with a destruction ledger line for each retention class touched. What separate storage
    /// keeps under a law's rule stays, and is named with the rule. A legal hold stops it.
    private func deleteItems(
        _ items: [Identifier], of subject: String, number: String, actor: String, at now: Date, in sql: any SQLDatabase
    ) async throws -> (deleted: [Identifier], kept: [Identifier: String]) {
        let snapshot = try await snapshot(of: [subject], in: sql)
        if snapshot.states[subject]?.held == true {
            throw VaultError.requestStep("a legal hold keeps this person's data as it is: lift the hold first, or refuse the request")
        }
        let named = SQLBind.group(items)
        var kept: [Identifier: String] = [:]
        for row in try await sql.select().columns("item", "class").from("separated_values")
            .where("subject_id", .equal, SQLBind(subject)).where("item", .in, named).all() {
            let rules = RetentionClass.rules(of: try row.decode(column: "class", as: String.self), in: policy).filter(\.separate)
            kept[try row.decode(column: "item", as: String.self)] = rules.map { RetentionClass.name(of: $0, in: policy) }.joined(separator: ", ")
        }
        var held: Set<Identifier> = []
        for table in ["item_values", "secrets"] {
            for row in try await sql.select().column("item").from(table).where("subject_id", .equal, SQLBind(subject)).where("item", .in, named).all() {
                held.insert(try row.decode(column: "item", as: String.self))
            }
        }
        for table in ["item_values", "secrets", "lookups"] {
            try await sql.delete(from: table).where("subject_id", .equal, SQLBind(subject)).where("item", .in, named).run()
        }
        let deleted = held.sorted()
        let records = Dictionary(grouping: deleted) { RetentionClass.of($0, in: policy) }.sorted { $0.key < $1.key }.map { retentionClass, items in
            DestructionRecord(subject: cipher.pseudonym(subject), retentionClass: retentionClass, items: items,
                              collectedAt: snapshot.created[subject] ?? now, destroyedAt: now, reason: "deleted at the person's request \(number)",
                              basis: "request:pipa_36", method: DestructionRecord.itemDeletion, executedBy: actor, approvedBy: actor)
        }
        try await appendLedger(records, batches: records.map { _ in nil }, in: sql)
        if !deleted.isEmpty { try await shredRequestCopies(of: [subject], in: sql) }
        return (deleted, kept)
    }

    /// Stores the corrected values, ends the hold on them, and tells each recipient that had been given one of the
    /// items (by the provision ledger) the old and the corrected value, through the outbox.
    private func correct(
        _ subject: String, values: [Identifier: String], number: String, at now: Date, under authorisation: Authorisation,
        in sql: any SQLDatabase
    ) async throws -> (notified: [Identifier], withoutContact: [Identifier]) {
        let items = values.keys.sorted()
        let old = try await openValues(items.filter { policy.item($0)?.protection != .oneWay }, of: subject, from: .ordinary,
                                       under: authorisation, in: sql)
        for item in items {
            guard let declared = policy.item(item), let value = values[item] else { continue }
            try await storeValue(value, of: declared, subject: subject, under: authorisation, in: sql)
        }
        try await sql.delete(from: "pending_corrections").where("number", .equal, SQLBind(number)).run()
        try await reschedule(subject, in: sql)
        var notified: [Identifier] = []
        var withoutContact: [Identifier] = []
        let given = try await provisionHistory(of: subject, in: sql)
        let recipients = Set(given.filter { !Set($0.items).isDisjoint(with: items) }.map(\.recipient)).sorted()
        for id in recipients {
            guard let recipient = Recipient.named(id, in: policy), let contact = recipient.contact else {
                withoutContact.append(id)
                continue
            }
            let provided = Set(given.filter { $0.recipient == id }.flatMap(\.items))
            let lines = items.filter(provided.contains).compactMap { item -> String? in
                guard let name = policy.item(item)?.name, let new = values[item] else { return nil }
                return "- \(name.text(in: .ko)) / \(name.text(in: .en)): \(old[item] ?? "—") → \(new)"
            }
            let organisation = policy.organisation.name
            try await enqueue(
                kind: "correction-notice", about: subject, sealedUnder: RetentionClass.of(items[0], in: policy), recipient: contact,
                title: "[\(organisation.text(in: .ko))] 개인정보 정정 통지 / Notice of correction",
                body: """
                    \(organisation.text(in: .ko))이(가) 제공한 개인정보가 정보주체의 요구(접수번호 \(number))에 따라 정정되었습니다. 보유하신 정보를 정정해 주십시오.
                    The personal information \(organisation.text(in: .en)) provided to you has been corrected at the person's request \(number). Please correct your copy.

                    \(lines.joined(separator: "\n"))
                    """,
                at: now, in: sql)
            notified.append(id)
        }
        return (notified, withoutContact)
    }

    /// Everything held of the person: ordinary and separately stored values opened, one-way items without value.
    func heldValues(of subject: String, under authorisation: Authorisation, in sql: any SQLDatabase) async throws -> [HeldValue] {
        func items(in table: String) async throws -> [Identifier] {
            try await sql.select().column("item").from(table).where("subject_id", .equal, SQLBind(subject)).all()
                .map { try $0.decode(column: "item", as: String.self) }
        }
        let ordinary = try await openValues(try await items(in: "item_values"), of: subject, from: .ordinary, under: authorisation, in: sql)
        let separated = try await openValues(try await items(in: "separated_values"), of: subject, from: .separate, under: authorisation,
                                             in: sql)
        let secrets = try await items(in: "secrets")
        let held = ordinary.map { HeldValue(item: $0.key, value: $0.value, separated: false) }
            + separated.map { HeldValue(item: $0.key, value: $0.value, separated: true) }
            + secrets.map { HeldValue(item: $0, value: nil, separated: false) }
        let order = Dictionary(uniqueKeysWithValues: policy.items.enumerated().map { ($1.id, $0) })
        return held.sorted { (order[$0.item] ?? .max, $0.item) < (order[$1.item] ?? .max, $1.item) }
    }
}
