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
    /// The month it takes effect, where the text gives the month and no day ("시행일자: 2018. 10"); `effective` is then
    /// unknown, and the render says the month.
    public var effectiveMonth: CivilMonth?
    /// The last day it applied, where the history states it ("2016-01-01 ~ 2020-08-31").
    public var until: CivilDate?

    public init(
        id: String, announced: CivilDate? = nil, effective: CivilDate? = nil, summary: LocalizedText? = nil,
        freshConsent: Bool = false, file: String? = nil, url: String? = nil, undated: Bool = false, effectiveMonth: CivilMonth? = nil,
        until: CivilDate? = nil
    ) {
        self.until = until
        self.effectiveMonth = effectiveMonth
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

/// A month without its day, as a legacy text may date itself.
public struct CivilMonth: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    /// `YYYY-MM`.
    public init?(iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
              (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    public func text(in language: Language) -> String {
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return language == .ko ? "\(year)년 \(month)월" : "\(names[month - 1]) \(year)"
    }
}
