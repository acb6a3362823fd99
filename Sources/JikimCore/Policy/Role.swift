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
    /// Whether staff with this role must give a one-time code from an authenticator (TOTP) after their password, as
    /// the policy declares it (`second_factor`); nil when it does not say.
    public var secondFactor: Bool?

    /// Whether signing in with this role takes a second factor: as declared, or by default for every role that lets
    /// its staff read people's information or carries a duty (the safety-measures standard expects strong
    /// authentication for access to the systems that process personal information).
    public var requiresSecondFactor: Bool {
        secondFactor ?? (!purposes.isEmpty || handlesRequests || reviewsAccessLog || approvesDestruction || administers)
    }

    public init(
        id: Identifier, name: LocalizedText, purposes: [Identifier], handlesRequests: Bool = false, reviewsAccessLog: Bool = false,
        approvesDestruction: Bool = false, administers: Bool = false, secondFactor: Bool? = nil
    ) {
        self.secondFactor = secondFactor
        self.handlesRequests = handlesRequests
        self.reviewsAccessLog = reviewsAccessLog
        self.approvesDestruction = approvesDestruction
        self.administers = administers
        self.id = id
        self.name = name
        self.purposes = purposes
    }
}
