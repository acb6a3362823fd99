import Foundation
import JikimCore

/// Who asks, from where, for which purpose: what every operation on personal information must state.
public struct Requester: Sendable, Hashable {
    public var actor: String
    public var purpose: Identifier
    /// The source address, when the request came over a network.
    public var source: String?
    /// Why, in the requester's words: required for exports and downloads (safety standard Art. 8(2)). It goes into
    /// the access log as written, so it must not hold personal information.
    public var reason: String?
    /// The public identifier of the token or session the request came with (`jk_…`, `js_…`), logged with its records.
    public var token: String?

    public init(actor: String, purpose: Identifier, source: String? = nil, reason: String? = nil, token: String? = nil) {
        self.token = token
        self.reason = reason
        self.actor = actor
        self.purpose = purpose
        self.source = source
    }
}

/// A person to add: their external ID (the organisation's own key for them), data-subject categories, item values
/// and the consents they gave.
public struct NewSubject: Sendable, Hashable {
    public var externalID: String
    /// The data-subject categories the person is in (a tenant who also filed a petition is in both files' categories):
    /// every retention rule declared for any of them keeps their items.
    public var categories: [Identifier]
    public var values: [Identifier: String]
    public var consents: [Identifier]
    public var channel: String

    public init(
        externalID: String, category: Identifier? = nil, categories: [Identifier] = [], values: [Identifier: String],
        consents: [Identifier] = [], channel: String = "import"
    ) {
        self.externalID = externalID
        var all: [Identifier] = []
        for id in (category.map { [$0] } ?? []) + categories where !all.contains(id) { all.append(id) }
        self.categories = all
        self.values = values
        self.consents = consents
        self.channel = channel
    }
}
