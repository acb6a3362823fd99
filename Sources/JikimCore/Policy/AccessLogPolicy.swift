/// How long the access log keeps what it records, and what its periodic review looks for (safety standard
/// Arts. 5 and 8): access records at least 1 year — 2 years where the system holds unique identifiers or sensitive
/// information, or 50,000 people or more — and records of granting, changing and revoking rights at least 3 years.
public struct AccessLogPolicy: Sendable, Hashable {
    /// How long access records are kept, counted from the day each is written.
    public var keep: Period
    /// How long records of rights granted, changed and revoked are kept.
    public var keepRightsChanges: Period
    public var review: ReviewThresholds

    public init(keep: Period, keepRightsChanges: Period = Period(3, .years), review: ReviewThresholds = ReviewThresholds()) {
        self.keep = keep
        self.keepRightsChanges = keepRightsChanges
        self.review = review
    }
}

/// What the monthly review of the access records flags for the reviewer to look at.
public struct ReviewThresholds: Sendable, Hashable {
    /// Reads and exports by one actor in one day above which the day is flagged as a bulk read.
    public var bulkReads: Int
    /// Different people one actor read in one day above which the day is flagged.
    public var distinctSubjects: Int
    /// Working hours in Korean time, as minutes since midnight: access outside them is flagged.
    public var workingHours: Range<Int>
    public var workingDays: Set<Weekday>
    /// Whether access from a source address the actor has not used before (in the months reviewed) is flagged.
    public var newSources: Bool

    public init(
        bulkReads: Int = 100, distinctSubjects: Int = 50, workingHours: Range<Int> = 9 * 60..<18 * 60,
        workingDays: Set<Weekday> = [.mon, .tue, .wed, .thu, .fri], newSources: Bool = true
    ) {
        self.bulkReads = bulkReads
        self.distinctSubjects = distinctSubjects
        self.workingHours = workingHours
        self.workingDays = workingDays
        self.newSources = newSources
    }
}

public enum Weekday: String, Sendable, Hashable, CaseIterable, Comparable {
    case mon, tue, wed, thu, fri, sat, sun

    /// Monday 0 … Sunday 6.
    public var number: Int { Weekday.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.number < rhs.number }
}

extension Policy {
    /// Whether the policy's items include unique identifiers or sensitive information, for which the safety
    /// standard asks 2 years of access records.
    public var holdsSpecialCategories: Bool {
        items.contains { $0.category.group == .uniqueIdentifier || $0.category.group == .sensitive }
    }

    /// The access log's rules: as declared, or the law's minimum for this policy's items.
    public var effectiveAccessLog: AccessLogPolicy {
        accessLog ?? AccessLogPolicy(keep: Period(holdsSpecialCategories ? 2 : 1, .years))
    }
}
