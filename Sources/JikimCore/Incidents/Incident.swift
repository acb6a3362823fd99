import Foundation

/// A leak, loss or unauthorised access of personal information the organisation has learned of (PIPA Art. 34), as
/// the incident register keeps it: when it was learned — the 72-hour clocks start there —, what is known, who
/// handles it, where the response stands and what was done, in order.
public struct Incident: Sendable, Hashable {
    public var id: String
    /// When the organisation learned of it: notices and the report are due 72 hours later.
    public var learnedAt: Date
    public var openedAt: Date
    public var openedBy: String
    /// What is known, in words that name no one (it is kept and logged as written).
    public var summary: String
    /// Who handles it.
    public var handler: String
    public var state: IncidentState
    public var timeline: [IncidentEvent]

    public init(id: String, learnedAt: Date, openedAt: Date, openedBy: String, summary: String, handler: String,
                state: IncidentState = .investigating, timeline: [IncidentEvent] = []) {
        self.id = id
        self.learnedAt = learnedAt
        self.openedAt = openedAt
        self.openedBy = openedBy
        self.summary = summary
        self.handler = handler
        self.state = state
        self.timeline = timeline
    }

    /// Notices to the people affected, and the report where one is required, are due 72 hours after the
    /// organisation learned of the incident (Art. 34(1), (3); Decree Arts. 39(1), 40(1)).
    public var deadline: Date { learnedAt.addingTimeInterval(Self.responseWindow) }

    public static let responseWindow: TimeInterval = 72 * 3600
}

/// Where an incident's response stands.
public enum IncidentState: String, Sendable, Hashable, CaseIterable {
    /// Learned of; what was exposed and to whom is being established.
    case investigating
    /// The people affected are being told.
    case notifying
    /// Reported to the PIPC or KISA.
    case reported
    /// Closed: nothing more is to be done.
    case closed
}

/// One step of an incident's response: what was done or decided, by whom, when.
public struct IncidentEvent: Sendable, Hashable {
    public var at: Date
    public var by: String
    /// `opened`, `scoped`, `noted`, `notified`, `reported`, `closed`, …
    public var action: String
    public var note: String?

    public init(at: Date, by: String, action: String, note: String? = nil) {
        self.at = at
        self.by = by
        self.action = action
        self.note = note
    }
}
