import Foundation
import Testing

/// The policy templates' own sentences, each line with the text outside its tags and its `{{! source: … }}`.
private func templateSentences(_ language: String) throws -> [(line: Int, text: String, longest: String, source: String?)] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let template = try String(contentsOf: root.appendingPathComponent("Sources/JikimPublishing/Templates/policy.\(language).md.mustache"),
                              encoding: .utf8)
    return template.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
        let text = line.replacing(/\{\{[^}]*\}\}/, with: "").trimmingCharacters(in: .whitespaces)
        // Headings, tables, lists of declared values and bold labels are not sentences of the renderer's own.
        guard !text.isEmpty, !line.hasPrefix("#"), !line.hasPrefix("|"), !line.hasPrefix("- "), !line.hasPrefix("  - "),
              !line.hasPrefix("**"), !line.hasPrefix("{{%"), text.contains(where: \.isLetter)
        else { return nil }
        let source = line.firstMatch(of: /\{\{! source: (.+?) \}\}/).map { String($0.1) }
        // The longest stretch of the line's own words between tags: the docs show it as written.
        let longest = line.split(separator: /\{\{[^}]*\}\}/).map { $0.trimmingCharacters(in: .whitespaces) }.max { $0.count < $1.count } ?? text
        return (index + 1, text, longest, source)
    }
}

@Test("every sentence the renderer adds on its own names its source, in both languages, and the Korean ones are listed in the docs",
      arguments: ["ko", "en"])
func renderedSentencesHaveSources(language: String) throws {
    let sentences = try templateSentences(language)
    #expect(sentences.count >= 40)
    for sentence in sentences {
        #expect(sentence.source?.isEmpty == false, "policy.\(language).md.mustache:\(sentence.line) has no source: \(sentence.text)")
    }
    guard language == "ko" else { return }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let docs = try String(contentsOf: root.appendingPathComponent("docs/rendered-sentences.md"), encoding: .utf8)
    let rows = docs.split(separator: "\n").filter { $0.hasPrefix("| ") }
    for sentence in sentences {
        guard let source = sentence.source else { continue }
        // The sentence's own words (its first letters outside any tag) and its source, on one row of the table.
        let words = String(sentence.longest.filter { !$0.isWhitespace }.prefix(12))
        #expect(rows.contains { $0.filter { !$0.isWhitespace }.contains(words) && $0.contains(source) },
                "docs/rendered-sentences.md lists no row for policy.ko.md.mustache:\(sentence.line) (\(source)): \(sentence.text)")
    }
}
