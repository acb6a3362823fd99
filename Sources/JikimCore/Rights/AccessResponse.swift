import Foundation

/// What a person holds with the organisation, as one item's stored value and where it is kept.
public struct HeldValue: Sendable, Hashable {
    public var item: Identifier
    /// The value; nil for an item stored one-way, which can be verified but not read.
    public var value: String?
    /// Kept in separate storage under a retention rule.
    public var separated: Bool

    public init(item: Identifier, value: String?, separated: Bool) {
        self.item = item
        self.value = value
        self.separated = separated
    }
}

/// The answer to an access request: what Art. 35 and Decree Art. 41(1) list — the items held and their contents, the
/// purposes of processing, the retention of each, the provision to third parties, and the consents given.
public struct AccessResponse: Sendable, Hashable, Codable {
    public struct ItemEntry: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        /// Absent for an item stored one-way.
        public var value: String?
        public var storage: String
    }

    public struct PurposeEntry: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        public var basis: String
        public var items: [String]
    }

    public struct RetentionEntry: Sendable, Hashable, Codable {
        public var items: [String]
        public var rules: [String]
        /// The day destruction is due, when the events it counts from have happened.
        public var until: String?
    }

    public struct ProvisionEntry: Sendable, Hashable, Codable {
        public var recipient: String
        public var items: [String]
        public var at: String
        public var basis: String
    }

    public struct ConsentEntry: Sendable, Hashable, Codable {
        public var consent: String
        public var action: String
        public var at: String
        public var channel: String
        public var policyVersion: String
    }

    public var organisation: String
    public var generatedAt: String
    public var language: String
    public var items: [ItemEntry]
    public var purposes: [PurposeEntry]
    public var retention: [RetentionEntry]
    public var provisions: [ProvisionEntry]
    public var consents: [ConsentEntry]

    public init(
        policy: Policy, held: [HeldValue], schedule: RetentionSchedule?, provisions: [ProvisionRecord], consents: [ConsentEvent],
        at now: Date, language: Language
    ) {
        let ko = language == .ko
        func name(_ item: Identifier) -> String { policy.item(item)?.name.text(in: language) ?? item }
        let heldIDs = Set(held.map(\.item))
        organisation = policy.organisation.name.text(in: language)
        generatedAt = Timestamp.string(now)
        self.language = language.rawValue
        items = held.map { value in
            ItemEntry(id: value.item, name: name(value.item), value: value.value,
                      storage: value.value == nil ? (ko ? "일방향 암호화 (열람 불가)" : "stored one-way (cannot be read)")
                          : value.separated ? (ko ? "분리 보관 (법령에 따른 보존)" : "stored separately (kept under a law)")
                          : (ko ? "이용 중" : "in use"))
        }
        // The purposes this person's information is processed for: those whose basis holds for them.
        let given = ConsentState(consents)
        purposes = policy.purposes.compactMap { purpose in
            let used = purpose.items.filter(heldIDs.contains)
            guard !used.isEmpty, purpose.basis?.holds(given.isGiven) ?? true else { return nil }
            return PurposeEntry(id: purpose.id, name: purpose.name.text(in: language), basis: purpose.basis?.text(in: policy, language) ?? "",
                                items: used.map(name))
        }
        let byClass = Dictionary(grouping: held.map(\.item)) { RetentionClass.of($0, in: policy) }
        retention = byClass.keys.sorted().map { retentionClass in
            let rules = RetentionClass.rules(of: retentionClass, in: policy).map { rule in
                let what = rule.records?.text(in: language).appending(": ") ?? ""
                return "\(what)\(rule.term.text(in: language, eventStated: rule.eventStated)) (\(rule.basis.text(in: policy, language)))"
            }
            return RetentionEntry(items: (byClass[retentionClass] ?? []).map(name),
                                  rules: rules.isEmpty ? [ko ? "목적 달성 시까지" : "until the purpose is achieved"] : rules,
                                  until: schedule?.classes[retentionClass]?.destroyOn?.description)
        }
        self.provisions = provisions.map { record in
            ProvisionEntry(recipient: Recipient.named(record.recipient, in: policy)?.name.text(in: language) ?? record.recipient,
                           items: record.items.map(name), at: Timestamp.string(record.at),
                           basis: ProvisionDecision.basisText(record.basis, in: policy, language))
        }
        self.consents = consents.map { event in
            ConsentEntry(consent: policy.consent(event.consent)?.title.text(in: language) ?? event.consent,
                         action: event.action == .given ? (ko ? "동의" : "given") : (ko ? "철회" : "withdrawn"),
                         at: Timestamp.string(event.at), channel: event.channel, policyVersion: event.policyVersion)
        }
    }
}

/// The machine-readable copy a transmission request gives (Art. 35-2): the items processed on the person's consent
/// or for a contract with them, as stored.
public struct TransmissionDocument: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var item: String
        public var name: LocalizedText
        public var type: String
        public var value: String
    }

    public var format = "jikim-transmission/1"
    public var organisation: LocalizedText
    public var generatedAt: String
    public var items: [Entry]

    /// Items processed for a purpose whose basis is consent or contract are included (Art. 35-2(1)1); what is
    /// stored one-way or kept separately under a law is not.
    public static func includes(_ item: Identifier, in policy: Policy) -> Bool {
        policy.purposes.contains { purpose in
            guard purpose.items.contains(item) else { return false }
            // Of several bases, consent or contract among them (Art. 35-2(1)1).
            return purpose.basis?.members.contains { member in
                switch member {
                case .consent, .contract: true
                default: false
                }
            } ?? false
        }
    }

    public init(policy: Policy, held: [HeldValue], at now: Date) {
        organisation = policy.organisation.name
        generatedAt = Timestamp.string(now)
        items = held.compactMap { held in
            guard let value = held.value, !held.separated, let item = policy.item(held.item), Self.includes(held.item, in: policy) else { return nil }
            return Entry(item: item.id, name: item.name, type: item.type.rawValue, value: value)
        }
    }
}

/// What stays after a deletion or a withdrawal: the items a law or another rule still keeps, under which rule, until
/// when; and what is destroyed or waits for the officer's approval to be.
public struct RetentionOutcome: Sendable, Hashable, Codable {
    public struct Kept: Sendable, Hashable, Codable {
        public var items: [String]
        public var rule: String
        /// How long the rule keeps them, from which event.
        public var term: String
        public var basis: String
        /// The day they are destroyed, once the event the rule counts from has happened.
        public var until: String?
        public var separated: Bool
    }

    public var kept: [Kept]
    public var destroyed: [String]
    public var awaitingApproval: [String]

    /// `held` maps each retention class the person holds to its items; `destroyedNow` and `awaiting` are the classes
    /// the sweep destroyed or proposed for approval.
    public init(
        policy: Policy, schedule: RetentionSchedule, held: [String: [Identifier]], destroyedNow: Set<String>, awaiting: Set<String>,
        today: CivilDate, language: Language
    ) {
        func names(_ items: [Identifier]) -> [String] { items.map { policy.item($0)?.name.text(in: language) ?? $0 } }
        var kept: [Kept] = []
        var destroyed: [String] = []
        var waiting: [String] = []
        for (retentionClass, items) in held.sorted(by: { $0.key < $1.key }) {
            if destroyedNow.contains(retentionClass) {
                destroyed += names(items)
                continue
            }
            if awaiting.contains(retentionClass) {
                waiting += names(items)
                continue
            }
            let classSchedule = schedule.classes[retentionClass]
            if let destroyOn = classSchedule?.destroyOn, destroyOn <= today {
                waiting += names(items)
                continue
            }
            // The rule that keeps them longest; while its period has not started, the first law among the class's rules.
            let rules = RetentionClass.rules(of: retentionClass, in: policy)
            let rule = classSchedule?.lastRule
                ?? rules.first { $0.basis.restsOnLaw } ?? rules.first
            kept.append(Kept(
                items: names(items),
                rule: rule.map { $0.records?.text(in: language) ?? RetentionClass.name(of: $0, in: policy) } ?? retentionClass,
                term: rule.map { $0.term.text(in: language, eventStated: $0.eventStated) } ?? "",
                basis: rule?.basis.text(in: policy, language) ?? "",
                until: classSchedule?.destroyOn?.description,
                separated: classSchedule?.separateOn.map { $0 <= today } ?? false))
        }
        self.kept = kept
        self.destroyed = destroyed
        self.awaitingApproval = waiting
    }
}
