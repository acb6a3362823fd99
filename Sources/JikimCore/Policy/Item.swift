/// A personal-information item the organisation processes (개인정보 항목).
public struct Item: Sendable, Hashable {
    public var id: Identifier
    public var name: LocalizedText
    public var category: ItemCategory
    /// Required (필수) or optional (선택) to give.
    public var required: Bool
    /// Whether the policy says which: one that lists an item as collected (수집항목) without calling it required or
    /// optional declares `required: unstated`, and the render lists it as collected, neither one nor the other.
    /// Jikim treats it as required.
    public var requirementStated: Bool
    public var collectedBy: [CollectionMethod]
    public var subjects: [Identifier]
    public var services: [Identifier]
    /// People are looked up by this item (e-mail, phone, user ID).
    public var identity: Bool
    /// A contact (e-mail address, phone number) a one-time code may be sent to, confirming the identity of a
    /// person who files a request (Decree Art. 46).
    public var verifiable: Bool
    public var protection: Protection
    /// The type of the item's values.
    public var type: ValueType
    /// Collected only for some people or in some cases ("만 14세 미만 아동의 경우", "외국인에 한함").
    public var condition: LocalizedText?
    /// Collected instead of another item: "resident registration number *or* passport number" (the other's id).
    public var alternativeTo: Identifier?

    public init(
        id: Identifier, name: LocalizedText, category: ItemCategory = .ordinary, required: Bool = true,
        collectedBy: [CollectionMethod] = [], subjects: [Identifier] = [], services: [Identifier] = [],
        identity: Bool = false, verifiable: Bool = false, protection: Protection = .none, type: ValueType = .text,
        condition: LocalizedText? = nil, alternativeTo: Identifier? = nil, requirementStated: Bool = true
    ) {
        self.requirementStated = requirementStated
        self.condition = condition
        self.alternativeTo = alternativeTo
        self.verifiable = verifiable
        self.type = type
        self.id = id
        self.name = name
        self.category = category
        self.required = required
        self.collectedBy = collectedBy
        self.subjects = subjects
        self.services = services
        self.identity = identity
        self.protection = protection
    }
}

/// What kind of personal information an item is; the law protects some kinds more.
public enum ItemCategory: String, Sendable, Hashable, CaseIterable {
    case ordinary
    case residentRegistrationNumber = "resident_registration_number"
    case passportNumber = "passport_number"
    case driverLicenceNumber = "driver_licence_number"
    case alienRegistrationNumber = "alien_registration_number"
    case sensitive
    case biometric
    case password
    case authentication
    case cardNumber = "card_number"
    case accountNumber = "account_number"
    case automatic

    /// The group the law speaks of.
    public var group: ItemGroup {
        switch self {
        case .ordinary: .ordinary
        case .residentRegistrationNumber, .passportNumber, .driverLicenceNumber, .alienRegistrationNumber: .uniqueIdentifier
        case .sensitive, .biometric: .sensitive
        case .password, .authentication: .authentication
        case .cardNumber, .accountNumber: .financial
        case .automatic: .automatic
        }
    }

    /// The protection the safety standard (Notice 2026-9, Art. 7) requires in storage, if any.
    public var requiredProtection: Protection? {
        switch self {
        case .password: .oneWay
        case .residentRegistrationNumber, .passportNumber, .driverLicenceNumber, .alienRegistrationNumber,
             .biometric, .authentication, .cardNumber, .accountNumber:
            .encrypted
        case .ordinary, .sensitive, .automatic: nil
        }
    }
}

/// The groups of personal information PIPA treats differently.
public enum ItemGroup: String, Sendable, Hashable, CaseIterable {
    case ordinary
    case uniqueIdentifier = "unique_identifier"
    case sensitive
    case authentication
    case financial
    case automatic
}

/// How an item reaches the organisation.
public enum CollectionMethod: String, Sendable, Hashable, CaseIterable {
    case webForm = "web_form"
    case writing
    case phone
    case fax
    case email
    case board
    case event
    case offline
    case partner
    case automatic
}

/// How an item is protected in storage.
public enum Protection: String, Sendable, Hashable, CaseIterable {
    case none
    /// Encrypted so that it can be decrypted for an allowed purpose.
    case encrypted
    /// Stored one-way (a salted, slow hash): it can be verified, never read.
    case oneWay = "one_way"

    /// Whether this protection meets `required`.
    public func satisfies(_ required: Protection) -> Bool {
        switch required {
        case .none: true
        case .encrypted: self == .encrypted || self == .oneWay
        case .oneWay: self == .oneWay
        }
    }
}
