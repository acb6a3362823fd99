import Foundation

/// When one retention class of a person leaves ordinary use, is separated and is destroyed, from the policy's
/// rules and the person's history. Dates are Korean dates; an action is due from the start of its day.
public struct ClassSchedule: Sendable, Hashable {
    public var retentionClass: String
    /// The first day the items are kept apart from ordinary data (Art. 21(3)); nil when they never are.
    public var separateOn: CivilDate?
    /// The first day the items are kept for no reason any more; nil while that is not yet known.
    public var destroyOn: CivilDate?
    /// The rule whose term ends last: the one a destruction cites. Nil for items no rule covers.
    public var lastRule: RetentionRule?
}

/// The dates of the dormancy procedure for a person who has stopped using the service.
public struct DormancySchedule: Sendable, Hashable {
    /// The day the person is told, ahead of `dormantOn`.
    public var noticeOn: CivilDate
    /// The first day of dormancy: the person's data is separated, or destroyed (as retention allows).
    public var dormantOn: CivilDate
    public var action: DormancyPolicy.Action
}

/// A person's whole schedule.
public struct RetentionSchedule: Sendable, Hashable {
    public var classes: [String: ClassSchedule]
    public var dormancy: DormancySchedule?

    /// Notices go out this many days ahead when the policy does not say.
    public static let defaultNoticeDays = 30

    /// The schedule of `classes` for a person with `history`, under `policy`.
    public init(classes: some Sequence<String>, history: LifecycleHistory, policy: Policy) {
        var effective = history
        var dormancy: DormancySchedule?
        if let rule = policy.dormancy, history.purposeEnded == nil, let lastActivity = history.instant(of: .lastActivity) {
            let dormantOn = Self.firstDayAfter(rule.after, from: lastActivity)
            dormancy = DormancySchedule(noticeOn: Self.dayBefore(rule.noticeDays ?? Self.defaultNoticeDays, days: dormantOn),
                                        dormantOn: dormantOn, action: rule.action)
            // Destroying a dormant person's data ends their membership on that day, which achieves the purpose;
            // what a law keeps is still kept, counted from that day.
            switch (rule.action, rule.destroyAfter) {
            case (.destroy, _):
                effective = history.adding(.membershipWithdrawal, at: dormantOn.seoulMidnight)
            case (.separate, let after?):
                effective = history.adding(.membershipWithdrawal, at: dormantOn.dayAfter(after, startsAtMidnight: true).seoulMidnight)
            case (.separate, nil):
                break
            }
        }
        self.dormancy = dormancy
        var schedules: [String: ClassSchedule] = [:]
        for name in classes {
            schedules[name] = Self.schedule(of: name, history: effective, policy: policy)
        }
        self.classes = schedules
    }

    /// The last day by which something due "`days` days before" `day` must be done, counted backwards as the Civil Act
    /// counts (Arts. 157 and 159 applied in reverse): `day` itself is not counted, the `days` days before it are the
    /// period, and the period must be whole after the act — so it is done on the day before the period begins. A
    /// notice 30 days before a dormancy on 2027-02-02 goes out by 2027-01-02, leaving 2027-01-03 to 02-01 whole.
    public static func dayBefore(_ days: Int, days day: CivilDate) -> CivilDate {
        day.adding(days: -(days + 1))
    }

    /// The first day after `period` counted from `instant`.
    static func firstDayAfter(_ period: Period, from instant: Date) -> CivilDate {
        let day = CivilDate(seoul: instant)
        return day.dayAfter(period, startsAtMidnight: instant == day.seoulMidnight)
    }

    private struct Span {
        /// The first day the rule no longer needs the items in ordinary use.
        var inUseUntil: CivilDate?
        /// The first day the rule no longer keeps them.
        var endsOn: CivilDate?
    }

    private static func span(of rule: RetentionRule, history: LifecycleHistory) -> Span {
        let endingConsents = rule.basis.endingConsents
        let consent = endingConsents.first
        var span: Span
        switch rule.term {
        case .until(let event):
            let day = history.instant(of: event, consent: consent).map { CivilDate(seoul: $0) }
            span = Span(inUseUntil: day, endsOn: day)
        case .untilFirst(let events):
            let day = events.compactMap { history.instant(of: $0, consent: consent) }.min().map { CivilDate(seoul: $0) }
            span = Span(inUseUntil: day, endsOn: day)
        case .permanent:
            // Never destroyed; in ordinary use while the purpose lasts.
            span = Span(inUseUntil: history.purposeEnded.map { CivilDate(seoul: $0) }, endsOn: nil)
        case .period(let period, let event):
            if let at = history.instant(of: event, consent: consent) {
                let end = firstDayAfter(period, from: at)
                span = Span(inUseUntil: event.endsPurpose ? CivilDate(seoul: at) : end, endsOn: end)
            } else {
                span = Span(inUseUntil: nil, endsOn: nil)
            }
        }
        // Withdrawing the consent a rule rests on ends the rule at once (Art. 37); of several, the last one withdrawn.
        let withdrawals = endingConsents.compactMap { history.withdrawnConsents[$0] }
        if !endingConsents.isEmpty, withdrawals.count == endingConsents.count, let withdrawn = withdrawals.max() {
            let day = CivilDate(seoul: withdrawn)
            span.inUseUntil = min(span.inUseUntil ?? day, day)
            span.endsOn = min(span.endsOn ?? day, day)
        }
        return span
    }

    private static func schedule(of name: String, history: LifecycleHistory, policy: Policy) -> ClassSchedule {
        // Only the rules for this person's categories (or for everyone) keep their items.
        let rules = RetentionClass.rules(of: name, in: policy).filter { $0.applies(to: history.categories) }
        guard !rules.isEmpty else {
            // Items no rule keeps are kept while the purpose lasts.
            let end = history.purposeEnded.map { CivilDate(seoul: $0) }
            return ClassSchedule(retentionClass: name, separateOn: nil, destroyOn: end, lastRule: nil)
        }
        let spans = rules.map { span(of: $0, history: history) }
        let inUseUntil = spans.allSatisfy { $0.inUseUntil != nil } ? spans.compactMap(\.inUseUntil).max() : nil
        let destroyOn = spans.allSatisfy { $0.endsOn != nil } ? spans.compactMap(\.endsOn).max() : nil
        var lastRule: RetentionRule?
        if let destroyOn, let index = spans.lastIndex(where: { $0.endsOn == destroyOn }) { lastRule = rules[index] }
        var separateOn: CivilDate?
        if let inUseUntil, destroyOn.map({ inUseUntil < $0 }) ?? true {
            let keptBeyond = zip(rules, spans).filter { $0.1.endsOn.map { $0 > inUseUntil } ?? true }
            if keptBeyond.contains(where: { $0.0.separate }) { separateOn = inUseUntil }
        }
        return ClassSchedule(retentionClass: name, separateOn: separateOn, destroyOn: destroyOn, lastRule: lastRule)
    }
}
