/// Cookies and similar devices that collect information automatically (Art. 30(1)7).
public struct AutomaticCollection: Sendable, Hashable {
    public var cookies: Bool
    /// What cookies are, in the organisation's own words; the guideline's sentence otherwise.
    public var definition: LocalizedText?
    public var purpose: LocalizedText?
    public var howToRefuse: LocalizedText?
    public var ifRefused: LocalizedText?
    public var tools: [AnalyticsTool]

    public init(cookies: Bool = true, purpose: LocalizedText? = nil, howToRefuse: LocalizedText? = nil,
                ifRefused: LocalizedText? = nil, tools: [AnalyticsTool] = [], definition: LocalizedText? = nil) {
        self.cookies = cookies
        self.definition = definition
        self.purpose = purpose
        self.howToRefuse = howToRefuse
        self.ifRefused = ifRefused
        self.tools = tools
    }
}

/// An analytics or advertising tool that collects behavioural information (Google Analytics and the like).
public struct AnalyticsTool: Sendable, Hashable {
    public var name: LocalizedText
    public var provider: LocalizedText?
    public var purpose: LocalizedText?
    public var collects: LocalizedText?
    public var optOut: LocalizedText?

    public init(name: LocalizedText, provider: LocalizedText? = nil, purpose: LocalizedText? = nil,
                collects: LocalizedText? = nil, optOut: LocalizedText? = nil) {
        self.name = name
        self.provider = provider
        self.purpose = purpose
        self.collects = collects
        self.optOut = optOut
    }
}

/// Measures to ensure the safety of personal information (Art. 29, Decree Art. 30).
public struct SafetyMeasures: Sendable, Hashable {
    public var administrative: [LocalizedText]
    public var technical: [LocalizedText]
    public var physical: [LocalizedText]

    public init(administrative: [LocalizedText] = [], technical: [LocalizedText] = [], physical: [LocalizedText] = []) {
        self.administrative = administrative
        self.technical = technical
        self.physical = physical
    }

    public var isEmpty: Bool { administrative.isEmpty && technical.isEmpty && physical.isEmpty }
}

/// How destruction is carried out (Art. 21, Decree Art. 16).
public struct DestructionPolicy: Sendable, Hashable {
    public enum Approval: String, Sendable, Hashable, CaseIterable {
        /// Due destructions run by themselves.
        case automatic
        /// Due destructions wait for the privacy officer's approval.
        case officer
    }

    public var approval: Approval
    public var procedure: LocalizedText?
    /// How electronic records are destroyed, in the organisation's words; the rendered policy describes Jikim's
    /// own method (destroying the person's keys, then the records) when this is absent.
    public var electronic: LocalizedText?
    /// How paper records are destroyed, where there are any.
    public var paper: LocalizedText?

    public init(
        approval: Approval = .automatic, procedure: LocalizedText? = nil, electronic: LocalizedText? = nil,
        paper: LocalizedText? = nil
    ) {
        self.approval = approval
        self.procedure = procedure
        self.electronic = electronic
        self.paper = paper
    }
}

/// The organisation's own dormancy policy for inactive people.
public struct DormancyPolicy: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable, CaseIterable {
        case separate
        case destroy
    }

    public var after: Period
    public var noticeDays: Int?
    public var action: Action
    /// For separated data: how long after separation it is destroyed.
    public var destroyAfter: Period?
    /// What the policy says of it in its own words, rendered instead of the renderer's sentence (Jikim enforces
    /// `after`, `notice_days`, `action` and `destroy_after`).
    public var wording: LocalizedText?

    public init(after: Period, noticeDays: Int? = nil, action: Action, destroyAfter: Period? = nil, wording: LocalizedText? = nil) {
        self.wording = wording
        self.after = after
        self.noticeDays = noticeDays
        self.action = action
        self.destroyAfter = destroyAfter
    }
}

/// How people exercise their rights (Arts. 35–38).
public struct RightsExercise: Sendable, Hashable {
    public var channels: [RightsChannel]
    /// Requests through a legal representative or a person with a power of attorney are accepted.
    public var agents: Bool
    public var procedure: LocalizedText?
    public var notes: [LocalizedText]
    /// How long the record of a request (what was asked, when, by whom, the answer) is kept once it is closed.
    public var keepRequests: Period
    /// The organisation is one the Enforcement Decree obliges to transmit people's information at their request
    /// (Art. 35-2; Decree Art. 42-2): only then does the policy state the right and the request form offer it.
    public var transmission: Bool

    public init(
        channels: [RightsChannel] = [], agents: Bool = true, procedure: LocalizedText? = nil, notes: [LocalizedText] = [],
        keepRequests: Period = RightsExercise.defaultKeepRequests, transmission: Bool = false
    ) {
        self.transmission = transmission
        self.channels = channels
        self.agents = agents
        self.procedure = procedure
        self.notes = notes
        self.keepRequests = keepRequests
    }

    /// Three years: how long records of transmission requests are kept, and so, for one rule, every request's.
    public static let defaultKeepRequests = Period(3, .years)
}

/// A way to file a request.
public struct RightsChannel: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case writing, email, phone, fax, board, web, inPerson = "in_person"
    }

    public var kind: Kind
    public var detail: LocalizedText?
    /// The requests this channel takes, when not every kind (some organisations take access requests in person only).
    public var requests: [RequestKind]

    public init(kind: Kind, detail: LocalizedText? = nil, requests: [RequestKind] = []) {
        self.kind = kind
        self.detail = detail
        self.requests = requests
    }
}

/// An agency people can turn to for remedy.
public struct RemedyAgency: Sendable, Hashable {
    public var name: LocalizedText
    /// The number as the policy writes it, in each language ("(국번없이) 118" / "118").
    public var phone: LocalizedText?
    public var url: String?
    public var email: String?
    public var address: LocalizedText?
    /// What the agency deals with (소관업무), as the policy says.
    public var duties: LocalizedText?

    public init(name: LocalizedText, phone: LocalizedText? = nil, url: String? = nil, email: String? = nil, address: LocalizedText? = nil,
                duties: LocalizedText? = nil) {
        self.duties = duties
        self.email = email
        self.address = address
        self.name = name
        self.phone = phone
        self.url = url
    }
}

/// A further section the organisation publishes in its policy.
public struct Notice: Sendable, Hashable {
    /// The heading; a notice placed inside an article may have none.
    public var title: LocalizedText?
    public var body: LocalizedText
    /// Where the policy has it: at the end of this article (or after the opening paragraph), instead of as an article
    /// of its own after the others.
    public var place: NoticePlace?

    public init(title: LocalizedText?, body: LocalizedText, place: NoticePlace? = nil) {
        self.title = title
        self.body = body
        self.place = place
    }
}

/// Where a notice stands when the policy has it inside another article.
public enum NoticePlace: Sendable, Hashable {
    /// After the policy's opening paragraph, before its first article.
    case opening
    /// At the end of this article.
    case article(ArticleIntro)
    /// At the end of the article on registered personal-information files.
    case files
    /// At the end of the article on video devices.
    case videoDevices

    public static let all: [NoticePlace] = [.opening] + ArticleIntro.allCases.map(NoticePlace.article) + [.files, .videoDevices]

    public var name: String {
        switch self {
        case .opening: "opening"
        case .article(let article): article.rawValue
        case .files: "files"
        case .videoDevices: "video_devices"
        }
    }
}

/// A day off the organisation declares in its policy file (`holidays:`), with the name the Government gave it.
public struct DeclaredHoliday: Sendable, Hashable {
    public var date: CivilDate
    public var name: LocalizedText

    public init(date: CivilDate, name: LocalizedText) {
        self.date = date
        self.name = name
    }
}

extension Policy {
    /// The holiday calendar deadlines are counted with: the built-in one and the days this policy declares.
    public var holidayCalendar: HolidayCalendar { HolidayCalendar(declared: Set(holidays.map(\.date))) }
}

/// A personal-information file a public institution has registered with the PIPC (개인정보파일, Art. 32(1)): its name,
/// the law it is kept under, what for, the items it records and how long it is kept, as the registration states them.
public struct RegisteredFile: Sendable, Hashable {
    public var name: LocalizedText
    /// The law or other ground the file is kept under (운영 근거).
    public var basis: LocalizedText
    public var purpose: LocalizedText
    public var items: [Identifier]
    /// The retention period as registered (보유기간).
    public var retention: LocalizedText

    public init(name: LocalizedText, basis: LocalizedText, purpose: LocalizedText, items: [Identifier], retention: LocalizedText) {
        self.name = name
        self.basis = basis
        self.purpose = purpose
        self.items = items
        self.retention = retention
    }
}

/// Video devices the organisation installs and operates (영상정보처리기기, Art. 25; mobile ones, Art. 25-2), with what
/// its operation and management policy states (Art. 25(7); Decree Art. 25(1)): why and on what ground, where and how
/// many, what they film and when, how long and where footage is kept, who manages it and who may view it, how people
/// ask to see footage of themselves, the measures that protect it, and who operates them when consigned (Art. 25(8)).
public struct VideoDevices: Sendable, Hashable {
    /// One installation: where, how many, what it films.
    public struct Installation: Sendable, Hashable {
        public var place: LocalizedText
        public var count: Int?
        public var range: LocalizedText?

        public init(place: LocalizedText, count: Int? = nil, range: LocalizedText? = nil) {
            self.place = place
            self.count = count
            self.range = range
        }
    }

    /// Mobile devices (body or vehicle cameras, drones) rather than fixed ones (Art. 25-2).
    public var mobile: Bool
    public var purposes: LocalizedText
    /// The ground, such as 「개인정보 보호법」 제25조제1항제2호.
    public var basis: LocalizedText?
    public var installations: [Installation]
    public var hours: LocalizedText?
    public var retention: LocalizedText?
    /// Where and how footage is kept and processed.
    public var storage: LocalizedText?
    public var manager: Contact?
    /// Who may view footage.
    public var viewers: LocalizedText?
    /// How and where people ask to see footage of themselves, and what is done.
    public var requests: LocalizedText?
    public var safety: LocalizedText?
    /// Who operates the devices when consigned, and how to reach them.
    public var consignee: LocalizedText?
    public var consigneeContact: String?

    /// Further managers, each for the sites it names (`scope`).
    public var otherManagers: [Contact]
    /// The operation policy's opening in its own words, rendered instead of the renderer's opening sentence.
    public var preamble: LocalizedText?

    public init(
        mobile: Bool = false, purposes: LocalizedText, basis: LocalizedText? = nil, installations: [Installation] = [],
        hours: LocalizedText? = nil, retention: LocalizedText? = nil, storage: LocalizedText? = nil, manager: Contact? = nil,
        viewers: LocalizedText? = nil, requests: LocalizedText? = nil, safety: LocalizedText? = nil, consignee: LocalizedText? = nil,
        consigneeContact: String? = nil, otherManagers: [Contact] = [], preamble: LocalizedText? = nil
    ) {
        self.preamble = preamble
        self.otherManagers = otherManagers
        self.mobile = mobile
        self.purposes = purposes
        self.basis = basis
        self.installations = installations
        self.hours = hours
        self.retention = retention
        self.storage = storage
        self.manager = manager
        self.viewers = viewers
        self.requests = requests
        self.safety = safety
        self.consignee = consignee
        self.consigneeContact = consigneeContact
    }
}

/// Personal location information processed under the Act on the Protection, Use, etc. of Location Information: the
/// items, why, how long they and the records of their use and provision are kept (Art. 16(2)), and how people are told
/// when it is given to a third party (Art. 19).
public struct LocationInformation: Sendable, Hashable {
    public var items: [Identifier]
    public var purposes: LocalizedText
    public var retention: LocalizedText?
    /// How long the records of using and providing location information are kept (위치정보 이용·제공사실 확인자료).
    public var useRecordsRetention: LocalizedText?
    /// How the person is told each time it is provided to a third party.
    public var thirdPartyNotice: LocalizedText?

    public init(
        items: [Identifier], purposes: LocalizedText, retention: LocalizedText? = nil, useRecordsRetention: LocalizedText? = nil,
        thirdPartyNotice: LocalizedText? = nil
    ) {
        self.items = items
        self.purposes = purposes
        self.retention = retention
        self.useRecordsRetention = useRecordsRetention
        self.thirdPartyNotice = thirdPartyNotice
    }
}

/// The articles whose opening sentence a policy may give in its own words instead of the drafting guideline's model.
public enum ArticleIntro: String, Sendable, Hashable, CaseIterable {
    case purposes, items, retention, destruction, provisions, consignments, overseas
    case safetyMeasures = "safety_measures"
    case rights, officer, remedies
}
