/// What someone wants to do with a person's information, and why.
public struct AccessRequest: Sendable, Hashable {
    public var actor: String
    public var operation: Operation
    public var purpose: Identifier
    public var items: [Identifier]
    /// The reason stated, which exports must have (safety standard Art. 8(2)).
    public var reason: String?

    public init(actor: String, operation: Operation, purpose: Identifier, items: [Identifier], reason: String? = nil) {
        self.reason = reason
        self.actor = actor
        self.operation = operation
        self.purpose = purpose
        self.items = items
    }
}

/// Operations on personal information; each leaves an access record.
public enum Operation: String, Sendable, Hashable, CaseIterable {
    case create
    case read
    case correct
    case export
    case delete
    /// A consent given or withdrawn.
    case consent
    /// Processing for a purpose suspended or resumed at the person's request.
    case suspension
    /// A lifecycle event recorded (a withdrawal, the end of a contract, activity).
    case lifecycle
    /// Items moved to separate storage: their purpose ended and a rule keeps them, or the person is dormant.
    case separate
    /// Separated items back in ordinary use: a dormant person was active again.
    case restore
    /// A read of separately stored items, for the retention rule that keeps them.
    case readSeparated = "read-separated"
    /// A legal hold set or lifted.
    case hold
    /// A notice to the person prepared (the contact item read to address it).
    case notify
    /// Items given to a third party or a consignee, recorded in the provision ledger.
    case provide
    /// A step in one of the person's requests (Arts. 35–38): filed, verified, carried out, refused, withdrawn.
    case request
    /// A step of the response to a breach (Art. 34): an incident opened, scoped, noted or closed.
    case incident
}

/// Why access was refused: the first condition that failed.
public enum AccessRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    case undeclaredPurpose(Identifier)
    /// A read of separate storage names no retention rule: neither a rule's id nor the purpose a rule declares.
    case noRetentionRule(Identifier)
    case undeclaredItem(Identifier)
    case itemNotInPurpose(item: Identifier, purpose: Identifier)
    case noLegalBasis(purpose: Identifier)
    case consentNotGiven(consent: Identifier, purpose: Identifier)
    case unknownActor(String)
    case roleDoesNotGrant(actor: String, purpose: Identifier)
    /// No role of the actor reviews the access log (`reviews_access_log` in the policy).
    case roleDoesNotReview(actor: String)
    /// No role of the actor carries the duty the step needs (approving destruction, administering the console).
    case roleLacksDuty(actor: String, duty: Duty)
    case processingSuspended(purpose: Identifier)
    /// An export or download without a stated reason, or with one that looks like personal information.
    case reasonRequired
    /// The person asked for the item to be corrected; until it is, it is neither used nor provided (Art. 36(4)).
    case correctionPending(item: Identifier)
    /// The item's destruction is due and waits for the privacy officer's approval.
    case awaitingDestruction(item: Identifier)
    /// The recipient is neither a provision nor a consignment the policy declares.
    case undeclaredRecipient(Identifier)
    /// The policy does not declare the item as given to the recipient.
    case itemNotForRecipient(item: Identifier, recipient: Identifier)
    /// The provision rests on a consent this person has not given or has withdrawn.
    case provisionConsentNotGiven(consent: Identifier, recipient: Identifier)
    /// The provision has no legal basis in the policy.
    case provisionWithoutBasis(recipient: Identifier)

    /// A stable code for the access record and the API.
    public var code: String {
        switch self {
        case .undeclaredPurpose: "undeclared-purpose"
        case .noRetentionRule: "no-retention-rule"
        case .undeclaredItem: "undeclared-item"
        case .itemNotInPurpose: "item-not-in-purpose"
        case .noLegalBasis: "no-legal-basis"
        case .consentNotGiven: "consent-not-given"
        case .unknownActor: "unknown-actor"
        case .roleDoesNotGrant: "role-does-not-grant"
        case .roleDoesNotReview: "role-does-not-review"
        case .roleLacksDuty: "role-lacks-duty"
        case .processingSuspended: "processing-suspended"
        case .reasonRequired: "reason-required"
        case .correctionPending: "correction-pending"
        case .awaitingDestruction: "awaiting-destruction"
        case .undeclaredRecipient: "undeclared-recipient"
        case .itemNotForRecipient: "item-not-for-recipient"
        case .provisionConsentNotGiven: "consent-not-given"
        case .provisionWithoutBasis: "no-legal-basis"
        }
    }

    public var description: String {
        switch self {
        case .undeclaredPurpose(let purpose): "purpose '\(purpose)' is not declared in the policy"
        case .noRetentionRule(let purpose):
            "no retention rule is '\(purpose)' or keeps items for it: a read of separate storage names the rule that keeps them (its id or its purpose)"
        case .undeclaredItem(let item): "item '\(item)' is not declared in the policy"
        case .itemNotInPurpose(let item, let purpose): "item '\(item)' is not processed for purpose '\(purpose)'"
        case .noLegalBasis(let purpose): "purpose '\(purpose)' has no legal basis"
        case .consentNotGiven(let consent, let purpose):
            "purpose '\(purpose)' rests on consent '\(consent)', which this person has not given or has withdrawn"
        case .unknownActor(let actor): "actor '\(actor)' is unknown or disabled"
        case .roleDoesNotGrant(let actor, let purpose): "no role of actor '\(actor)' grants purpose '\(purpose)'"
        case .roleDoesNotReview(let actor): "no role of actor '\(actor)' reviews the access log (reviews_access_log in the policy)"
        case .roleLacksDuty(let actor, let duty): "no role of actor '\(actor)' carries the duty '\(duty.rawValue)' in the policy"
        case .processingSuspended(let purpose): "processing for purpose '\(purpose)' is suspended for this person"
        case .reasonRequired:
            "an export must state its reason (at most 200 characters, with no e-mail address or long number: the reason is logged as written)"
        case .correctionPending(let item):
            "the person has asked for item '\(item)' to be corrected: until the correction is made it is neither used nor provided (PIPA Art. 36(4))"
        case .awaitingDestruction(let item):
            "item '\(item)' is due for destruction and waits for the privacy officer's approval: it is no longer used (PIPA Art. 21(1))"
        case .undeclaredRecipient(let recipient): "recipient '\(recipient)' is neither a provision nor a consignment the policy declares"
        case .itemNotForRecipient(let item, let recipient): "the policy does not declare item '\(item)' as given to '\(recipient)'"
        case .provisionConsentNotGiven(let consent, let recipient):
            "provision to '\(recipient)' rests on consent '\(consent)', which this person has not given or has withdrawn"
        case .provisionWithoutBasis(let recipient): "provision to '\(recipient)' has no legal basis in the policy"
        }
    }
}
