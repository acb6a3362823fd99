import Foundation

/// One entry of a person's suspension ledger: processing for a purpose suspended at their request (PIPA Art. 37),
/// or resumed. Append-only, like the consent ledger; the purposes suspended now are derived from it.
public struct SuspensionEvent: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable, CaseIterable {
        case suspended
        case resumed
    }

    public var purpose: Identifier
    public var action: Action
    public var at: Date
    /// Who recorded it: the staff member or service acting on the request.
    public var actor: String
    /// Why, in the words of the request or of the decision to resume; never personal information.
    public var reason: String?

    public init(purpose: Identifier, action: Action, at: Date, actor: String, reason: String? = nil) {
        self.purpose = purpose
        self.action = action
        self.at = at
        self.actor = actor
        self.reason = reason
    }

    /// The purposes suspended after `events`, taken in time order.
    public static func suspendedPurposes(_ events: [SuspensionEvent]) -> Set<Identifier> {
        var latest: [Identifier: Action] = [:]
        for event in events.sorted(by: { $0.at < $1.at }) { latest[event.purpose] = event.action }
        return Set(latest.filter { $0.value == .suspended }.keys)
    }
}
