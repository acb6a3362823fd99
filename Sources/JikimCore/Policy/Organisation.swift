/// The personal-information controller that publishes the policy.
public struct Organisation: Sendable, Hashable {
    public var name: LocalizedText
    /// What kind of organisation it is: the law asks different things of each, and the policy calls it by its kind.
    public var kind: OrganisationKind
    /// What the policy calls the organisation after naming it once ("이하 '병원'"); by its kind when not declared.
    public var shortName: LocalizedText?
    public var service: LocalizedText?
    public var website: String?
    public var address: LocalizedText?
    /// The title the organisation gives its policy ("코스콤 클라우드 개인정보처리방침"); "<name> 개인정보 처리방침" when not declared.
    public var policyTitle: LocalizedText?

    public init(
        name: LocalizedText, kind: OrganisationKind = .company, shortName: LocalizedText? = nil, service: LocalizedText? = nil,
        website: String? = nil, address: LocalizedText? = nil, policyTitle: LocalizedText? = nil
    ) {
        self.policyTitle = policyTitle
        self.name = name
        self.kind = kind
        self.shortName = shortName
        self.service = service
        self.website = website
        self.address = address
    }

    /// What the policy calls the organisation after naming it once.
    public func short(in language: Language) -> String {
        shortName.map { $0.text(in: language) } ?? kind.short(in: language)
    }
}

/// The kinds of personal-information controller whose policies differ by law.
public enum OrganisationKind: String, Sendable, Hashable, CaseIterable {
    /// A business: a company, a sole trader.
    case company
    /// A public institution (공공기관, Art. 2(6)): it registers its personal-information files (Art. 32), people may
    /// appeal its decisions on their requests by administrative appeal (Administrative Appeals Act), and it assesses
    /// the privacy impact of large files (Art. 33).
    case publicInstitution = "public_institution"
    /// A medical institution under the Medical Service Act (a hospital, a clinic).
    case medical
    /// A school.
    case school
    /// A non-profit organisation (a foundation, an association).
    case nonprofit

    /// What a policy calls an organisation of this kind when it declares no short name: the words the PIPC's
    /// drafting guideline's models use.
    public func short(in language: Language) -> String {
        switch (self, language) {
        case (.company, .ko): "회사"
        case (.company, .en): "the Company"
        case (.publicInstitution, .ko): "기관"
        case (.publicInstitution, .en): "the Institution"
        case (.medical, .ko): "병원"
        case (.medical, .en): "the Hospital"
        case (.school, .ko): "학교"
        case (.school, .en): "the School"
        case (.nonprofit, .ko): "법인"
        case (.nonprofit, .en): "the Organisation"
        }
    }
}

/// A person or department people can contact about their personal information.
public struct Contact: Sendable, Hashable {
    public var name: LocalizedText?
    public var title: LocalizedText?
    public var department: LocalizedText?
    /// For a department: the person in charge there.
    public var contact: LocalizedText?
    public var phone: String?
    public var email: String?
    public var address: LocalizedText?
    /// For one of several responsible persons: the field or site they answer for.
    public var scope: LocalizedText?
    public var fax: String?
    /// What the policy says beside the contact's details ("※ 개인정보 보호 담당부서로 연결됩니다.").
    public var note: LocalizedText?
    /// The name the organisation gives the role, shown as its heading instead of the statute's term (개인정보
    /// 보호책임관, 개인(위치)정보 보호담당자).
    public var role: LocalizedText?

    public init(
        name: LocalizedText? = nil, title: LocalizedText? = nil, department: LocalizedText? = nil,
        contact: LocalizedText? = nil, phone: String? = nil, email: String? = nil, address: LocalizedText? = nil,
        scope: LocalizedText? = nil, fax: String? = nil, note: LocalizedText? = nil, role: LocalizedText? = nil
    ) {
        self.role = role
        self.scope = scope
        self.fax = fax
        self.note = note
        self.name = name
        self.title = title
        self.department = department
        self.contact = contact
        self.phone = phone
        self.email = email
        self.address = address
    }

    /// Whether people can reach this contact: a phone number or an e-mail address.
    public var isReachable: Bool { !(phone ?? "").isEmpty || !(email ?? "").isEmpty }
}

/// A named group the policy distinguishes: a data-subject category (members, administrators, inquirers…) or a service.
public struct Category: Sendable, Hashable {
    public var id: Identifier
    public var name: LocalizedText

    public init(id: Identifier, name: LocalizedText) {
        self.id = id
        self.name = name
    }
}
