/// What an access decision allowed: the one thing the vault's reads and writes of a person's values, consents and
/// lifecycle take. Only the decisions in this module make one (``AccessRules``), so an operation that skipped the
/// decision has nothing to pass and does not compile.
public struct Authorisation: Sendable, Hashable {
    /// Who acts: a staff member, a service, or `jikim` itself on the retention schedule.
    public let actor: String
    public let operation: Operation
    /// The purpose, retention rule or duty the operation is allowed for.
    public let purpose: Identifier
    /// The items it may touch; empty for an operation on the person as a whole (a consent, an event, a hold).
    public let items: [Identifier]
    /// Why it was allowed: the rule that decided, for the reader of the code and of the tests.
    public let grounds: Grounds

    public enum Grounds: Sendable, Hashable {
        /// The purpose is declared, the items belong to it, its legal basis holds and a role of the actor grants it.
        case purpose
        /// A role of the actor grants the purpose the change is stated for (a consent, an event, a suspension, a hold).
        case roleGrantsPurpose
        /// A role of the actor carries the duty (answering people's requests, reviewing the access log).
        case duty(Duty)
        /// Jikim itself, carrying out what the policy's retention rules or a person's request schedule.
        case schedule
    }

    init(actor: String, operation: Operation, purpose: Identifier, items: [Identifier], grounds: Grounds) {
        self.actor = actor
        self.operation = operation
        self.purpose = purpose
        self.items = items
        self.grounds = grounds
    }

    /// Whether this allows the item's value to be read or written: an item the decision named, or any item of the
    /// person for a request's answer (which shows or changes what the person asked about) and for Jikim's own
    /// scheduled work. A change about the whole person and a review of the log allow none.
    public func covers(_ item: Identifier) -> Bool {
        switch grounds {
        case .purpose, .roleGrantsPurpose: items.contains(item)
        case .duty(.handlesRequests), .schedule: true
        case .duty(.reviewsAccessLog), .duty(.approvesDestruction), .duty(.administers): false
        }
    }
}

/// Duties a role can carry beside the purposes it grants.
public enum Duty: String, Sendable, Hashable, CaseIterable {
    /// Receiving, answering and refusing people's requests (Arts. 35–38): `handles_requests` in the policy.
    case handlesRequests = "handles_requests"
    /// Reading the access log's review and signing it off: `reviews_access_log` in the policy.
    case reviewsAccessLog = "reviews_access_log"
    /// Approving or rejecting batches of due destructions: `approves_destruction` in the policy.
    case approvesDestruction = "approves_destruction"
    /// Administering staff, roles, service tokens and policy versions in the console: `administers` in the policy.
    case administers

    /// Whether `role` carries the duty.
    public func isCarried(by role: Role) -> Bool {
        switch self {
        case .handlesRequests: role.handlesRequests
        case .reviewsAccessLog: role.reviewsAccessLog
        case .approvesDestruction: role.approvesDestruction
        case .administers: role.administers
        }
    }
}
