/// What is known about the person and the actor when a request is decided.
public struct AccessContext: Sendable {
    public var consents: ConsentState
    /// The purposes the actor's roles grant; nil when the actor is unknown or disabled.
    public var grantedPurposes: Set<Identifier>?
    /// Purposes whose processing the person has had suspended (Art. 37).
    public var suspendedPurposes: Set<Identifier>
    /// Items the person has asked to have corrected, while the request is being carried out (Art. 36(4)).
    public var itemsUnderCorrection: Set<Identifier>
    /// Items whose destruction is due and waits for the privacy officer's approval: no longer used (Art. 21(1)).
    public var itemsAwaitingDestruction: Set<Identifier>

    public init(
        consents: ConsentState, grantedPurposes: Set<Identifier>?, suspendedPurposes: Set<Identifier> = [],
        itemsUnderCorrection: Set<Identifier> = [], itemsAwaitingDestruction: Set<Identifier> = []
    ) {
        self.itemsUnderCorrection = itemsUnderCorrection
        self.itemsAwaitingDestruction = itemsAwaitingDestruction
        self.consents = consents
        self.grantedPurposes = grantedPurposes
        self.suspendedPurposes = suspendedPurposes
    }
}

/// Purpose-bound access: a request succeeds only if the purpose is declared, the items belong to it, the legal
/// basis holds now, the actor's role grants the purpose, and processing for it is not suspended for this person.
public enum AccessRules {
    public static func decide(_ request: AccessRequest, under policy: Policy, context: AccessContext) -> Result<Authorisation, AccessRefusal> {
        // What does not depend on the person first: an actor without the role learns nothing of their consents.
        if let refusal = decideBeforeLookUp(request, under: policy, grantedPurposes: context.grantedPurposes) { return .failure(refusal) }
        guard let purpose = policy.purpose(request.purpose), let basis = purpose.basis else { return .failure(.undeclaredPurpose(request.purpose)) }
        if !basis.holds(context.consents.isGiven), let consent = basis.consentID {
            return .failure(.consentNotGiven(consent: consent, purpose: purpose.id))
        }
        guard !context.suspendedPurposes.contains(purpose.id) else { return .failure(.processingSuspended(purpose: purpose.id)) }
        if let item = request.items.first(where: context.itemsAwaitingDestruction.contains) {
            return .failure(.awaitingDestruction(item: item))
        }
        // Correcting the item is what the person asked for; any other use waits for the correction.
        if request.operation != .correct, let item = request.items.first(where: context.itemsUnderCorrection.contains) {
            return .failure(.correctionPending(item: item))
        }
        if request.operation == .export, !isAcceptableReason(request.reason) { return .failure(.reasonRequired) }
        return .success(Authorisation(actor: request.actor, operation: request.operation, purpose: purpose.id, items: request.items,
                                      grounds: .purpose))
    }

    /// The part of ``decide(_:under:context:)`` that does not depend on the person — the purpose, its items, that it
    /// has a basis, and the actor's roles — decided before saying whether a person exists, so that an actor without
    /// the role learns nothing of who is there (a refusal either way).
    public static func decideBeforeLookUp(_ request: AccessRequest, under policy: Policy, grantedPurposes: Set<Identifier>?) -> AccessRefusal? {
        guard let purpose = policy.purpose(request.purpose) else { return .undeclaredPurpose(request.purpose) }
        for item in request.items {
            guard policy.item(item) != nil else { return .undeclaredItem(item) }
            guard purpose.items.contains(item) else { return .itemNotInPurpose(item: item, purpose: purpose.id) }
        }
        guard purpose.basis != nil else { return .noLegalBasis(purpose: purpose.id) }
        guard let granted = grantedPurposes else { return .unknownActor(request.actor) }
        guard granted.contains(purpose.id) else { return .roleDoesNotGrant(actor: request.actor, purpose: purpose.id) }
        return nil
    }

    /// A change about the person as a whole — a consent given or withdrawn, a lifecycle event, processing suspended
    /// or resumed, a legal hold — stated for a purpose: allowed when the purpose is declared and a role of the actor
    /// grants it. Neither the purpose's legal basis nor a suspension stands in the way: giving a consent again and
    /// resuming processing are such changes. `grantedPurposes` is nil when the actor is unknown or disabled.
    public static func decideChange(
        actor: String, operation: Operation, purpose: Identifier, under policy: Policy, grantedPurposes: Set<Identifier>?
    ) -> Result<Authorisation, AccessRefusal> {
        guard policy.purpose(purpose) != nil else { return .failure(.undeclaredPurpose(purpose)) }
        guard let granted = grantedPurposes else { return .failure(.unknownActor(actor)) }
        guard granted.contains(purpose) else { return .failure(.roleDoesNotGrant(actor: actor, purpose: purpose)) }
        return .success(Authorisation(actor: actor, operation: operation, purpose: purpose, items: [], grounds: .roleGrantsPurpose))
    }

    /// A read of separately stored items (Art. 21(3)) for the retention rule named by `rule` (the rule's id, or the
    /// purpose the rule declares): allowed when such a rule keeps every item and a role of the actor grants `rule`.
    public static func decideSeparatedRead(
        actor: String, rule: Identifier, items: [Identifier], under policy: Policy, grantedPurposes: Set<Identifier>?
    ) -> Result<Authorisation, AccessRefusal> {
        let rules = policy.retention.filter { RetentionClass.name(of: $0, in: policy) == rule || $0.purpose == rule }
        guard !rules.isEmpty else { return .failure(.noRetentionRule(rule)) }
        for item in items {
            guard policy.item(item) != nil else { return .failure(.undeclaredItem(item)) }
            guard rules.contains(where: { $0.items.contains(item) }) else { return .failure(.itemNotInPurpose(item: item, purpose: rule)) }
        }
        guard let granted = grantedPurposes else { return .failure(.unknownActor(actor)) }
        guard granted.contains(rule) else { return .failure(.roleDoesNotGrant(actor: actor, purpose: rule)) }
        return .success(Authorisation(actor: actor, operation: .readSeparated, purpose: rule, items: items, grounds: .purpose))
    }

    /// Work a role's duty covers (answering a person's request, reviewing the access log): allowed when one of the
    /// actor's roles carries the duty. `roles` is nil when the actor is unknown or disabled.
    public static func decideDuty(
        _ duty: Duty, actor: String, roles: [Identifier]?, operation: Operation, purpose: Identifier, items: [Identifier] = [],
        under policy: Policy, otherwise refusal: AccessRefusal
    ) -> Result<Authorisation, AccessRefusal> {
        guard let roles else { return .failure(.unknownActor(actor)) }
        guard roles.compactMap(policy.role).contains(where: duty.isCarried) else { return .failure(refusal) }
        return .success(Authorisation(actor: actor, operation: operation, purpose: purpose, items: items, grounds: .duty(duty)))
    }

    /// Jikim itself carrying out what is scheduled — the retention rules' separations and destructions, a notice
    /// the rules call for, a person's request being answered — under `actor` (`jikim`, or the staff member whose
    /// duty-checked step set it going).
    public static func scheduled(actor: String, operation: Operation, purpose: Identifier, items: [Identifier]) -> Authorisation {
        Authorisation(actor: actor, operation: operation, purpose: purpose, items: items, grounds: .schedule)
    }

    /// A reason is logged as written, so it must say why without saying who: present, short, and with nothing
    /// that looks like an e-mail address or a phone, resident registration or account number (nine digits or
    /// more, hyphens and dots between them allowed).
    public static func isAcceptableReason(_ reason: String?) -> Bool {
        guard let reason, !reason.allSatisfy(\.isWhitespace), reason.count <= 200 else { return false }
        return !looksPersonal(reason)
    }

    /// Whether text written into a field that is logged or stored as written looks like personal information: an
    /// e-mail address (an `@`) or a phone, resident registration or account number (nine digits or more, hyphens,
    /// dots and spaces between them allowed).
    public static func looksPersonal(_ text: String) -> Bool {
        guard !text.contains("@") else { return true }
        var digits = 0
        for character in text {
            if character.isASCII, character.isNumber {
                digits += 1
                if digits >= 9 { return true }
            } else if character != "-" && character != "." && character != " " {
                digits = 0
            }
        }
        return false
    }

    /// The purposes the given roles grant.
    public static func purposes(grantedBy roles: [Identifier], in policy: Policy) -> Set<Identifier> {
        Set(roles.compactMap(policy.role).flatMap(\.purposes))
    }
}
