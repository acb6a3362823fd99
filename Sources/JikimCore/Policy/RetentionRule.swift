/// How long items are kept, from which event, and why (보유기간).
public struct RetentionRule: Sendable, Hashable {
    public var id: Identifier?
    /// What the kept records are, as the policy names them ("대금결제 및 재화 등의 공급에 관한 기록").
    public var records: LocalizedText?
    public var items: [Identifier]
    public var term: RetentionTerm
    public var basis: RetentionBasis
    /// Why they are kept (보존 이유).
    public var reason: LocalizedText?
    /// Whether the items are stored apart from other data meanwhile (Art. 21(3)).
    public var separate: Bool
    /// The purpose for which the kept items may still be read (a tax audit, a dispute), if the policy names one.
    public var purpose: Identifier?
    /// Whether the policy states the event a period counts from. A statutory period the policy gives alone ("5년")
    /// is counted from the achievement of the purpose, the latest such a period can begin, so that nothing is
    /// destroyed before the law allows; the render then shows the period alone, as the policy states it.
    public var eventStated: Bool
    /// The term in the policy's own words ("본원 홈페이지 탈퇴 시까지", "회원 탈퇴 시 3개월 후 삭제"), rendered instead of
    /// Jikim's wording of `term`; `term` is still what is enforced, so the two must agree.
    public var wording: LocalizedText?
    /// The data-subject categories the rule is for ("비회원"), where the policy keeps the same items differently for
    /// different people; empty for everyone. A person of another category, or of none, is not kept by it.
    public var subjects: [Identifier]

    public init(
        id: Identifier? = nil, records: LocalizedText? = nil, items: [Identifier], term: RetentionTerm,
        basis: RetentionBasis, reason: LocalizedText? = nil, separate: Bool, purpose: Identifier? = nil, eventStated: Bool = true,
        wording: LocalizedText? = nil, subjects: [Identifier] = []
    ) {
        self.wording = wording
        self.subjects = subjects
        self.eventStated = eventStated
        self.purpose = purpose
        self.id = id
        self.records = records
        self.items = items
        self.term = term
        self.basis = basis
        self.reason = reason
        self.separate = separate
    }
}

extension RetentionRule {
    /// Whether the rule keeps the items of a person in `categories`: a rule for some categories keeps the items of
    /// anyone in any of them.
    public func applies(to categories: [Identifier]) -> Bool {
        subjects.isEmpty || categories.contains(where: subjects.contains)
    }
}

/// How long a retention rule keeps its items.
public enum RetentionTerm: Sendable, Hashable {
    /// For a period counted from an event.
    case period(Period, from: LifecycleEvent)
    /// Until an event happens; then destroyed without delay.
    case until(LifecycleEvent)
    /// Until the first of several events happens ("until consent is withdrawn or membership ends, whichever comes
    /// first"); never fewer than two.
    case untilFirst([LifecycleEvent])
    /// For ever ("영구", as a public records schedule or a registered file sets it): never destroyed by Jikim; kept
    /// apart once the purpose ends when the rule says so.
    case permanent

    /// The event the term counts from or ends at (the first named, for several).
    public var event: LifecycleEvent {
        switch self {
        case .period(_, let event), .until(let event): event
        case .untilFirst(let events): events.first ?? .purposeAchieved
        case .permanent: .purposeAchieved
        }
    }

    /// The term as the policy states it: a period without the event it counts from when the policy gives none.
    public func text(in language: Language, eventStated: Bool) -> String {
        if !eventStated, case .period(let period, _) = self { return period.text(in: language) }
        return text(in: language)
    }

    /// Every event that can end the term.
    public var events: [LifecycleEvent] {
        switch self {
        case .untilFirst(let events): events
        case .permanent: []
        default: [event]
        }
    }

    public var period: Period? {
        if case .period(let period, _) = self { period } else { nil }
    }
}

/// The events in a person's relationship with the organisation that retention is counted from.
public enum LifecycleEvent: String, Sendable, Hashable, CaseIterable {
    case collection
    case membershipWithdrawal = "membership_withdrawal"
    case contractEnd = "contract_end"
    case purposeAchieved = "purpose_achieved"
    case consentWithdrawal = "consent_withdrawal"
    case lastActivity = "last_activity"

    /// Whether the event ends the purpose the data was collected for, so that what is kept after it is kept
    /// for another reason and must be stored separately when a law is that reason (Art. 21(3)).
    public var endsPurpose: Bool {
        switch self {
        case .membershipWithdrawal, .contractEnd, .purposeAchieved, .consentWithdrawal: true
        case .collection, .lastActivity: false
        }
    }
}

/// Why items are kept for a retention rule's term.
public enum RetentionBasis: Sendable, Hashable {
    /// A statute requires it.
    case law(StatuteReference)
    /// The organisation's own policy.
    case internalPolicy
    /// The person agreed to it.
    case consent(Identifier)
    /// Several reasons the policy states together (a statute and the person's consent): kept while any holds.
    /// Never nested, never fewer than two.
    case several([RetentionBasis])
    /// The policy states no reason ("원칙적으로 … 목적이 달성되면 지체 없이 파기"): said so, not guessed.
    case unstated

    /// The bases this one is made of: itself, or those it lists.
    public var members: [RetentionBasis] {
        if case .several(let bases) = self { bases } else { [self] }
    }

    /// The statutes among the bases.
    public var statutes: [StatuteReference] {
        members.compactMap { if case .law(let reference) = $0 { reference } else { nil } }
    }

    /// Whether a statute is among the bases (what a law requires to keep is stored apart, Art. 21(3)).
    public var restsOnLaw: Bool { !statutes.isEmpty }

    /// The consents among the bases.
    public var consentIDs: [Identifier] {
        members.compactMap { if case .consent(let id) = $0 { id } else { nil } }
    }

    /// The consents whose withdrawal ends the rule: those it rests on when it rests on consent alone. A rule that
    /// also rests on a statute or the organisation's policy outlives the withdrawal.
    public var endingConsents: [Identifier] {
        let consents = consentIDs
        return consents.count == members.count ? consents : []
    }
}

extension LifecycleEvent {
    /// The event as a reader reads it.
    public func text(in language: Language) -> String {
        switch (self, language) {
        case (.collection, .ko): "수집일"
        case (.collection, .en): "collection"
        case (.membershipWithdrawal, .ko): "회원 탈퇴"
        case (.membershipWithdrawal, .en): "membership withdrawal"
        case (.contractEnd, .ko): "계약 종료"
        case (.contractEnd, .en): "the end of the contract"
        case (.purposeAchieved, .ko): "처리 목적 달성"
        case (.purposeAchieved, .en): "achievement of the purpose"
        case (.consentWithdrawal, .ko): "동의 철회"
        case (.consentWithdrawal, .en): "withdrawal of consent"
        case (.lastActivity, .ko): "마지막 이용일"
        case (.lastActivity, .en): "last activity"
        }
    }

}
