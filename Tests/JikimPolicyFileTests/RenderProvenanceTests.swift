import Foundation
import JikimCore
import JikimPolicyFile
import JikimPublishing
import Testing

/// Every string a declaration holds, by reflection: its texts in both languages, each line of them, and its plain
/// strings (phone numbers, addresses, identifiers).
private func declaredStrings(of value: Any) -> Set<String> {
    var found = Set<String>()
    func visit(_ value: Any) {
        if let text = value as? LocalizedText {
            for string in [text.ko, text.en].compactMap({ $0 }) { add(string) }
            return
        }
        if let string = value as? String { add(string); return }
        for child in Mirror(reflecting: value).children { visit(child.value) }
    }
    func add(_ string: String) {
        found.insert(string)
        for line in string.split(separator: "\n") { found.insert(line.trimmingCharacters(in: .whitespaces)) }
    }
    visit(value)
    return found
}

/// The renderer's own words: the literal text of the Korean template and every Korean string literal of the code
/// that renders (the names of legal bases, events, periods, channels, collection methods, statutes in the catalogue).
private func rendererStrings() throws -> Set<String> {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var found = Set<String>()
    let template = try String(contentsOf: root.appendingPathComponent("Sources/JikimPublishing/Templates/policy.ko.md.mustache"),
                              encoding: .utf8)
    for piece in template.split(separator: /\{\{[^}]*\}\}/) {
        for line in piece.split(separator: "\n") {
            for cell in line.split(separator: "|") { found.insert(cell.trimmingCharacters(in: .whitespaces)) }
        }
    }
    for directory in ["Sources/JikimPublishing", "Sources/JikimCore"] {
        let base = root.appendingPathComponent(directory)
        let files = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        for file in files {
            let source = try String(contentsOf: base.appendingPathComponent(file), encoding: .utf8)
            for literal in source.matches(of: /"((?:[^"\\\n]|\\.)*)"/) {
                for piece in String(literal.1).split(separator: /\\\([^)]*\)+/) where piece.contains(where: { ("가"..."힣").contains($0) }) {
                    found.insert(String(piece).trimmingCharacters(in: .whitespaces))
                }
            }
        }
    }
    return found
}

/// The Korean render as a reader sees it: the escaper's entities and line breaks shown as what they stand for.
private func readable(_ markdown: String) -> String {
    var text = markdown.replacingOccurrences(of: "\\|", with: "|").replacingOccurrences(of: "\\\n  ", with: "\n")
    for (entity, character) in [("&#95;", "_"), ("&#42;", "*"), ("&#126;", "~"), ("&#96;", "`"), ("&#92;", "\\"), ("&#35;", "#"),
                                ("&#45;", "-"), ("&#46;", "."), ("&#41;", ")"), ("&#43;", "+"), ("&#61;", "="), ("&#40;", "("), ("&gt;", ">"), ("&lt;", "<"), ("&amp;", "&")] {
        text = text.replacingOccurrences(of: entity, with: character)
    }
    return text.replacingOccurrences(of: "<br>", with: "\n")
}

/// Particles the renderer attaches to a declared name ("회사는", "의원이"), and the units of dates and periods.
private let grammar: Set<String> = ["은", "는", "이", "가", "을", "를", "과", "와", "의", "년", "월", "일", "개월", "주", "시"]

/// The words of `markdown` that are neither the policy's, the template's nor the renderer's vocabulary.
private func unknownWords(in markdown: String, of policy: Policy, known renderer: Set<String>) -> [String] {
    var rest = readable(markdown)
    let known = declaredStrings(of: policy).union(renderer)
    for string in known.filter({ $0.count >= 2 }).sorted(by: { $0.count > $1.count }) {
        rest = rest.replacingOccurrences(of: string, with: " ")
    }
    // A word of one letter is known when the declaration or the renderer has it as a whole string ("성", " 및 ", "N대").
    let single = Set(known.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count == 1 })
    return rest.split { !$0.isLetter }.map(String.init).filter { !grammar.contains($0) && !single.contains($0) }
}

@Test("every word of an example's Korean render is its declaration's, the template's (each sentence listed with its source), or the renderer's named vocabulary",
      arguments: examples)
func everyRenderedWordHasAnOrigin(_ example: Example) throws {
    let policy = try PolicyFile.load(path: example.policyPath).policy
    let renderer = try rendererStrings()
    let markdown = try PolicyRenderer().render(policy, language: .ko, format: .md)
    let words = unknownWords(in: markdown, of: policy, known: renderer)
    #expect(words.isEmpty, "\(example.name): words of no known origin in the Korean render: \(Set(words).sorted().prefix(40))")
    // The check can fail: a sentence nobody declared is found.
    #expect(unknownWords(in: markdown + "\n\n회사는 정보주체의 권익을 최우선으로 생각합니다.\n", of: policy, known: renderer).contains("최우선으로"))
}
