import Foundation
import Ink
import JikimCore
import Mustache

/// The formats the privacy policy is rendered in.
public enum DocumentFormat: String, Sendable, CaseIterable {
    case md
    case html
}

/// Renders the privacy policy (개인정보 처리방침) from a policy through Mustache templates.
///
/// The wording lives in one Markdown template per language, `policy.<lang>.md.mustache`; HTML is that Markdown
/// converted and placed in the page layout `page.html.mustache`. An organisation replaces any template by putting
/// a file of the same name in its own template directory.
public struct PolicyRenderer: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case template(file: String, line: Int, column: Int, reason: String)
        case missingTemplate(String)

        public var description: String {
            switch self {
            case .template(let file, let line, let column, let reason): "\(file):\(line):\(column): error: template: \(reason)"
            case .missingTemplate(let name): "no template named \(name).mustache"
            }
        }
    }

    let library: MustacheLibrary

    /// Loads the bundled templates, then those in `templateDirectory`, which replace bundled ones of the same name.
    public init(templateDirectory: String? = nil) throws(Failure) {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
        var library = MustacheLibrary()
        let bundled = Bundle.module.resourceURL?.appendingPathComponent("Templates").path
        for directory in [bundled, templateDirectory].compactMap({ $0 }) {
            try Self.register(templatesIn: directory, into: &library)
        }
        self.library = library
    }

    private static func register(templatesIn directory: String, into library: inout MustacheLibrary) throws(Failure) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for file in names.sorted() where file.hasSuffix(".mustache") {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            do {
                try library.register(text, named: String(file.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                throw .template(file: path, line: error.context.lineNumber, column: error.context.columnNumber,
                                reason: "\(error.error)")
            } catch {
                throw .template(file: path, line: 1, column: 1, reason: "\(error)")
            }
        }
    }

    /// The privacy policy in `language` and `format`; `changes` are those since the previous version, for the
    /// notice of the latest change.
    /// `navigation` links go above the document in HTML.
    public func render(
        _ policy: Policy, language: Language, format: DocumentFormat, changes: [PolicyChange] = [],
        navigation: [(label: String, href: String)] = []
    ) throws(Failure) -> String {
        let name = "policy.\(language.rawValue).md"
        let context = PolicyContext(policy: policy, language: language, changes: changes).build()
        guard let markdown = library.render(context, withTemplate: name) else { throw .missingTemplate(name) }
        switch format {
        case .md:
            return markdown
        case .html:
            var page: [String: Any] = [
                "lang": language.rawValue,
                "title": context["title"] ?? "",
                "body": MarkdownParser().html(from: markdown),
            ]
            if !navigation.isEmpty {
                page["navigation"] = ["links": navigation.map { ["label": $0.label, "href": $0.href] }]
            }
            guard let html = library.render(page, withTemplate: "page.html") else { throw .missingTemplate("page.html") }
            return html
        }
    }
}

/// Text placed in Markdown: nothing in it may break a table row, become raw HTML, or become a link or an image
/// (text staff wrote, such as an export's reason, appears in the review). Brackets alone stay as they are
/// ("[도구] 메뉴"); a `(` right after `]`, which would open a link's address, is written as an entity.
struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        var previous: Character?
        for character in text {
            switch character {
            case "|": escaped += "\\|"
            case "<": escaped += "&lt;"
            case "\n": escaped += "<br>"
            case "(" where previous == "]": escaped += "&#40;"
            default: escaped.append(character)
            }
            previous = character
        }
        return escaped
    }
}
