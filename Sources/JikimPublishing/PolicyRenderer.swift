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

/// Text placed in Markdown — the declaration's words and text staff wrote, such as an export's reason or a
/// sign-off's note — is shown as written and nothing more: it may not break a table row, become raw HTML, a link or an
/// image, or turn into emphasis, strike-through or code. The one escaper for every Markdown document Jikim renders
/// (the policy, the review, the destruction ledger), which Ink then turns into HTML. Characters that would act are
/// written as HTML entities, which Markdown shows as the characters themselves (Ink does not honour every backslash
/// escape: a `\_` still opens emphasis); brackets alone stay as they are ("[도구] 메뉴"), since without `](` they
/// make no link.
struct MarkdownContentType: MustacheContentType {
    /// Marks a line break in text that stands as a block of its own (a paragraph, a list item): written as a Markdown
    /// hard line break, indented so that a list item goes on, with the next line's first character escaped as a
    /// text's first is. Any other line break is a table cell's, written `<br>`.
    static let blockBreak = "\u{2028}"

    func escapeText(_ text: String) -> String {
        // Only ASCII characters and the block break act in Markdown, so the text is read as UTF-8 bytes: every other
        // byte is copied as it is (most of a Korean text).
        let bytes = Array(text.utf8)
        var escaped: [UInt8] = []
        escaped.reserveCapacity(bytes.count + 16)
        // The byte before, nil at the start of a line.
        var previous: UInt8?
        // The `.` or `)` of "1. " at the start of a line, which would make the line an ordered list.
        var listMarker: Int?
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x80 {
                // U+2028, the block break: a Markdown hard line break, indented so that a list item goes on.
                if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 {
                    escaped += Array("\\\n  ".utf8)
                    previous = nil
                    index += 3
                    continue
                }
                escaped.append(byte)
                previous = byte
                index += 1
                continue
            }
            if previous == nil, Self.isDigit(byte) {
                var end = index
                while end < bytes.count, Self.isDigit(bytes[end]) { end += 1 }
                if end < bytes.count, bytes[end] == UInt8(ascii: ".") || bytes[end] == UInt8(ascii: ")"),
                   end + 1 == bytes.count || bytes[end + 1] == UInt8(ascii: " ") {
                    listMarker = end
                }
            }
            let replacement: String? = if index == listMarker {
                byte == UInt8(ascii: ".") ? "&#46;" : "&#41;"
            } else {
                switch byte {
                case UInt8(ascii: "|"): "\\|"
                case UInt8(ascii: "<"): "&lt;"
                // An ampersand that would begin an entity ("&lt;" written out) is one; any other stays as it is.
                case UInt8(ascii: "&") where Self.beginsEntity(bytes, after: index): "&amp;"
                case UInt8(ascii: "\n"): "<br>"
                case UInt8(ascii: "*"): "&#42;"
                case UInt8(ascii: "_"): "&#95;"
                case UInt8(ascii: "~"): "&#126;"
                case UInt8(ascii: "`"): "&#96;"
                case UInt8(ascii: "\\"): "&#92;"
                case UInt8(ascii: "(") where previous == UInt8(ascii: "]"): "&#40;"
                // At the start, a character that would make a heading, a list item or a rule of the line.
                case UInt8(ascii: "#") where previous == nil: "&#35;"
                case UInt8(ascii: "-") where previous == nil: "&#45;"
                case UInt8(ascii: "+") where previous == nil: "&#43;"
                case UInt8(ascii: "=") where previous == nil: "&#61;"
                case UInt8(ascii: ">") where previous == nil: "&gt;"
                default: nil
                }
            }
            if let replacement { escaped += Array(replacement.utf8) } else { escaped.append(byte) }
            previous = byte
            index += 1
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    /// Whether the bytes after the `&` at `index` start as an entity's name does: letters or digits (or `#` and digits),
    /// then `;`.
    private static func beginsEntity(_ bytes: [UInt8], after index: Int) -> Bool {
        let rest = bytes[(index + 1)...].prefix(32)
        guard let end = rest.firstIndex(of: UInt8(ascii: ";")), end > rest.startIndex else { return false }
        return rest[..<end].allSatisfy { byte in
            isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || byte == UInt8(ascii: "#")
        }
    }
}
