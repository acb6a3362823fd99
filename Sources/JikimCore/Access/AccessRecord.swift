import Foundation

/// The record every operation on personal information leaves (safety standard Art. 8): who, when, from where,
/// whose information (a keyed pseudonym, never the person's identity), which task, for which purpose and items,
/// and whether it was allowed.
public struct AccessRecord: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        case allowed
        case refused(code: String)
    }

    public var actor: String
    public var at: Date
    public var source: String?
    public var subject: String
    public var operation: Operation
    public var purpose: Identifier
    public var items: [Identifier]
    public var outcome: Outcome
    /// The reason the actor gave, which exports and downloads must state (safety standard Art. 8(2)).
    public var reason: String?
    /// The public identifier of the service token or session the actor used (`jk_…`, `js_…`; never its secret), so
    /// that what a stolen token did can be told from what its actor did otherwise.
    public var token: String?

    public init(
        actor: String, at: Date, source: String?, token: String? = nil, subject: String, operation: Operation, purpose: Identifier,
        items: [Identifier], outcome: Outcome, reason: String? = nil
    ) {
        self.token = token
        self.reason = reason
        self.actor = actor
        self.at = at
        self.source = source
        self.subject = subject
        self.operation = operation
        self.purpose = purpose
        self.items = items
        self.outcome = outcome
    }
}
