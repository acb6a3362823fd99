import JikimCore
import JikimPolicyFile
import JikimPublishing

/// Every published version of the privacy policy, rendered once at start in both languages.
struct PolicyPublication: Sendable {
    struct Page: Sendable {
        var html: [Language: String]
    }

    let currentVersion: String
    /// Newest first.
    let versions: [PolicyVersion]
    private let pages: [String: Page]

    init(archive: PolicyArchive, renderer: PolicyRenderer) throws {
        currentVersion = archive.current.policy.version.id
        versions = archive.versions.map(\.entry)
        var pages: [String: Page] = [:]
        for version in archive.versions where version.policy != nil {
            let (policy, changes) = try archive.versionWithChanges(version.entry.id)
            var html: [Language: String] = [:]
            for language in Language.allCases {
                html[language] = try renderer.render(
                    policy, language: language, format: .html, changes: changes,
                    navigation: Self.navigation(language)
                )
            }
            pages[version.entry.id] = Page(html: html)
        }
        self.pages = pages
    }

    private static func navigation(_ language: Language) -> [(label: String, href: String)] {
        switch language {
        case .ko: [("현재 처리방침", "/privacy"), ("이전 버전", "/privacy/versions?lang=ko"), ("English", "/privacy?lang=en")]
        case .en: [("Current policy", "/privacy?lang=en"), ("Earlier versions", "/privacy/versions?lang=en"), ("한국어", "/privacy?lang=ko")]
        }
    }

    func page(version: String, language: Language) -> String? {
        pages[version]?.html[language]
    }

    func hasPage(_ version: String) -> Bool { pages[version] != nil }
}
