/// The declaration of how an organisation processes personal information: what Jikim enforces and what
/// the published privacy policy says.
public struct Policy: Sendable, Hashable {
    public var formatVersion: Int
    public var organisation: Organisation
    public var officer: Contact?
    /// The policy designates a privacy officer but does not say who (`officer: unstated`): the render says so
    /// rather than promoting another contact, and the check warns (Art. 30(1)6, Art. 31(1)).
    public var officerUnstated: Bool
    /// Further responsible persons, each for a field or a site (scope).
    public var officers: [Contact]
    public var department: Contact?
    /// Where requests for access are received and handled, when it is another desk (열람청구 접수·처리 부서,
    /// Decree Art. 31(1); Art. 35).
    public var accessDesk: Contact?
    public var domesticAgent: Contact?
    public var subjects: [Category]
    public var services: [ServiceDeclaration]
    public var items: [Item]
    public var consents: [ConsentDeclaration]
    public var purposes: [Purpose]
    public var retention: [RetentionRule]
    public var destruction: DestructionPolicy?
    public var provisions: [Provision]
    public var consignments: [Consignment]
    public var automaticCollection: AutomaticCollection?
    public var safetyMeasures: SafetyMeasures?
    public var dormancy: DormancyPolicy?
    /// How long the access log keeps its records and what its review flags; the law's minimum when absent.
    public var accessLog: AccessLogPolicy?
    public var rights: RightsExercise?
    public var remedies: [RemedyAgency]
    public var statutes: [Statute]
    /// Roles staff and services hold, and the purposes each grants.
    public var roles: [Role]
    public var children: LocalizedText?
    public var additionalUse: LocalizedText?
    public var sensitivePublicity: LocalizedText?
    public var pseudonymisation: LocalizedText?
    public var automatedDecisions: LocalizedText?
    public var cctv: LocalizedText?
    public var notices: [Notice]
    /// Days off the organisation declares beyond the built-in calendar: a temporary holiday the Government designates
    /// after this release (Regulation on Holidays of Government Offices, Art. 2 sub-para. 11). Deadlines count them.
    public var holidays: [DeclaredHoliday]
    /// A public institution's personal-information files registered with the PIPC (Art. 32).
    public var files: [RegisteredFile]
    /// The policy says it provides personal information to no third party except as the law allows (Arts. 17, 18).
    public var noProvision: Bool
    /// The policy's own words for that, when it gives them (its exceptions listed as it lists them).
    public var noProvisionText: LocalizedText?
    /// Video devices and what their operation policy states (Arts. 25, 25-2).
    public var videoDevices: [VideoDevices]
    /// Why the organisation consigns processing, in its own words ("원활한 서비스 제공을 위하여"); the consignment
    /// article states no reason when the policy gives none.
    public var consignmentReason: LocalizedText?
    /// Personal location information (Location Information Act), when the organisation processes it.
    public var location: LocationInformation?
    /// Whether the policy opens with the drafting guideline's summary of its main points (주요 개인정보 처리 표시, 라벨링).
    public var labels: Bool
    /// The results of privacy impact assessments (개인정보 영향평가, Art. 33), as a public institution publishes them.
    public var impactAssessment: LocalizedText?
    /// Articles' opening sentences in the organisation's own words, each instead of the guideline's model sentence.
    public var intros: [ArticleIntro: LocalizedText]
    public var version: PolicyVersion
    public var history: [PolicyVersion]

    public init(
        formatVersion: Int = 1, organisation: Organisation, officer: Contact? = nil, department: Contact? = nil,
        domesticAgent: Contact? = nil, subjects: [Category] = [], services: [ServiceDeclaration] = [], items: [Item] = [],
        consents: [ConsentDeclaration] = [], purposes: [Purpose] = [], retention: [RetentionRule] = [],
        destruction: DestructionPolicy? = nil, provisions: [Provision] = [], consignments: [Consignment] = [],
        automaticCollection: AutomaticCollection? = nil, safetyMeasures: SafetyMeasures? = nil,
        dormancy: DormancyPolicy? = nil, accessLog: AccessLogPolicy? = nil, rights: RightsExercise? = nil, remedies: [RemedyAgency] = [],
        statutes: [Statute] = [], roles: [Role] = [], children: LocalizedText? = nil, additionalUse: LocalizedText? = nil,
        sensitivePublicity: LocalizedText? = nil, pseudonymisation: LocalizedText? = nil,
        automatedDecisions: LocalizedText? = nil, cctv: LocalizedText? = nil, notices: [Notice] = [], holidays: [DeclaredHoliday] = [],
        files: [RegisteredFile] = [], officers: [Contact] = [], accessDesk: Contact? = nil, noProvision: Bool = false, noProvisionText: LocalizedText? = nil,
        videoDevices: [VideoDevices] = [], location: LocationInformation? = nil, consignmentReason: LocalizedText? = nil,
        labels: Bool = false, impactAssessment: LocalizedText? = nil, intros: [ArticleIntro: LocalizedText] = [:],
        version: PolicyVersion, history: [PolicyVersion] = [], officerUnstated: Bool = false
    ) {
        self.officerUnstated = officerUnstated && officer == nil
        self.intros = intros
        self.impactAssessment = impactAssessment
        self.labels = labels
        self.consignmentReason = consignmentReason
        self.location = location
        self.videoDevices = videoDevices
        self.noProvision = noProvision || noProvisionText != nil
        self.noProvisionText = noProvisionText
        self.files = files
        self.officers = officers
        self.accessDesk = accessDesk
        self.formatVersion = formatVersion
        self.organisation = organisation
        self.officer = officer
        self.department = department
        self.domesticAgent = domesticAgent
        self.subjects = subjects
        self.services = services
        self.items = items
        self.consents = consents
        self.purposes = purposes
        self.retention = retention
        self.destruction = destruction
        self.provisions = provisions
        self.consignments = consignments
        self.automaticCollection = automaticCollection
        self.safetyMeasures = safetyMeasures
        self.dormancy = dormancy
        self.accessLog = accessLog
        self.rights = rights
        self.remedies = remedies
        self.statutes = statutes
        self.roles = roles
        self.children = children
        self.additionalUse = additionalUse
        self.sensitivePublicity = sensitivePublicity
        self.pseudonymisation = pseudonymisation
        self.automatedDecisions = automatedDecisions
        self.cctv = cctv
        self.notices = notices
        self.holidays = holidays
        self.version = version
        self.history = history
    }

    public func item(_ id: Identifier) -> Item? { items.first { $0.id == id } }
    public func purpose(_ id: Identifier) -> Purpose? { purposes.first { $0.id == id } }
    public func consent(_ id: Identifier) -> ConsentDeclaration? { consents.first { $0.id == id } }
    public func role(_ id: Identifier) -> Role? { roles.first { $0.id == id } }

    /// A statute the policy declares, or one from the built-in catalogue.
    public func statute(_ id: Identifier) -> Statute? {
        statutes.first { $0.id == id } ?? Statute.catalogue[id]
    }

    /// The retention rules that keep `item`.
    public func retentionRules(for item: Identifier) -> [RetentionRule] {
        retention.filter { $0.items.contains(item) }
    }
}
