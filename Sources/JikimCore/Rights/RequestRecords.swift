import Foundation

/// What a request is about: the items to correct, the purposes to stop, the consents to withdraw. Ids only; the
/// new values of a correction travel sealed, apart from these.
public struct RequestTargets: Sendable, Hashable, Codable {
    public var items: [Identifier]
    public var purposes: [Identifier]
    public var consents: [Identifier]

    public init(items: [Identifier] = [], purposes: [Identifier] = [], consents: [Identifier] = []) {
        self.items = items
        self.purposes = purposes
        self.consents = consents
    }
}

/// A request as staff and the filer see it, without personal information: the person appears by pseudonym.
public struct RequestSummary: Sendable, Hashable, Codable {
    public var number: String
    public var kind: RequestKind
    public var state: RequestState
    public var filer: String
    public var agentRelation: String?
    public var agentDocumentSHA256: String?
    public var agentDocumentReference: String?
    public var subject: String?
    public var targets: RequestTargets
    public var receivedAt: String
    public var deadline: String
    /// The deadline was counted through a year whose public holidays the calendar does not all know: it may be
    /// earlier than the law's (HolidayCalendar.isCertain).
    public var deadlineProvisional: Bool = false
    public var overdue: Bool
    public var refusalGround: String?
    /// Why an access is put off (Art. 35(3)), as staff told the person; nil unless postponed.
    public var postponement: String?
    public var closedAt: String?

    public init(number: String, kind: RequestKind, state: RequestState, filer: String, agentRelation: String? = nil, agentDocumentSHA256: String? = nil, agentDocumentReference: String? = nil, subject: String? = nil, targets: RequestTargets, receivedAt: String, deadline: String, overdue: Bool, refusalGround: String? = nil, postponement: String? = nil, closedAt: String? = nil) {
        self.number = number
        self.kind = kind
        self.state = state
        self.filer = filer
        self.agentRelation = agentRelation
        self.agentDocumentSHA256 = agentDocumentSHA256
        self.agentDocumentReference = agentDocumentReference
        self.subject = subject
        self.targets = targets
        self.receivedAt = receivedAt
        self.deadline = deadline
        self.overdue = overdue
        self.refusalGround = refusalGround
        self.postponement = postponement
        self.closedAt = closedAt
    }
}

/// A step of a request's history.
public struct RequestStep: Sendable, Hashable, Codable {
    public var step: String
    public var state: RequestState
    public var at: String
    public var actor: String

    public init(step: String, state: RequestState, at: String, actor: String) {
        self.step = step
        self.state = state
        self.at = at
        self.actor = actor
    }
}

/// A request just filed: its number, and the token that lets the filer follow it (shown once, stored hashed).
public struct FiledRequest: Sendable, Hashable {
    public var summary: RequestSummary
    public var followToken: String

    public init(summary: RequestSummary, followToken: String) {
        self.summary = summary
        self.followToken = followToken
    }
}

/// What carrying out (or refusing) a request gave the person, kept sealed with the request and shown to its filer.
public struct RequestAnswer: Sendable, Hashable, Codable {
    public var kind: RequestKind
    /// An access request's answer, by language (`ko`, `en`).
    public var access: [String: AccessResponse]?
    public var transmission: TransmissionDocument?
    /// After a deletion or a withdrawal: what is kept, under which rule, until when; by language.
    public var retention: [String: RetentionOutcome]?
    public var corrected: [Identifier]?
    /// Recipients who had received an item now corrected and were sent a notice through the outbox.
    public var recipientsNotified: [Identifier]?
    /// Such recipients for whom the policy gives no contact: staff must tell them another way.
    public var recipientsWithoutContact: [Identifier]?
    public var suspended: [Identifier]?
    public var withdrawn: [Identifier]?
    /// After a deletion of some items: the items deleted.
    public var deleted: [Identifier]?
    /// After a deletion of some items: those kept in separate storage, with the retention rule that keeps them.
    public var keptSeparately: [Identifier: String]?
    /// A refusal's ground and the route to object, by language.
    public var refusal: [String: RefusalNotice]?
    /// Answered in part: what was not carried out (items, purposes or consents), and why, with the route to object,
    /// by language.
    public var withheld: [Identifier]?
    public var partialRefusal: [String: RefusalNotice]?

    public init(kind: RequestKind) {
        self.kind = kind
    }
}

/// Which requests to list.
public enum RequestFilter: String, Sendable, CaseIterable {
    case open, overdue, closed, all
}
