/// Provision of personal information to a third party (제3자 제공), for the recipient's own purpose.
public struct Provision: Sendable, Hashable {
    public var id: Identifier
    public var recipient: LocalizedText
    public var contact: String?
    public var purpose: LocalizedText
    public var items: [Identifier]
    public var retention: LocalizedText?
    public var basis: LegalBasis?
    public var overseas: OverseasTransfer?
    /// How long the organisation provides (제공기간: "지속적제공", "1회"), which is not how long the recipient keeps.
    public var period: LocalizedText?
    /// The personal-information file the provided data comes from, as a public body's table names it.
    public var file: LocalizedText?

    public init(
        id: Identifier, recipient: LocalizedText, contact: String? = nil, purpose: LocalizedText,
        items: [Identifier], retention: LocalizedText? = nil, basis: LegalBasis?, overseas: OverseasTransfer? = nil,
        period: LocalizedText? = nil, file: LocalizedText? = nil
    ) {
        self.period = period
        self.file = file
        self.id = id
        self.recipient = recipient
        self.contact = contact
        self.purpose = purpose
        self.items = items
        self.retention = retention
        self.basis = basis
        self.overseas = overseas
    }
}

/// What a transfer abroad must disclose (Art. 28-8(2), Decree Art. 31).
public struct OverseasTransfer: Sendable, Hashable {
    public var country: LocalizedText?
    public var whenAndHow: LocalizedText?
    public var contact: String?
    public var howToRefuse: LocalizedText?
    /// The disclosures the policy itself does not make, declared as not stated (`unstated`) rather than invented:
    /// `country`, `when_and_how`, `contact`, `how_to_refuse`.
    public var unstated: Set<String>

    public init(country: LocalizedText? = nil, whenAndHow: LocalizedText? = nil, contact: String? = nil, howToRefuse: LocalizedText? = nil,
                unstated: Set<String> = []) {
        self.unstated = unstated
        self.country = country
        self.whenAndHow = whenAndHow
        self.contact = contact
        self.howToRefuse = howToRefuse
    }
}

/// Consignment of processing to another organisation (처리 위탁), which processes for this one.
public struct Consignment: Sendable, Hashable {
    /// Names the consignee when information is handed over through Jikim (the provision ledger).
    public var id: Identifier?
    public var consignee: LocalizedText
    /// How to reach the consignee about people's information (a phone number or an e-mail address).
    public var contact: String?
    public var url: String?
    public var task: LocalizedText
    public var items: [Identifier]
    public var period: LocalizedText?
    public var country: LocalizedText?
    public var subConsignees: [SubConsignee]
    public var overseas: OverseasTransfer?

    public init(
        id: Identifier? = nil, consignee: LocalizedText, url: String? = nil, task: LocalizedText, items: [Identifier] = [],
        period: LocalizedText? = nil, country: LocalizedText? = nil, subConsignees: [SubConsignee] = [],
        overseas: OverseasTransfer? = nil, contact: String? = nil
    ) {
        self.contact = contact
        self.id = id
        self.consignee = consignee
        self.url = url
        self.task = task
        self.items = items
        self.period = period
        self.country = country
        self.subConsignees = subConsignees
        self.overseas = overseas
    }
}

/// A consignee's own consignee (재위탁).
public struct SubConsignee: Sendable, Hashable {
    public var name: LocalizedText
    public var task: LocalizedText
    public var country: LocalizedText?

    public init(name: LocalizedText, task: LocalizedText, country: LocalizedText? = nil) {
        self.name = name
        self.task = task
        self.country = country
    }
}
