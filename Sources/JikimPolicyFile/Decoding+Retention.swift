import JikimCore
import Yams

extension NodeValue {
    func retentionRule() -> RetentionRule? {
        guard var fields = mapping() else { return nil }
        let id = fields.optional("id") { $0.identifier() }
        let records = fields.optional("records") { $0.text() }
        let items = fields.required("items") { $0.list { $0.identifier() } }
        // A period, or `permanent` (영구).
        let keep = fields.optional("keep") { value -> Period?? in
            if case .scalar = value.node, value.string() == "permanent" { return .some(nil) }
            return value.period().map { .some($0) }
        }
        let from = fields.optional("from") { $0.choice(LifecycleEvent.self) }
        // One event, or several of which the first to happen ends the term.
        let until = fields.optional("until") { value -> RetentionTerm? in
            guard case .sequence = value.node else { return value.choice(LifecycleEvent.self).map(RetentionTerm.until) }
            guard let events = value.list({ $0.choice(LifecycleEvent.self) }) else { return nil }
            guard events.count >= 2, Set(events).count == events.count else {
                return value.fail("'until' names one event, or two or more different ones of which the first to happen ends the term", rule: "wrong-term")
            }
            return .untilFirst(events)
        }
        let basis = fields.required("basis") { $0.retentionBasis() }
        let reason = fields.optional("reason") { $0.text() }
        let separate = fields.optional("separate") { $0.bool() }
        let purpose = fields.optional("purpose") { $0.identifier() }
        let wording = fields.optional("wording") { $0.text() }
        let subjects = fields.list("subjects") { $0.identifier() }
        let hasKeep = fields.hasValue("keep"), hasUntil = fields.hasValue("until")
        fields.finish()

        let term: RetentionTerm?
        switch (hasKeep, hasUntil) {
        case (true, false):
            // Without `from`, a period the policy gives alone counts from the achievement of the purpose.
            switch keep {
            case .some(.none):
                if fields.hasValue("from") { log.error("wrong-term", at: path["from"], "'from' goes with a period, not with 'keep: permanent'") }
                term = .permanent
            case .some(.some(let period)): term = .period(period, from: from ?? .purposeAchieved)
            case .none: term = nil
            }
        case (false, true):
            if fields.hasValue("from") { log.error("wrong-term", at: path["from"], "'from' goes with 'keep', not with 'until'") }
            term = until
        case (true, true):
            log.error("wrong-term", at: path, "give either 'keep' (a period) or 'until' (an event), not both")
            term = nil
        case (false, false):
            log.error("missing-key", at: path, "say how long the items are kept: 'keep' (with 'from' where the policy says what it counts from), or 'until'")
            term = nil
        }
        guard let items, let term, let basis else { return nil }
        let separateByDefault = basis.restsOnLaw && term.event.endsPurpose
        return RetentionRule(
            id: id, records: records, items: items, term: term, basis: basis, reason: reason,
            separate: separate ?? separateByDefault, purpose: purpose, eventStated: !hasKeep || fields.hasValue("from"), wording: wording, subjects: subjects
        )
    }

    /// `internal_policy`, `unstated`, `{internal_policy: …}`, `{law: {statute, article}}`, `{consent: ID}`, or a list of
    /// two or more of those (not `unstated`).
    func retentionBasis() -> RetentionBasis? {
        if case .scalar = node {
            switch string() {
            case "internal_policy"?: return .internalPolicy
            case "unstated"?: return .unstated
            case let other?:
                return fail("'\(other)' is not a retention basis: write internal_policy, unstated, a mapping with law or consent, or a list of those", rule: "unknown-value")
            case nil: return nil
            }
        }
        // Several reasons stated together: each one as a basis of its own.
        if case .sequence = node {
            return severalBases("retention bases", read: { $0.retentionBasis() }, isSingle: { $0.members == [$0] && $0 != .unstated })
                .map(RetentionBasis.several)
        }
        guard var fields = mapping() else { return nil }
        let keys = ["law", "consent", "internal_policy"].filter(fields.has)
        guard keys.count == 1, let key = keys.first else {
            _ = keys.map { fields.value($0) }
            fields.finish()
            return fail(keys.isEmpty ? "give the basis: law, consent or internal_policy" : "give one basis, not \(keys.joined(separator: " and "))", rule: "wrong-basis")
        }
        let basis: RetentionBasis? = switch key {
        case "law": fields.required("law") { $0.statuteReference() }.map(RetentionBasis.law)
        case "consent": fields.required("consent") { $0.identifier() }.map(RetentionBasis.consent)
        default: fields.value("internal_policy").map { _ in .internalPolicy } ?? .internalPolicy
        }
        fields.finish()
        return basis
    }

    func destruction() -> DestructionPolicy? {
        guard var fields = mapping() else { return nil }
        let approval = fields.optional("approval") { $0.choice(DestructionPolicy.Approval.self) }
        let procedure = fields.optional("procedure") { $0.text() }
        let electronic = fields.optional("electronic") { $0.text() }
        let paper = fields.optional("paper") { $0.text() }
        fields.finish()
        return DestructionPolicy(approval: approval ?? .automatic, procedure: procedure, electronic: electronic, paper: paper)
    }

    func dormancy() -> DormancyPolicy? {
        guard var fields = mapping() else { return nil }
        let after = fields.required("after") { $0.period() }
        let noticeDays = fields.optional("notice_days") { $0.int(range: 1...365) }
        let action = fields.required("action") { $0.choice(DormancyPolicy.Action.self) }
        let destroyAfter = fields.optional("destroy_after") { $0.period() }
        let wording = fields.optional("wording") { $0.text() }
        fields.finish()
        guard let after, let action else { return nil }
        return DormancyPolicy(after: after, noticeDays: noticeDays, action: action, destroyAfter: destroyAfter, wording: wording)
    }
}
