/// A version of the policy: when it was announced and when it takes effect.
public struct PolicyVersion: Sendable, Hashable {
    public var id: String
    public var announced: CivilDate?
    public var effective: CivilDate?
    public var summary: LocalizedText?
    /// The change touches what needed consent, so consent must be asked again (Arts. 15(2), 17(2), 28-8(3)).
    public var freshConsent: Bool
    /// An archived policy file of this version, relative to the current one.
    public var file: String?
    /// Where the published text of this version can be read.
    public var url: String?
    /// The text gives no date and none is known (a legacy text): said so, rather than a date invented.
    public var undated: Bool

    public init(
        id: String, announced: CivilDate? = nil, effective: CivilDate? = nil, summary: LocalizedText? = nil,
        freshConsent: Bool = false, file: String? = nil, url: String? = nil, undated: Bool = false
    ) {
        self.undated = undated
        self.id = id
        self.announced = announced
        self.effective = effective
        self.summary = summary
        self.freshConsent = freshConsent
        self.file = file
        self.url = url
    }
}
