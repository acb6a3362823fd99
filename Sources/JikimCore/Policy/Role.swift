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
    /// Staff with this role approve or reject the batches of due destructions, where the policy's destruction waits
    /// for the privacy officer's approval.
    public var approvesDestruction: Bool
    /// Staff with this role administer the console: add staff, grant and revoke roles, lift locks, issue service
    /// tokens and one-time password links, and publish new versions of the policy.
    public var administers: Bool

    public init(
        id: Identifier, name: LocalizedText, purposes: [Identifier], handlesRequests: Bool = false, reviewsAccessLog: Bool = false,
        approvesDestruction: Bool = false, administers: Bool = false
    ) {
        self.handlesRequests = handlesRequests
        self.reviewsAccessLog = reviewsAccessLog
        self.approvesDestruction = approvesDestruction
        self.administers = administers
        self.id = id
        self.name = name
        self.purposes = purposes
    }
}
