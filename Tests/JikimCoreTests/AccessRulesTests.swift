import Foundation
import JikimCore
import Testing

/// A small shop: membership on contract, a newsletter on consent, and roles for support staff and marketers.
let shop = Policy(
    organisation: Organisation(name: LocalizedText("Shop")),
    items: [
        Item(id: "email", name: LocalizedText("E-mail"), identity: true, type: .email),
        Item(id: "name", name: LocalizedText("Name")),
        Item(id: "card", name: LocalizedText("Card"), category: .cardNumber, protection: .encrypted),
    ],
    consents: [ConsentDeclaration(id: "news", kind: .marketing, title: LocalizedText("Newsletter"))],
    purposes: [
        Purpose(id: "membership", name: LocalizedText("Membership"), items: ["email", "name"], basis: .contract),
        Purpose(id: "newsletter", name: LocalizedText("Newsletter"), items: ["email"], basis: .consent("news"), marketing: true),
        Purpose(id: "unfounded", name: LocalizedText("Unfounded"), items: ["name"], basis: nil),
    ],
    roles: [
        Role(id: "support", name: LocalizedText("Support"), purposes: ["membership"]),
        Role(id: "marketer", name: LocalizedText("Marketing"), purposes: ["newsletter"]),
    ],
    version: PolicyVersion(id: "1")
)

let now = Date(timeIntervalSince1970: 1_800_000_000)

func decide(_ purpose: String, _ items: [String], roles: [String]? = ["support", "marketer"],
            consents: [ConsentEvent] = [], suspended: Set<String> = []) -> Result<Authorisation, AccessRefusal> {
    AccessRules.decide(
        AccessRequest(actor: "kim", operation: .read, purpose: purpose, items: items), under: shop,
        context: AccessContext(consents: ConsentState(consents),
                               grantedPurposes: roles.map { AccessRules.purposes(grantedBy: $0, in: shop) },
                               suspendedPurposes: suspended))
}

func refusal(_ result: Result<Authorisation, AccessRefusal>) -> AccessRefusal? {
    if case .failure(let refusal) = result { refusal } else { nil }
}

@Test("a declared purpose, its items, a basis that holds and a granting role: allowed")
func allowed() {
    #expect(refusal(decide("membership", ["email", "name"])) == nil)
}

@Test("each failed condition is named")
func refusals() {
    #expect(refusal(decide("profiling", ["email"])) == .undeclaredPurpose("profiling"))
    #expect(refusal(decide("membership", ["shoe_size"])) == .undeclaredItem("shoe_size"))
    #expect(refusal(decide("membership", ["card"])) == .itemNotInPurpose(item: "card", purpose: "membership"))
    #expect(refusal(decide("unfounded", ["name"])) == .noLegalBasis(purpose: "unfounded"))
    #expect(refusal(decide("newsletter", ["email"])) == .consentNotGiven(consent: "news", purpose: "newsletter"))
    #expect(refusal(decide("membership", ["email"], roles: nil)) == .unknownActor("kim"))
    #expect(refusal(decide("membership", ["email"], roles: ["marketer"])) == .roleDoesNotGrant(actor: "kim", purpose: "membership"))
    #expect(refusal(decide("membership", ["email"], suspended: ["membership"])) == .processingSuspended(purpose: "membership"))
}

@Test("consent holds from when it is given until it is withdrawn")
func consentLedger() {
    let given = ConsentEvent(consent: "news", action: .given, at: now, channel: "web", policyVersion: "1")
    let withdrawn = ConsentEvent(consent: "news", action: .withdrawn, at: now.addingTimeInterval(60), channel: "web", policyVersion: "1")
    #expect(refusal(decide("newsletter", ["email"], consents: [given])) == nil)
    #expect(refusal(decide("newsletter", ["email"], consents: [withdrawn, given])) == .consentNotGiven(consent: "news", purpose: "newsletter"))
}

@Test("values are checked against their type without repeating them")
func valueTypes() {
    #expect(ValueType.email.canonical(" Kim@Example.KR ") == .success("Kim@example.kr"))
    #expect(ValueType.email.canonical("kim.example.kr") == .failure(.notAn("e-mail address")))
    #expect(ValueType.phone.lookupKey("010-1234-5678") == "01012345678")
    #expect(ValueType.date.canonical("2024-02-30") == .failure(.notAn("date YYYY-MM-DD")))
    #expect(ValueType.text.canonical("   ") == .failure(.empty))
    #expect(ValueError.notAn("e-mail address").description == "the value is not a valid e-mail address")
}

@Test("items kept by the same retention rules share a retention class")
func retentionClasses() {
    var policy = shop
    policy.retention = [
        RetentionRule(id: "member", items: ["email", "name"], term: .until(.membershipWithdrawal), basis: .internalPolicy, separate: false),
        RetentionRule(id: "tax", items: ["name"], term: .period(Period(5, .years), from: .contractEnd), basis: .law(StatuteReference(statute: "national_tax_basic_act")), separate: true),
    ]
    #expect(RetentionClass.of("email", in: policy) == "member")
    #expect(RetentionClass.of("name", in: policy) == "member+tax")
    #expect(RetentionClass.of("card", in: policy) == "unretained")
}

@Test("a change about the whole person needs a declared purpose and a role that grants it; neither consent nor suspension stands in the way")
func changeDecisions() throws {
    func change(_ purpose: String, roles: [String]?) -> Result<Authorisation, AccessRefusal> {
        AccessRules.decideChange(actor: "kim", operation: .consent, purpose: purpose, under: shop,
                                 grantedPurposes: roles.map { AccessRules.purposes(grantedBy: $0, in: shop) })
    }
    #expect(refusal(change("telepathy", roles: ["support"])) == .undeclaredPurpose("telepathy"))
    #expect(refusal(change("membership", roles: nil)) == .unknownActor("kim"))
    #expect(refusal(change("membership", roles: [])) == .roleDoesNotGrant(actor: "kim", purpose: "membership"))
    #expect(refusal(change("membership", roles: ["marketer"])) == .roleDoesNotGrant(actor: "kim", purpose: "membership"))
    // The newsletter rests on a consent nobody has given here: giving it is exactly such a change.
    let allowed = try change("newsletter", roles: ["marketer"]).get()
    #expect(allowed.grounds == .roleGrantsPurpose && allowed.items.isEmpty)
    #expect(!allowed.covers("email"))
}

@Test("what a decision allows covers the items it named; a request handler's duty and Jikim's schedule cover the person's record; a reviewer's none")
func authorisationCoverage() throws {
    let read = try decide("membership", ["email"]).get()
    #expect(read.covers("email") && !read.covers("name"))
    let roles = Policy(organisation: shop.organisation, items: shop.items, purposes: shop.purposes,
                       roles: [Role(id: "desk", name: LocalizedText("Desk"), purposes: [], handlesRequests: true),
                               Role(id: "officer", name: LocalizedText("Officer"), purposes: [], reviewsAccessLog: true)],
                       version: shop.version)
    let handler = try AccessRules.decideDuty(.handlesRequests, actor: "lee", roles: ["desk"], operation: .request, purpose: "rights-request",
                                             under: roles, otherwise: .roleDoesNotGrant(actor: "lee", purpose: "rights-request")).get()
    #expect(handler.covers("email") && handler.covers("card"))
    let reviewer = try AccessRules.decideDuty(.reviewsAccessLog, actor: "park", roles: ["officer"], operation: .read, purpose: "review",
                                              under: roles, otherwise: .roleDoesNotReview(actor: "park")).get()
    #expect(!reviewer.covers("email"))
    #expect(refusal(AccessRules.decideDuty(.reviewsAccessLog, actor: "lee", roles: ["desk"], operation: .read, purpose: "review",
                                           under: roles, otherwise: .roleDoesNotReview(actor: "lee"))) == .roleDoesNotReview(actor: "lee"))
    #expect(refusal(AccessRules.decideDuty(.handlesRequests, actor: "gone", roles: nil, operation: .request, purpose: "rights-request",
                                           under: roles, otherwise: .roleDoesNotReview(actor: "gone"))) == .unknownActor("gone"))
}

@Test("of several bases, any that holds is enough: a statute goes on when consent is withdrawn; two consents need one given")
func severalBases() {
    var policy = shop
    policy.purposes[1].basis = .several([.law(StatuteReference(statute: "ecommerce_act")), .consent("news")])
    func decideUnder(_ policy: Policy, consents: [ConsentEvent]) -> AccessRefusal? {
        refusal(AccessRules.decide(
            AccessRequest(actor: "kim", operation: .read, purpose: "newsletter", items: ["email"]), under: policy,
            context: AccessContext(consents: ConsentState(consents), grantedPurposes: AccessRules.purposes(grantedBy: ["marketer"], in: policy))))
    }
    #expect(policy.purposes[1].id == "newsletter")
    #expect(decideUnder(policy, consents: []) == nil)
    policy.purposes[1].basis = .several([.consent("news"), .consent("sms")])
    #expect(decideUnder(policy, consents: []) == .consentNotGiven(consent: "news", purpose: "newsletter"))
    #expect(decideUnder(policy, consents: [ConsentEvent(consent: "sms", action: .given, at: now, channel: "web", policyVersion: "1")]) == nil)
    policy.purposes[1].basis = .unstated
    #expect(decideUnder(policy, consents: []) == nil, "nothing stated, nothing to hold the processing to")
}
