import Foundation
import Ink
import JikimCore
import Mustache

/// The destruction ledger (파기 관리대장) as a document: HTML (or Markdown) through `ledger.<lang>.md.mustache`,
/// or CSV for a spreadsheet.
extension PolicyRenderer {
    public func render(
        ledger: [DestructionRecord], organisation: String, policy: Policy, language: Language, format: DocumentFormat
    ) throws(Failure) -> String {
        let name = "ledger.\(language.rawValue).md"
        let title = language == .ko ? "\(organisation) 개인정보 파기 관리대장" : "\(organisation) Personal Information Destruction Ledger"
        let context: [String: Any] = [
            "title": title,
            "count": ledger.count,
            "hasLines": !ledger.isEmpty,
            "lines": ledger.enumerated().map { index, record -> [String: Any] in
                [
                    "number": index + 1, "subject": record.subject, "items": record.items.joined(separator: ", "),
                    "records": Self.records(of: record.retentionClass, in: policy, language: language),
                    "collected": CivilDate(seoul: record.collectedAt).description,
                    "destroyed": ReviewContext.seoul(record.destroyedAt), "reason": record.reason, "basis": record.basis,
                    "method": record.method, "executedBy": record.executedBy, "approvedBy": record.approvedBy,
                ]
            },
        ]
        guard let markdown = library.render(context, withTemplate: name) else { throw .missingTemplate(name) }
        switch format {
        case .md:
            return markdown
        case .html:
            let page: [String: Any] = ["lang": language.rawValue, "title": title, "body": MarkdownParser().html(from: markdown)]
            guard let html = library.render(page, withTemplate: "page.html") else { throw .missingTemplate("page.html") }
            return html
        }
    }

    /// What the records of a retention class are, in the policy's words.
    static func records(of retentionClass: String, in policy: Policy, language: Language) -> String {
        let texts = RetentionClass.rules(of: retentionClass, in: policy).compactMap { $0.records?.text(in: language) }
        return texts.isEmpty ? "—" : texts.joined(separator: "; ")
    }
}

extension DestructionRecord {
    static let csvHeader = ["subject", "class", "items", "collected_at", "destroyed_at", "reason", "basis", "method", "executed_by", "approved_by"]

    /// The ledger as CSV (RFC 4180), one line per destruction.
    public static func csv(_ ledger: [DestructionRecord]) -> String {
        var rows = [csvHeader]
        for record in ledger {
            rows.append([record.subject, record.retentionClass, record.items.joined(separator: ","), Timestamp.string(record.collectedAt),
                         Timestamp.string(record.destroyedAt), record.reason, record.basis, record.method, record.executedBy, record.approvedBy])
        }
        return rows.map { $0.map(AccessReview.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}
