import Foundation
import JikimCore
import JikimTestSupport
import Testing

/// A small shop: an e-mail kept until withdrawal, orders kept 5 years by law after it, a newsletter address
/// kept on the newsletter consent, and a note no rule covers.
private func shop(approval: DestructionPolicy.Approval = .automatic, dormancy: DormancyPolicy? = nil) -> Policy {
    let ecommerce = RetentionBasis.law(StatuteReference(statute: "ecommerce_act"))
    return Policy(
        organisation: Organisation(name: LocalizedText("shop")),
        items: ["email", "orders", "newsletter_email", "note"].map { Item(id: $0, name: LocalizedText($0)) },
        retention: [
            RetentionRule(id: "membership", items: ["email", "orders"], term: .until(.membershipWithdrawal), basis: .internalPolicy, separate: false),
            RetentionRule(id: "orders", items: ["orders"], term: .period(Period(5, .years), from: .purposeAchieved), basis: ecommerce, separate: true),
            RetentionRule(id: "newsletter", items: ["newsletter_email"], term: .until(.purposeAchieved), basis: .consent("newsletter"), separate: false),
        ],
        destruction: DestructionPolicy(approval: approval), dormancy: dormancy, version: PolicyVersion(id: "1"))
}

private let classes = ["email", "orders", "newsletter_email", "note"]

private func plan(_ policy: Policy, _ history: LifecycleHistory, on day: String, state: RetentionState? = nil) -> RetentionPlan {
    let names = classes.map { RetentionClass.of($0, in: policy) }
    let schedule = RetentionSchedule(classes: names, history: history, policy: policy)
    let current = state ?? RetentionState(classes: Dictionary(uniqueKeysWithValues: names.map { ($0, .ordinary) }))
    return RetentionPlan(schedule: schedule, state: current, today: CivilDate(iso: day)!, approvalRequired: policy.destruction?.approval == .officer)
}

@Test("a withdrawal destroys at once what only the membership kept, separates what a law keeps, and the next due date is that law's")
func withdrawalPlan() {
    let policy = shop()
    let history = LifecycleHistory(collectedAt: seoul("2025-01-01", 9), occurrences: [LifecycleOccurrence(.membershipWithdrawal, at: seoul("2026-03-10", 15))])
    let result = plan(policy, history, on: "2026-03-10")
    #expect(Set(result.actions) == [
        .destroy("membership"), .destroy("newsletter"), .destroy("unretained"), .separate("membership+orders", .retention("orders")),
    ])
    #expect(result.nextDue == CivilDate(iso: "2031-03-11"))
    #expect(plan(policy, history, on: "2026-03-09").actions.isEmpty, "nothing before the event")
}

@Test("withdrawing the consent a rule rests on ends that rule at once, and only that rule")
func consentWithdrawalPlan() {
    let history = LifecycleHistory(collectedAt: seoul("2025-01-01", 9), withdrawnConsents: ["newsletter": seoul("2025-06-01", 12)])
    #expect(plan(shop(), history, on: "2025-06-01").actions == [.destroy("newsletter")])
}

@Test("a rule resting on consent and a statute outlives the consent's withdrawal; one resting on two consents ends when both are withdrawn")
func severalRetentionBases() {
    func withBasis(_ basis: RetentionBasis) -> Policy {
        var policy = shop()
        policy.retention[2].basis = basis
        return policy
    }
    let one = LifecycleHistory(collectedAt: seoul("2025-01-01", 9), withdrawnConsents: ["newsletter": seoul("2025-06-01", 12)])
    let ecommerce = RetentionBasis.law(StatuteReference(statute: "ecommerce_act"))
    #expect(plan(withBasis(.several([.consent("newsletter"), ecommerce])), one, on: "2025-06-01").actions.isEmpty)
    let twoConsents = withBasis(.several([.consent("newsletter"), .consent("events")]))
    #expect(plan(twoConsents, one, on: "2025-06-01").actions.isEmpty, "the other consent still holds")
    let both = LifecycleHistory(collectedAt: seoul("2025-01-01", 9),
                                withdrawnConsents: ["newsletter": seoul("2025-06-01", 12), "events": seoul("2025-07-01", 12)])
    #expect(plan(twoConsents, both, on: "2025-06-30").actions.isEmpty)
    #expect(plan(twoConsents, both, on: "2025-07-01").actions == [.destroy("newsletter")])
    #expect(plan(withBasis(.unstated), one, on: "2025-06-01").actions.isEmpty, "an unstated reason is not a consent")
    #expect(RetentionBasis.several([.consent("a"), ecommerce]).restsOnLaw && RetentionBasis.several([.consent("a"), ecommerce]).endingConsents.isEmpty)
}

@Test("with the officer's approval required a due destruction is proposed once; approved, it is carried out; a legal hold stops it")
func approvalAndHold() {
    let policy = shop(approval: .officer)
    let history = LifecycleHistory(collectedAt: seoul("2025-01-01", 9), occurrences: [LifecycleOccurrence(.purposeAchieved, at: seoul("2025-02-01", 9))])
    let state = RetentionState(classes: ["newsletter": .ordinary])
    #expect(plan(policy, history, on: "2025-02-01", state: state).actions == [.propose("newsletter")])
    var waiting = state
    waiting.awaitingApproval = ["newsletter"]
    #expect(plan(policy, history, on: "2025-02-02", state: waiting).actions.isEmpty)
    var approved = state
    approved.approved = ["newsletter"]
    #expect(plan(policy, history, on: "2025-02-02", state: approved).actions == [.destroy("newsletter")])
    var held = approved
    held.held = true
    let stopped = plan(policy, history, on: "2025-02-02", state: held)
    #expect(stopped.actions == [.held("newsletter")] && stopped.nextDue == nil)
}

@Test("dormancy that destroys achieves the purpose on the dormancy day: a law still keeps its records, apart")
func dormancyThatDestroys() {
    let policy = shop(dormancy: DormancyPolicy(after: Period(1, .years), noticeDays: 30, action: .destroy))
    let history = LifecycleHistory(collectedAt: seoul("2025-01-01", 9), occurrences: [LifecycleOccurrence(.lastActivity, at: seoul("2025-03-01", 9))])
    // Dormant from 2026-03-02, told 30 days before counted backwards: 01-31 to 03-01 whole, so on 2026-01-30.
    #expect(plan(policy, history, on: "2026-01-29").nextDue == CivilDate(iso: "2026-01-30"))
    #expect(plan(policy, history, on: "2026-01-30").actions == [.notifyDormancy(CivilDate(iso: "2026-03-02")!)])
    var told = RetentionState(classes: Dictionary(uniqueKeysWithValues: classes.map { (RetentionClass.of($0, in: policy), StorageState.ordinary) }))
    told.noticeSentFor = CivilDate(iso: "2026-03-02")
    #expect(plan(policy, history, on: "2026-02-01", state: told).actions.isEmpty)
    let dormant = plan(policy, history, on: "2026-03-02", state: told)
    #expect(dormant.actions.contains(.separate("membership+orders", .retention("orders"))))
    #expect(dormant.actions.contains(.destroy("newsletter")))
    // The orders' 5 years count from the dormancy day, which counts itself: it started at midnight.
    #expect(dormant.nextDue == CivilDate(iso: "2031-03-02"))
}

@Test("dormant data separated is destroyed `destroy_after` later; what a law keeps stays apart, counted from then")
func dormancyThatSeparatesThenDestroys() {
    let policy = shop(dormancy: DormancyPolicy(after: Period(1, .years), action: .separate, destroyAfter: Period(1, .years)))
    let history = LifecycleHistory(collectedAt: seoul("2025-01-01", 9), occurrences: [LifecycleOccurrence(.lastActivity, at: seoul("2025-03-01", 9))])
    let names = classes.map { RetentionClass.of($0, in: policy) }
    let dormant = plan(policy, history, on: "2026-03-02")
    #expect(Set(dormant.actions) == Set(names.map { RetentionAction.separate($0, .dormancy) }))
    #expect(dormant.nextDue == CivilDate(iso: "2027-03-02"))
    let separated = RetentionState(classes: Dictionary(uniqueKeysWithValues: names.map { ($0, StorageState.separated) }),
                                   noticeSentFor: CivilDate(iso: "2026-03-02"))
    let destroyed = plan(policy, history, on: "2027-03-02", state: separated)
    #expect(Set(destroyed.actions) == [.destroy("membership"), .destroy("newsletter"), .destroy("unretained")])
    #expect(destroyed.nextDue == CivilDate(iso: "2032-03-02"))
}

@Test("a rule kept until the first of several events ends at whichever comes first, and says so")
func untilTheFirstOfSeveralEvents() {
    let term = RetentionTerm.untilFirst([.membershipWithdrawal, .contractEnd])
    #expect(term.text(in: .ko) == "회원 탈퇴 또는 계약 종료 중 먼저 도래하는 때까지")
    #expect(term.text(in: .en) == "until membership withdrawal or the end of the contract, whichever comes first")
    #expect(term.events == [.membershipWithdrawal, .contractEnd] && term.event == .membershipWithdrawal)
}

@Test("kept until the first of two events, the items are destroyed when either happens, not waiting for the other")
func untilFirstInThePlan() {
    var policy = shop()
    policy.retention[2] = RetentionRule(id: "newsletter", items: ["newsletter_email"], term: .untilFirst([.membershipWithdrawal, .contractEnd]),
                                        basis: .internalPolicy, separate: false)
    let history = LifecycleHistory(collectedAt: seoul("2025-01-01", 9), occurrences: [LifecycleOccurrence(.contractEnd, at: seoul("2026-03-10", 15))])
    #expect(plan(policy, history, on: "2026-03-10").actions.contains(.destroy("newsletter")))
    #expect(!plan(policy, history, on: "2026-03-09").actions.contains(.destroy("newsletter")))
}

@Test("leaving the membership withdraws every consent: a rule kept until consent is withdrawn ends with it at the latest")
func membershipWithdrawalEndsConsents() {
    let left = seoul("2026-03-10", 15)
    let history = LifecycleHistory(collectedAt: seoul("2025-01-01", 9), occurrences: [LifecycleOccurrence(.membershipWithdrawal, at: left)],
                                   withdrawnConsents: ["newsletter": seoul("2025-06-01", 12)])
    #expect(history.instant(of: .consentWithdrawal, consent: "advertising") == left, "never withdrawn alone: ends with the membership")
    #expect(history.instant(of: .consentWithdrawal, consent: "newsletter") == seoul("2025-06-01", 12), "withdrawn earlier: that day")
    #expect(history.instant(of: .consentWithdrawal) == left)
    #expect(LifecycleHistory(collectedAt: left).instant(of: .consentWithdrawal, consent: "advertising") == nil)
}

@Test("a rule kept permanently never destroys its items: they are kept apart once the purpose ends, and nothing falls due")
func permanentRetention() {
    var policy = shop()
    policy.retention[1] = RetentionRule(id: "orders", items: ["orders"], term: .permanent,
                                        basis: .law(StatuteReference(statute: "public_records_act")), separate: true)
    let history = LifecycleHistory(collectedAt: seoul("2025-01-01", 9), occurrences: [LifecycleOccurrence(.membershipWithdrawal, at: seoul("2026-03-10", 15))])
    let result = plan(policy, history, on: "2026-03-10")
    #expect(result.actions.contains { if case .separate("membership+orders", _) = $0 { true } else { false } })
    #expect(!result.actions.contains(.destroy("membership+orders")))
    #expect(plan(policy, history, on: "2126-03-10").actions.allSatisfy { if case .destroy("membership+orders") = $0 { false } else { true } })
    #expect(RetentionTerm.permanent.text(in: .ko) == "영구" && RetentionTerm.permanent.events.isEmpty)
}

@Test("the same items kept differently for different people: members until withdrawal, non-members a year from collection; a person of no category is kept only by the rules for everyone")
func retentionPerCategory() {
    var policy = shop()
    policy.subjects = [Category(id: "member", name: LocalizedText("회원")), Category(id: "guest", name: LocalizedText("비회원"))]
    policy.retention[0].subjects = ["member"]
    policy.retention.append(RetentionRule(id: "guest_orders", items: ["email", "orders"], term: .period(Period(1, .years), from: .collection),
                                          basis: .internalPolicy, separate: false, subjects: ["guest"]))
    let collected = seoul("2025-01-01", 9)
    let classOfEmail = RetentionClass.of("email", in: policy)
    #expect(classOfEmail == "guest_orders+membership")
    let guest = RetentionSchedule(classes: [classOfEmail], history: LifecycleHistory(collectedAt: collected, categories: ["guest"]), policy: policy)
    #expect(guest.classes[classOfEmail]?.destroyOn == CivilDate(iso: "2026-01-02"), "a year from collection, whatever the membership")
    let member = RetentionSchedule(classes: [classOfEmail], history: LifecycleHistory(collectedAt: collected, categories: ["member"]), policy: policy)
    #expect(member.classes[classOfEmail]?.destroyOn == nil, "kept until the member withdraws")
    let left = LifecycleHistory(collectedAt: collected, occurrences: [LifecycleOccurrence(.membershipWithdrawal, at: seoul("2027-05-05", 10))], categories: ["member"])
    #expect(RetentionSchedule(classes: [classOfEmail], history: left, policy: policy).classes[classOfEmail]?.destroyOn == CivilDate(iso: "2027-05-05"))
    let nobody = RetentionSchedule(classes: [classOfEmail], history: LifecycleHistory(collectedAt: collected), policy: policy)
    #expect(nobody.classes[classOfEmail]?.destroyOn == nil && nobody.classes[classOfEmail]?.lastRule == nil, "no rule for everyone: kept while the purpose lasts")
    // A guest who later joined is in both categories: the year from collection no longer ends their keeping; the
    // membership rule does, and the later of the two ends decides.
    let both = LifecycleHistory(collectedAt: collected, occurrences: [LifecycleOccurrence(.membershipWithdrawal, at: seoul("2025-06-01", 10))],
                                categories: ["guest", "member"])
    #expect(RetentionSchedule(classes: [classOfEmail], history: both, policy: policy).classes[classOfEmail]?.destroyOn == CivilDate(iso: "2026-01-02"),
            "withdrawn in June, but the guest rule keeps it to a year from collection")
    let bothStaying = LifecycleHistory(collectedAt: collected, categories: ["guest", "member"])
    #expect(RetentionSchedule(classes: [classOfEmail], history: bothStaying, policy: policy).classes[classOfEmail]?.destroyOn == nil,
            "a member who has not withdrawn keeps the items a guest's year would end")
}
