/// A role staff or services hold; it grants the purposes they may process personal information for
/// (least privilege: a role grants only what its duties need).
public struct Role: Sendable, Hashable {
    public var id: Identifier
    public var name: LocalizedText
    public var purposes: [Identifier]
    /// Staff with this role receive, answer and refuse people's requests (Arts. 35–38).
    public var handlesRequests: Bool
    /// Staff with this role read the access log's monthly review and sign it off (the safety standard's periodic
    /// check of access records): the privacy officer and whoever they charge with it.
    public var reviewsAccessLog: Bool

    public init(id: Identifier, name: LocalizedText, purposes: [Identifier], handlesRequests: Bool = false, reviewsAccessLog: Bool = false) {
        self.handlesRequests = handlesRequests
        self.reviewsAccessLog = reviewsAccessLog
        self.id = id
        self.name = name
        self.purposes = purposes
    }
}
