import Foundation
import Ink
import JikimCore
import Mustache

/// The monthly review of the access records as a document for the privacy officer: Markdown or HTML through the
/// templates `review.<lang>.md.mustache` (replaceable like the policy's), or CSV for a spreadsheet.
extension PolicyRenderer {
    /// `digest` is the review's SHA-256 (of its CSV), which sign-offs are checked against.
    public func render(
        _ review: AccessReview, organisation: String, digest: String, language: Language, format: DocumentFormat
    ) throws(Failure) -> String {
        let name = "review.\(language.rawValue).md"
        let context = ReviewContext(review: review, organisation: organisation, digest: digest, language: language).build()
        guard let markdown = library.render(context, withTemplate: name) else { throw .missingTemplate(name) }
        switch format {
        case .md:
            return markdown
        case .html:
            let page: [String: Any] = ["lang": language.rawValue, "title": context["title"] ?? "", "body": MarkdownParser().html(from: markdown)]
            guard let html = library.render(page, withTemplate: "page.html") else { throw .missingTemplate("page.html") }
            return html
        }
    }
}

extension AccessReview {
    /// The review as CSV (RFC 4180): one row per finding, per actor's activity and per export, in that order. A
    /// sign-off pins this text by its SHA-256, so it holds nothing that changes when the review is signed off.
    public var csv: String {
        var rows: [[String]] = [["record", "actor", "day", "kind", "count", "detail"]]
        for finding in findings {
            rows.append(["finding", finding.actor, finding.day.description, finding.kind.rawValue, String(finding.count), finding.detail])
        }
        for actor in actors {
            let detail = "purposes: " + ReviewContext.counts(actor.purposes) + "; items: " + ReviewContext.counts(actor.items)
                + "; people: \(actor.distinctSubjects); refused: " + ReviewContext.counts(actor.refusals)
                + "; sources: " + actor.sources.joined(separator: " ")
            rows.append(["activity", actor.actor, month, "accesses", String(actor.accesses), detail])
            for read in actor.separatedReads {
                rows.append(["separated-read", actor.actor, CivilDate(seoul: read.at).description, read.purpose, String(read.items.count),
                             "\(Timestamp.string(read.at)) \(read.subject) \(read.items.joined(separator: ","))"])
            }
            for export in actor.exports {
                rows.append(["export", actor.actor, CivilDate(seoul: export.at).description, export.purpose, String(export.items.count),
                             "\(Timestamp.string(export.at)) \(export.subject) \(export.items.joined(separator: ",")); reason: \(export.reason ?? "none")"])
            }
        }
        for record in destructions {
            rows.append(["destruction", record.executedBy, CivilDate(seoul: record.destroyedAt).description, record.retentionClass,
                         String(record.items.count), "\(record.subject) \(record.items.joined(separator: ",")); \(record.reason); approved by \(record.approvedBy)"])
        }
        for change in rightsChanges {
            rows.append(["rights", change.actor, CivilDate(seoul: change.at).description, change.action, "1",
                         "\(change.role.map { "role \($0) " } ?? "")by \(change.by) at \(Timestamp.string(change.at))"])
        }
        return rows.map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The template's view of a review.
struct ReviewContext {
    let review: AccessReview
    let organisation: String
    let digest: String
    let language: Language

    func build() -> [String: Any] {
        let thresholds = review.thresholds
        var context: [String: Any] = [
            "title": language == .ko ? "\(review.month) 개인정보 접속기록 점검" : "Review of the access records, \(review.month)",
            "organisation": organisation,
            "month": review.month,
            "accesses": review.accessCount,
            "actorCount": review.actors.count,
            "findingCount": review.findings.count,
            "digest": digest,
            "bulkReads": thresholds.bulkReads,
            "distinctSubjects": thresholds.distinctSubjects,
            "workingHours": Self.hours(thresholds.workingHours),
            "workingDays": language == .ko ? thresholds.workingDays.sorted().map(\.korean).joined(separator: "·") + "요일"
                : thresholds.workingDays.sorted().map(\.rawValue).joined(separator: ", "),
            "newSources": thresholds.newSources,
        ]
        context["findings"] = review.findings.map { finding -> [String: Any] in
            ["day": finding.day.description, "actor": finding.actor, "kind": label(finding.kind), "detail": finding.detail(in: language)]
        }
        context["actors"] = review.actors.map { actor -> [String: Any] in
            [
                "actor": actor.actor, "accesses": actor.accesses, "days": actor.daysActive, "people": actor.distinctSubjects,
                "operations": Self.counts(Dictionary(uniqueKeysWithValues: actor.operations.map { ($0.key.rawValue, $0.value) })),
                "purposes": Self.counts(actor.purposes), "items": Self.counts(actor.items),
                "refusals": actor.refusals.isEmpty ? "—" : Self.counts(actor.refusals),
                "sources": actor.sources.isEmpty ? "—" : actor.sources.joined(separator: ", "),
            ]
        }
        let exports = review.actors.flatMap { actor in actor.exports.map { (actor.actor, $0) } }
        context["exports"] = exports.map { actor, export -> [String: Any] in
            ["at": Self.seoul(export.at), "actor": actor, "subject": export.subject, "purpose": export.purpose,
             "items": export.items.joined(separator: ", "), "reason": export.reason ?? "—"]
        }
        context["hasExports"] = !exports.isEmpty
        let separatedReads = review.actors.flatMap { actor in actor.separatedReads.map { (actor.actor, $0) } }
        context["separatedReads"] = separatedReads.map { actor, read -> [String: Any] in
            ["at": Self.seoul(read.at), "actor": actor, "subject": read.subject, "rule": read.purpose, "items": read.items.joined(separator: ", ")]
        }
        context["hasSeparatedReads"] = !separatedReads.isEmpty
        context["destructions"] = review.destructions.map { record -> [String: Any] in
            ["at": Self.seoul(record.destroyedAt), "subject": record.subject, "items": record.items.joined(separator: ", "),
             "reason": record.reason, "executedBy": record.executedBy, "approvedBy": record.approvedBy]
        }
        context["destructionCount"] = review.destructions.count
        context["hasDestructions"] = !review.destructions.isEmpty
        context["rights"] = review.rightsChanges.map { change -> [String: Any] in
            ["at": Self.seoul(change.at), "actor": change.actor, "action": change.action, "role": change.role ?? "—", "by": change.by]
        }
        context["hasRights"] = !review.rightsChanges.isEmpty
        context["signOffs"] = review.signOffs.map { signOff -> [String: Any] in
            ["at": Self.seoul(signOff.at), "reviewer": signOff.reviewer, "note": signOff.note ?? "—",
             "matches": signOff.digest == digest, "digest": String(signOff.digest.prefix(16))]
        }
        context["hasSignOffs"] = !review.signOffs.isEmpty
        return context
    }

    func label(_ kind: ReviewFinding.Kind) -> String {
        switch (kind, language) {
        case (.bulkReads, .ko): "대량 조회"
        case (.bulkReads, .en): "bulk reads"
        case (.manySubjects, .ko): "다수 정보주체 조회"
        case (.manySubjects, .en): "many people"
        case (.outsideWorkingHours, .ko): "업무시간 외 접속"
        case (.outsideWorkingHours, .en): "outside working hours"
        case (.newSource, .ko): "새 접속지"
        case (.newSource, .en): "new source address"
        case (.refusals, .ko): "거부된 접근"
        case (.refusals, .en): "refused access"
        }
    }

    /// `a 3, b 1`: most first, then by name.
    static func counts(_ counts: [String: Int]) -> String {
        guard !counts.isEmpty else { return "—" }
        return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    /// `2026-11-05 14:30` in Korean time.
    static func seoul(_ instant: Date) -> String {
        "\(CivilDate(seoul: instant)) " + AccessReview.seoulTime(instant)
    }

    static func hours(_ range: Range<Int>) -> String {
        AccessReview.clockTime(range.lowerBound) + "–" + AccessReview.clockTime(range.upperBound)
    }
}
