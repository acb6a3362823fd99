/// Why the organisation may process personal information (Arts. 15, 17).
public enum LegalBasis: Sendable, Hashable {
    /// The person's consent, one the policy declares.
    case consent(Identifier)
    /// Performance of a contract with the person (Art. 15(1)4).
    case contract
    /// A statute requires it, or it is needed to meet a legal obligation (Art. 15(1)2).
    case law(StatuteReference)
    /// Public duty under a statute (Art. 15(1)3).
    case publicDuty(StatuteReference)
    /// Protecting someone's life, body or property in an emergency (Art. 15(1)5).
    case vitalInterests
    /// The controller's legitimate interest that clearly outweighs the person's rights (Art. 15(1)6).
    case legitimateInterest(LocalizedText)
    /// Several bases the policy states together (a statute and consent; Art. 15(1) subparagraphs together): the
    /// processing holds while any of them does. Never nested, never fewer than two.
    case several([LegalBasis])
    /// The policy states no basis: said so honestly, rendered as such, and warned by the checker, rather than a
    /// basis guessed. Jikim cannot test a basis it is not told, so it does not stand in the way.
    case unstated

    /// The bases this one is made of: itself, or those it lists.
    public var members: [LegalBasis] {
        if case .several(let bases) = self { bases } else { [self] }
    }

    /// The consent this basis rests on, if any (the first, when it lists several).
    public var consentID: Identifier? { consentIDs.first }

    /// Every consent this basis rests on.
    public var consentIDs: [Identifier] {
        members.compactMap { if case .consent(let id) = $0 { id } else { nil } }
    }

    /// The statute this basis cites, if any (the first, when it lists several).
    public var statute: StatuteReference? {
        members.lazy.compactMap { member -> StatuteReference? in
            switch member {
            case .law(let reference), .publicDuty(let reference): reference
            default: nil
            }
        }.first
    }

    /// Whether processing may go on now: a consent holds while it is given; any other stated basis holds; of several,
    /// any one is enough.
    public func holds(_ isGiven: (Identifier) -> Bool) -> Bool {
        members.contains { member in
            if case .consent(let id) = member { isGiven(id) } else { true }
        }
    }

    /// Processing on this basis needs no consent (Art. 22(3) asks these items to be listed apart): a stated basis
    /// with no consent among it.
    public var isWithoutConsent: Bool { self != .unstated && consentIDs.isEmpty }
}

/// A statute and, where given, the article.
public struct StatuteReference: Sendable, Hashable {
    public var statute: Identifier
    public var article: LocalizedText?

    public init(statute: Identifier, article: LocalizedText? = nil) {
        self.statute = statute
        self.article = article
    }
}

/// A statute a policy can cite.
public struct Statute: Sendable, Hashable {
    public var id: Identifier
    public var name: LocalizedText

    public init(id: Identifier, name: LocalizedText) {
        self.id = id
        self.name = name
    }

    /// The statutes privacy policies commonly cite, so that policy files need not declare them.
    public static let catalogue: [Identifier: Statute] = Dictionary(
        uniqueKeysWithValues: [
            Statute(id: "pipa", name: LocalizedText(ko: "개인정보 보호법", en: "Personal Information Protection Act")),
            Statute(id: "network_act", name: LocalizedText(
                ko: "정보통신망 이용촉진 및 정보보호 등에 관한 법률",
                en: "Act on Promotion of Information and Communications Network Utilization and Information Protection")),
            Statute(id: "ecommerce_act", name: LocalizedText(
                ko: "전자상거래 등에서의 소비자보호에 관한 법률",
                en: "Act on Consumer Protection in Electronic Commerce")),
            Statute(id: "communications_secrets_act", name: LocalizedText(
                ko: "통신비밀보호법", en: "Protection of Communications Secrets Act")),
            Statute(id: "national_tax_basic_act", name: LocalizedText(ko: "국세기본법", en: "Framework Act on National Taxes")),
            Statute(id: "corporate_tax_act", name: LocalizedText(ko: "법인세법", en: "Corporate Tax Act")),
            Statute(id: "value_added_tax_act", name: LocalizedText(ko: "부가가치세법", en: "Value-Added Tax Act")),
            Statute(id: "income_tax_act", name: LocalizedText(ko: "소득세법", en: "Income Tax Act")),
            Statute(id: "commercial_act", name: LocalizedText(ko: "상법", en: "Commercial Act")),
            Statute(id: "credit_information_act", name: LocalizedText(
                ko: "신용정보의 이용 및 보호에 관한 법률", en: "Act on the Use and Protection of Credit Information")),
            Statute(id: "electronic_financial_transactions_act", name: LocalizedText(
                ko: "전자금융거래법", en: "Electronic Financial Transactions Act")),
            Statute(id: "telecommunications_business_act", name: LocalizedText(
                ko: "전기통신사업법", en: "Telecommunications Business Act")),
            Statute(id: "occupational_safety_and_health_act", name: LocalizedText(
                ko: "산업안전보건법", en: "Occupational Safety and Health Act")),
        ].map { ($0.id, $0) }
    )
}
