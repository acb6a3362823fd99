import Foundation

/// The periodic review of the access records the safety standard expects (Art. 8(2)): per actor what they
/// accessed, for which purposes, their exports with the reasons they gave, their refusals, and the findings the
/// policy's thresholds call for. Built from the month's log entries alone: pseudonyms, never people's identities.
public struct AccessReview: Sendable, Hashable {
    /// `YYYY-MM`, in Korean time.
    public var month: String
    public var actors: [ActorActivity]
    public var findings: [ReviewFinding]
    public var rightsChanges: [RightsChange]
    /// Sign-offs of this month's review so far.
    public var signOffs: [ReviewSignOff]
    /// Lines of the destruction ledger written in the month.
    public var destructions: [DestructionRecord]
    public var thresholds: ReviewThresholds
    /// Accesses in the month, allowed or refused.
    public var accessCount: Int { actors.reduce(0) { $0 + $1.accesses } }
}

/// One actor's activity in the month.
public struct ActorActivity: Sendable, Hashable {
    public var actor: String
    public var accesses: Int
    public var operations: [Operation: Int]
    /// Allowed accesses per purpose.
    public var purposes: [Identifier: Int]
    /// How often each item was accessed.
    public var items: [Identifier: Int]
    /// Different people whose information the actor accessed.
    public var distinctSubjects: Int
    public var exports: [ExportRecord]
    /// Reads of separately stored data (Art. 21(3)), for the retention rule named as the purpose.
    public var separatedReads: [ExportRecord]
    /// Refusals per refusal code.
    public var refusals: [String: Int]
    public var sources: [String]
    public var daysActive: Int
}

/// An export or download of personal information, with the reason the actor gave; or a read of separately
/// stored data, with the retention rule it was read for as the purpose.
public struct ExportRecord: Sendable, Hashable {
    public var at: Date
    public var subject: String
    public var purpose: Identifier
    public var items: [Identifier]
    public var reason: String?
}

/// Something in the month's records a reviewer should look at, and why it was flagged.
public struct ReviewFinding: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// More reads and exports in a day than the policy's `bulk_reads`.
        case bulkReads = "bulk-reads"
        /// More different people in a day than the policy's `distinct_subjects`.
        case manySubjects = "many-subjects"
        /// Access outside the policy's working hours or days.
        case outsideWorkingHours = "outside-working-hours"
        /// A source address the actor had not used before.
        case newSource = "new-source"
        /// Accesses refused.
        case refusals = "refusals"
    }

    public var kind: Kind
    public var actor: String
    /// The day in Korean time.
    public var day: CivilDate
    public var count: Int
    /// The threshold crossed, for bulk reads and many people.
    public var threshold: Int?
    /// The first access flagged, for access outside working hours and a new source.
    public var firstAt: Date?
    /// The new source address.
    public var source: String?
    /// The refusal codes, for refused access.
    public var codes: [String]

    public init(kind: Kind, actor: String, day: CivilDate, count: Int, threshold: Int? = nil, firstAt: Date? = nil,
                source: String? = nil, codes: [String] = []) {
        self.kind = kind
        self.actor = actor
        self.day = day
        self.count = count
        self.threshold = threshold
        self.firstAt = firstAt
        self.source = source
        self.codes = codes
    }

    /// What was flagged, in a sentence, such as `150 reads and exports in one day (threshold 100)`.
    public var detail: String { detail(in: .en) }

    public func detail(in language: Language) -> String {
        let time = firstAt.map(AccessReview.seoulTime) ?? ""
        let accesses = count == 1 ? "1 access" : "\(count) accesses"
        switch (kind, language) {
        case (.bulkReads, .en): return "\(count) reads and exports in one day (threshold \(threshold ?? 0))"
        case (.bulkReads, .ko): return "하루 \(count)회 조회·다운로드(기준 \(threshold ?? 0)회)"
        case (.manySubjects, .en): return "\(count) different people in one day (threshold \(threshold ?? 0))"
        case (.manySubjects, .ko): return "하루 \(count)명의 정보주체 조회(기준 \(threshold ?? 0)명)"
        case (.outsideWorkingHours, .en): return "\(accesses) outside working hours, the first at \(time) (\(day.weekday.rawValue))"
        case (.outsideWorkingHours, .ko): return "업무시간 외 \(count)회 접속, 처음 \(time)(\(day.weekday.korean)요일)"
        case (.newSource, .en): return "first access from \(source ?? "?"), at \(time)"
        case (.newSource, .ko): return "\(source ?? "?")에서 처음 접속, \(time)"
        case (.refusals, .en): return "\(accesses) refused (\(codes.joined(separator: ", ")))"
        case (.refusals, .ko): return "\(count)회 접근 거부(\(codes.joined(separator: ", ")))"
        }
    }
}

extension AccessReview {
    /// Reviews `entries` (those of `month`, any order). `knownSources` are the addresses each actor used before
    /// the month; `services` are the service accounts, which are expected to work at any hour.
    public static func build(
        month: String, entries: [LogEntry], thresholds: ReviewThresholds, knownSources: [String: Set<String>] = [:],
        services: Set<String> = [], signOffs: [ReviewSignOff] = []
    ) -> AccessReview {
        var accesses: [String: [AccessRecord]] = [:]
        var rights: [RightsChange] = []
        var destructions: [DestructionRecord] = []
        for entry in entries {
            switch entry {
            case .access(let record): accesses[record.actor, default: []].append(record)
            case .rights(let change): rights.append(change)
            case .destruction(let record): destructions.append(record)
            case .signOff: break
            }
        }
        var activities: [ActorActivity] = []
        var findings: [ReviewFinding] = []
        for (actor, records) in accesses.sorted(by: { $0.key < $1.key }) {
            let records = records.sorted { $0.at < $1.at }
            activities.append(activity(of: actor, records))
            findings += Self.findings(of: actor, records, thresholds: thresholds, known: knownSources[actor] ?? [],
                                      isService: services.contains(actor))
        }
        findings.sort { ($0.day, $0.actor, $0.kind.rawValue) < ($1.day, $1.actor, $1.kind.rawValue) }
        return AccessReview(month: month, actors: activities, findings: findings, rightsChanges: rights.sorted { $0.at < $1.at },
                            signOffs: signOffs.filter { $0.month == month }.sorted { $0.at < $1.at },
                            destructions: destructions.sorted { $0.destroyedAt < $1.destroyedAt }, thresholds: thresholds)
    }

    private static func activity(of actor: String, _ records: [AccessRecord]) -> ActorActivity {
        var activity = ActorActivity(actor: actor, accesses: records.count, operations: [:], purposes: [:], items: [:],
                                     distinctSubjects: Set(records.map(\.subject)).count, exports: [], separatedReads: [], refusals: [:],
                                     sources: Array(Set(records.compactMap(\.source))).sorted(),
                                     daysActive: Set(records.map { CivilDate(seoul: $0.at) }).count)
        for record in records {
            switch record.outcome {
            case .allowed:
                activity.operations[record.operation, default: 0] += 1
                activity.purposes[record.purpose, default: 0] += 1
                for item in record.items { activity.items[item, default: 0] += 1 }
                let line = ExportRecord(at: record.at, subject: record.subject, purpose: record.purpose, items: record.items, reason: record.reason)
                if record.operation == .export { activity.exports.append(line) }
                if record.operation == .readSeparated { activity.separatedReads.append(line) }
            case .refused(let code):
                activity.refusals[code, default: 0] += 1
            }
        }
        return activity
    }

    private static func findings(
        of actor: String, _ records: [AccessRecord], thresholds: ReviewThresholds, known: Set<String>, isService: Bool
    ) -> [ReviewFinding] {
        var findings: [ReviewFinding] = []
        let days = Dictionary(grouping: records) { CivilDate(seoul: $0.at) }
        for (day, records) in days {
            let reads = records.filter { $0.outcome == .allowed && [.read, .export, .readSeparated].contains($0.operation) }
            if reads.count > thresholds.bulkReads {
                findings.append(ReviewFinding(kind: .bulkReads, actor: actor, day: day, count: reads.count, threshold: thresholds.bulkReads))
            }
            let people = Set(records.map(\.subject)).count
            if people > thresholds.distinctSubjects {
                findings.append(ReviewFinding(kind: .manySubjects, actor: actor, day: day, count: people, threshold: thresholds.distinctSubjects))
            }
            if !isService {
                let outside = records.filter { !thresholds.isWorkingTime($0.at) }
                if let first = outside.first {
                    findings.append(ReviewFinding(kind: .outsideWorkingHours, actor: actor, day: day, count: outside.count, firstAt: first.at))
                }
            }
            let refused = records.filter { $0.outcome != .allowed }
            if !refused.isEmpty {
                let codes = Set(refused.compactMap { record -> String? in
                    if case .refused(let code) = record.outcome { code } else { nil }
                }).sorted()
                findings.append(ReviewFinding(kind: .refusals, actor: actor, day: day, count: refused.count, codes: codes))
            }
        }
        if thresholds.newSources {
            var seen = known
            for record in records {
                guard let source = record.source, !seen.contains(source) else { continue }
                seen.insert(source)
                let day = CivilDate(seoul: record.at)
                findings.append(ReviewFinding(kind: .newSource, actor: actor, day: day, count: 1, firstAt: record.at, source: source))
            }
        }
        return findings
    }

    /// `HH:MM` in Korean time.
    public static func seoulTime(_ instant: Date) -> String {
        clockTime(ReviewThresholds.seoulMinutes(instant))
    }

    /// `HH:MM` for minutes since midnight.
    public static func clockTime(_ minutes: Int) -> String {
        let (hours, rest) = minutes.quotientAndRemainder(dividingBy: 60)
        return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
    }
}

extension ReviewThresholds {
    /// Minutes since midnight in Korean time.
    static func seoulMinutes(_ instant: Date) -> Int {
        let seconds = Int((instant.timeIntervalSince1970 + 9 * 3600).rounded(.down))
        return ((seconds % 86_400 + 86_400) % 86_400) / 60
    }

    /// Whether `instant` falls in working hours on a working day, in Korean time.
    public func isWorkingTime(_ instant: Date) -> Bool {
        workingDays.contains(CivilDate(seoul: instant).weekday) && workingHours.contains(Self.seoulMinutes(instant))
    }
}

extension CivilDate {
    /// The day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        Weekday.allCases[((dayNumber + 3) % 7 + 7) % 7]
    }

    /// The first day of `YYYY-MM`.
    public init?(month text: String) {
        self.init(iso: text + "-01")
    }
}

extension Weekday {
    /// 월 … 일.
    public var korean: String { ["월", "화", "수", "목", "금", "토", "일"][number] }
}
