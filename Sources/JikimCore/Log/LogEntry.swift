import Foundation

/// One entry of the tamper-evident access log: an access to personal information, a change of someone's rights,
/// or a reviewer's sign-off. Entries carry no plaintext personal information — people appear as keyed
/// pseudonyms — so the log stays verifiable after the data it mentions has been destroyed.
public enum LogEntry: Sendable, Hashable {
    case access(AccessRecord)
    case rights(RightsChange)
    case signOff(ReviewSignOff)
    /// A line of the destruction ledger.
    case destruction(DestructionRecord)

    public var at: Date {
        switch self {
        case .access(let record): record.at
        case .rights(let change): change.at
        case .signOff(let signOff): signOff.at
        case .destruction(let record): record.destroyedAt
        }
    }

    /// The entry's kind, as stored beside it for queries.
    public var kind: String {
        switch self {
        case .access: "access"
        case .rights: "rights"
        case .signOff: "sign-off"
        case .destruction: "destruction"
        }
    }
}

/// A change of a staff member's or service's rights: created, a role granted or revoked, a password set, locked
/// out, unlocked, disabled. Kept at least three years (safety standard Art. 5(3)).
public struct RightsChange: Sendable, Hashable {
    public var actor: String
    public var action: String
    /// The role concerned, if any.
    public var role: Identifier?
    /// Who made the change (`jikim` for a lockout the system imposed).
    public var by: String
    public var at: Date

    public init(actor: String, action: String, role: Identifier?, by: String, at: Date) {
        self.actor = actor
        self.action = action
        self.role = role
        self.by = by
        self.at = at
    }
}

/// A reviewer's sign-off of a month's review of the access records, pinning what was reviewed by its digest.
public struct ReviewSignOff: Sendable, Hashable {
    /// `YYYY-MM`, in Asia/Seoul.
    public var month: String
    public var reviewer: String
    public var at: Date
    /// SHA-256 of the review as signed off, in hex.
    public var digest: String
    public var note: String?

    public init(month: String, reviewer: String, at: Date, digest: String, note: String? = nil) {
        self.month = month
        self.reviewer = reviewer
        self.at = at
        self.digest = digest
        self.note = note
    }
}
