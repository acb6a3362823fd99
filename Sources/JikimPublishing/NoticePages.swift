import Foundation
import Ink
import JikimCore
import Mustache

/// The public page of breach notices posted for the people who could not be told individually (PIPA Art. 34;
/// Decree Art. 39): each notice as written, its text escaped, in the page layout the other public pages use.
extension PolicyRenderer {
    public struct PostedNoticeView: Sendable {
        public var incident: String
        public var postedAt: String
        public var subject: String
        public var body: String

        public init(incident: String, postedAt: String, subject: String, body: String) {
            self.incident = incident
            self.postedAt = postedAt
            self.subject = subject
            self.body = body
        }
    }

    public func breachNoticePage(_ notices: [PostedNoticeView], organisation: String, language: Language) throws(Failure) -> String {
        let ko = language == .ko
        let title = ko ? "\(organisation) 개인정보 유출 등에 관한 공지" : "\(organisation): notices of personal information breaches"
        var body = "<h1>\(Self.escapeHTML(title))</h1>\n"
        if notices.isEmpty {
            body += "<p>\(ko ? "게시 중인 공지가 없습니다." : "No notice is posted.")</p>\n"
        }
        for notice in notices {
            body += "<section id=\"\(Self.escapeHTML(notice.incident))\">\n<h2>\(Self.escapeHTML(notice.subject))</h2>\n"
            body += "<p>\(ko ? "게시일" : "Posted"): \(Self.escapeHTML(notice.postedAt)) · \(Self.escapeHTML(notice.incident))</p>\n"
            for paragraph in notice.body.components(separatedBy: "\n\n") {
                body += "<p>" + paragraph.split(separator: "\n", omittingEmptySubsequences: false).map { Self.escapeHTML(String($0)) }.joined(separator: "<br>\n") + "</p>\n"
            }
            body += "</section>\n"
        }
        let page: [String: Any] = ["lang": language.rawValue, "title": title, "body": body]
        guard let html = library.render(page, withTemplate: "page.html") else { throw .missingTemplate("page.html") }
        return html
    }

    /// A document written in Markdown (a breach report) as a page of its own, ready to print or convert to PDF.
    public func htmlPage(markdown: String, title: String, language: Language) throws(Failure) -> String {
        let page: [String: Any] = ["lang": language.rawValue, "title": title, "body": MarkdownParser().html(from: markdown)]
        guard let html = library.render(page, withTemplate: "page.html") else { throw .missingTemplate("page.html") }
        return html
    }

    /// Text for an HTML page or attribute: `&`, `<`, `>` and `"` as entities.
    public static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
