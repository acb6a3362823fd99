import Foundation

/// Someone the organisation gives personal information to, as the policy declares them.
public enum Recipient: Sendable, Hashable {
    /// A third party, for its own purpose (제3자 제공, Art. 17).
    case provision(Provision)
    /// A consignee, processing for the organisation (처리 위탁, Art. 26).
    case consignment(Consignment)

    public var id: Identifier {
        switch self {
        case .provision(let provision): provision.id
        case .consignment(let consignment): consignment.id ?? ""
        }
    }

    public var name: LocalizedText {
        switch self {
        case .provision(let provision): provision.recipient
        case .consignment(let consignment): consignment.consignee
        }
    }

    /// Where the recipient is told of corrections: the contact the policy gives for them.
    public var contact: String? {
        switch self {
        case .provision(let provision): provision.contact
        case .consignment(let consignment): consignment.url
        }
    }

    public var kind: String {
        switch self {
        case .provision: "provision"
        case .consignment: "consignment"
        }
    }

    /// The recipient with `id` in `policy`.
    public static func named(_ id: Identifier, in policy: Policy) -> Recipient? {
        if let provision = policy.provisions.first(where: { $0.id == id }) { return .provision(provision) }
        if let consignment = policy.consignments.first(where: { $0.id == id }) { return .consignment(consignment) }
        return nil
    }
}

/// One line of the provision ledger: items of a person given to a recipient, when, and on which basis.
public struct ProvisionRecord: Sendable, Hashable {
    public var recipient: Identifier
    public var items: [Identifier]
    public var at: Date
    /// The basis as recorded: `consent:<id>`, `contract`, `law:<statute>`, `consignment`…
    public var basis: String
    public var actor: String

    public init(recipient: Identifier, items: [Identifier], at: Date, basis: String, actor: String) {
        self.recipient = recipient
        self.items = items
        self.at = at
        self.basis = basis
        self.actor = actor
    }
}

/// Whether items of a person may be given to a recipient: the recipient is declared, the items are declared as given
/// to it, the provision's basis holds for this person (their consent given and not withdrawn), and no item waits for
/// a correction.
public enum ProvisionDecision {
    public static func decide(
        recipient id: Identifier, items: [Identifier], under policy: Policy, consents: ConsentState,
        itemsUnderCorrection: Set<Identifier> = []
    ) -> Result<(Recipient, basis: String), AccessRefusal> {
        guard let recipient = Recipient.named(id, in: policy) else { return .failure(.undeclaredRecipient(id)) }
        let declared: [Identifier]
        let basis: String
        switch recipient {
        case .provision(let provision):
            declared = provision.items
            guard let stated = provision.basis else { return .failure(.provisionWithoutBasis(recipient: id)) }
            // The ledger names the basis the provision rests on now: a statute before consent, as a statute does not
            // end when consent is withdrawn.
            let members = stated.members
            if let reference = stated.statute {
                basis = "law:\(reference.statute)"
            } else if let consent = stated.consentIDs.first(where: consents.isGiven) {
                basis = "consent:\(consent)"
            } else if let consent = stated.consentID, members.allSatisfy({ $0.consentID != nil }) {
                return .failure(.provisionConsentNotGiven(consent: consent, recipient: id))
            } else if members.contains(.contract) {
                basis = "contract"
            } else if members.contains(.vitalInterests) {
                basis = "vital-interests"
            } else if members.contains(where: { if case .legitimateInterest = $0 { true } else { false } }) {
                basis = "legitimate-interest"
            } else {
                basis = "unstated"
            }
        case .consignment(let consignment):
            declared = consignment.items
            basis = "consignment"
        }
        for item in items {
            guard policy.item(item) != nil else { return .failure(.undeclaredItem(item)) }
            guard declared.isEmpty || declared.contains(item) else { return .failure(.itemNotForRecipient(item: item, recipient: id)) }
        }
        if let item = items.first(where: itemsUnderCorrection.contains) { return .failure(.correctionPending(item: item)) }
        return .success((recipient, basis))
    }

    /// A recorded basis as a reader reads it.
    public static func basisText(_ basis: String, in policy: Policy, _ language: Language) -> String {
        let parts = basis.split(separator: ":", maxSplits: 1).map(String.init)
        let ko = language == .ko
        switch (parts.first ?? "", parts.count > 1 ? parts[1] : "") {
        case ("consent", let id): return LegalBasis.consent(id).text(in: policy, language)
        case ("law", let statute): return StatuteReference(statute: statute).text(in: policy, language)
        case ("contract", _): return LegalBasis.contract.text(in: policy, language)
        case ("consignment", _): return ko ? "처리 위탁 (개인정보 보호법 제26조)" : "Consignment of processing (PIPA Art. 26)"
        case ("vital-interests", _): return LegalBasis.vitalInterests.text(in: policy, language)
        case ("unstated", _): return LegalBasis.unstated.text(in: policy, language)
        default: return basis
        }
    }
}
