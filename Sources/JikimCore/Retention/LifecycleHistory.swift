import Foundation

/// An event in a person's relationship with the organisation, as it was recorded.
public struct LifecycleOccurrence: Sendable, Hashable {
    public var event: LifecycleEvent
    public var at: Date

    public init(_ event: LifecycleEvent, at: Date) {
        self.event = event
        self.at = at
    }
}

/// What retention is counted from for one person: when their information was collected, the events recorded
/// since, and the consents they have withdrawn.
///
/// Membership withdrawal achieves the purpose of a membership, so it counts as `purpose_achieved` too when that
/// was not recorded earlier. A rule whose basis is a consent ends when that consent is withdrawn; the withdrawal
/// of one consent is not the end of the purpose for other rules. Membership withdrawal withdraws every consent too: a
/// rule kept "until consent is withdrawn" ends with the membership at the latest.
public struct LifecycleHistory: Sendable, Hashable {
    public var collectedAt: Date
    public var occurrences: [LifecycleOccurrence]
    /// Consents withdrawn and not given again, with when.
    public var withdrawnConsents: [Identifier: Date]
    /// The person's data-subject categories, which decide the retention rules declared for some categories only.
    public var categories: [Identifier]

    public init(collectedAt: Date, occurrences: [LifecycleOccurrence] = [], withdrawnConsents: [Identifier: Date] = [:],
                categories: [Identifier] = []) {
        self.categories = categories
        self.collectedAt = collectedAt
        self.occurrences = occurrences
        self.withdrawnConsents = withdrawnConsents
    }

    /// When `event` happened, for a rule that rests on `consent` (if any); nil when it has not.
    public func instant(of event: LifecycleEvent, consent: Identifier? = nil) -> Date? {
        let recorded = occurrences.filter { $0.event == event }.map(\.at)
        switch event {
        case .collection:
            return collectedAt
        case .lastActivity:
            return (recorded + [collectedAt]).max()
        case .membershipWithdrawal, .contractEnd:
            return recorded.min()
        case .purposeAchieved:
            return (recorded + occurrences.filter { $0.event == .membershipWithdrawal }.map(\.at)).min()
        case .consentWithdrawal:
            // For a rule resting on a consent, that consent's withdrawal; otherwise the event as recorded (the
            // withdrawal of some other consent does not end the purpose). A person who leaves the membership
            // withdraws every consent with it.
            let leaving = occurrences.filter { $0.event == .membershipWithdrawal }.map(\.at).min()
            if let consent { return [withdrawnConsents[consent], leaving].compactMap { $0 }.min() }
            return (recorded + [leaving].compactMap { $0 }).min()
        }
    }

    /// The purpose ended, by any event that ends it: the day ordinary use stops.
    public var purposeEnded: Date? {
        LifecycleEvent.allCases.filter(\.endsPurpose).compactMap { instant(of: $0) }.min()
    }

    /// The history with `event` added at `at`, unless it is already recorded earlier.
    func adding(_ event: LifecycleEvent, at: Date) -> LifecycleHistory {
        if let existing = instant(of: event), existing <= at { return self }
        var copy = self
        copy.occurrences.append(LifecycleOccurrence(event, at: at))
        return copy
    }
}
