import Foundation

/// One entry of the consent ledger: a person gave or withdrew one consent the policy declares.
/// The ledger is append-only; the current state is derived from it.
public struct ConsentEvent: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable, CaseIterable {
        case given
        case withdrawn
    }

    public var consent: Identifier
    public var action: Action
    public var at: Date
    /// How the consent was given or withdrawn: web form, paper, phone, an import…
    public var channel: String
    /// The policy version the person was shown.
    public var policyVersion: String

    public init(consent: Identifier, action: Action, at: Date, channel: String, policyVersion: String) {
        self.consent = consent
        self.action = action
        self.at = at
        self.channel = channel
        self.policyVersion = policyVersion
    }
}

/// A person's consents now, derived from their ledger.
public struct ConsentState: Sendable, Hashable {
    /// The latest event for each consent.
    public private(set) var latest: [Identifier: ConsentEvent] = [:]

    public init(_ events: [ConsentEvent] = []) {
        for event in events.sorted(by: { $0.at < $1.at }) { latest[event.consent] = event }
    }

    /// Whether `consent` is given and not withdrawn since.
    public func isGiven(_ consent: Identifier) -> Bool {
        latest[consent]?.action == .given
    }
}
