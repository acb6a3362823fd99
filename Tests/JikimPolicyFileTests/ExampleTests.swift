import Foundation
import JikimCore
import JikimPolicyFile
import JikimPublishing
import Testing

/// The five seeds and further published policies as examples: each checks clean, renders in both languages, and every fact of its seed appears.
let examplesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples")

struct Example: Sendable, CustomTestStringConvertible {
    var name: String
    /// The language of the seed, in which its facts must appear.
    var language: Language
    var testDescription: String { name }
    var policyPath: String { examplesDirectory.appendingPathComponent("\(name)/policy.yaml").path }

    func file(_ name: String) throws -> String {
        try String(contentsOf: examplesDirectory.appendingPathComponent("\(self.name)/\(name)"), encoding: .utf8)
    }
}

let examples = [
    Example(name: "atto-internet", language: .en),
    Example(name: "koscom-cloud", language: .ko),
    Example(name: "rsupport", language: .ko),
    Example(name: "ompass", language: .en),
    Example(name: "colabox", language: .ko),
    // Beyond the five seeds: a public institution with registered files and CCTV, a hospital, a shop with a transfer
    // abroad, a service using location information.
    Example(name: "bmc", language: .ko),
    Example(name: "yonseichuk", language: .ko),
    Example(name: "crowdticket", language: .ko),
    Example(name: "lselink", language: .ko),
]

@Test("each example checks clean, with only the warnings its README lists", arguments: examples)
func exampleChecksClean(_ example: Example) throws {
    let loaded = try PolicyFile.load(path: example.policyPath)
    let readme = try example.file("README.md")
    let warnings = try #require(readme.range(of: "## Warnings")).upperBound
    let listed = String(readme[warnings...])
    for diagnostic in loaded.diagnostics {
        #expect(listed.contains(diagnostic.diagnostic.rule), "README.md does not list the warning \(diagnostic)")
    }
}

@Test("each example renders in Korean and English, and every fact of its seed appears", arguments: examples)
func exampleRendersEveryFact(_ example: Example) throws {
    let policy = try PolicyFile.load(path: example.policyPath).policy
    let renderer = try PolicyRenderer()
    for language in Language.allCases {
        for format in DocumentFormat.allCases {
            let text = try renderer.render(policy, language: language, format: format)
            #expect(text.contains(policy.organisation.name.text(in: language)))
            #expect(!text.contains("[\""), "a raw dictionary leaked into the \(language) \(format) render")
        }
    }
    // As a reader of the Markdown sees it: the escaper's table pipes and entities shown as their characters.
    var rendered = try renderer.render(policy, language: example.language, format: .md).replacingOccurrences(of: "\\|", with: "|")
    for (entity, character) in [("&#95;", "_"), ("&#42;", "*"), ("&#126;", "~"), ("&#96;", "`"), ("&#92;", "\\"), ("&#35;", "#"), ("&#45;", "-"),
                                ("&#46;", "."), ("&#41;", ")"), ("&#43;", "+"), ("&#61;", "="), ("&gt;", ">"), ("&amp;", "&")] {
        rendered = rendered.replacingOccurrences(of: entity, with: character)
    }
    let facts = try example.file("facts.txt").split(separator: "\n")
        .map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    #expect(facts.count >= 30)
    // The missing facts alone, not the whole render, so that the failure says what is missing.
    let missing = facts.filter { !rendered.contains($0) }
    #expect(missing.isEmpty, "the \(example.language) render of \(example.name) lacks: \(missing.joined(separator: " / "))")
}

@Test("in the ATTO example the privacy officer's role reviews the access log and SSL operations answers requests; no other role does either")
func attoDutiesByRole() throws {
    let policy = try PolicyFile.load(path: examplesDirectory.appendingPathComponent("atto-internet/policy.yaml").path).policy
    #expect(policy.roles.filter(\.reviewsAccessLog).map(\.id) == ["privacy_officer"])
    #expect(policy.roles.filter(\.handlesRequests).map(\.id) == ["ssl_operations"])
    #expect(policy.role("privacy_officer")?.purposes == [])
}
