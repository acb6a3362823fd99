import JikimCore
import JikimPolicyFile
import JikimPublishing
import JikimStore

/// Every published version of the privacy policy, rendered once at start in both languages.
///
/// The store keeps the text of every version ever published, so an earlier version stays available as it was even
/// after the policy file or its history changes; the policy file adds its versions to the store at start.
struct PolicyPublication: Sendable {
    let currentVersion: String
    /// Newest first: every version the store or the policy file's history knows.
    let versions: [PolicyVersion]
    private let pages: [String: [Language: String]]

    /// Publishes the archive's versions into the store, then renders everything the store holds.
    static func publish(_ archive: PolicyArchive, in store: Store, renderer: PolicyRenderer) async throws -> PolicyPublication {
        let published = PublishedPolicies(store: store)
        // One data directory holds one organisation's policy history.
        let organisation = archive.current.policy.organisation.name
        for stored in try await published.all() {
            let other = try PolicyFile.parse(stored.source, file: "published version \(stored.id)").policy.organisation.name
            guard other == organisation else {
                throw StartupError(description: "the data directory \(store.location) holds the privacy policy of \(other.text(in: .en)), not of \(organisation.text(in: .en)); give this policy a data directory of its own (--data)")
            }
        }
        try await published.publish(archive.versions.compactMap { version in
            version.source.map {
                PublishedPolicy(id: version.entry.id, effective: version.entry.effective?.description,
                                announced: version.entry.announced?.description, source: $0)
            }
        })
        var versions: [PolicyArchive.Version] = []
        for stored in try await published.all() {
            let policy = try PolicyFile.parse(stored.source, file: "published version \(stored.id)").policy
            versions.append(PolicyArchive.Version(entry: policy.version, policy: policy, source: stored.source))
        }
        let known = Set(versions.map(\.entry.id))
        versions += archive.versions.filter { !known.contains($0.entry.id) }
        return try PolicyPublication(current: archive.current.policy.version.id, versions: versions, renderer: renderer)
    }

    init(current: String, versions: [PolicyArchive.Version], renderer: PolicyRenderer) throws {
        let ordered = versions.sorted { ($0.entry.effective?.dayNumber ?? .min, $0.entry.id) > ($1.entry.effective?.dayNumber ?? .min, $1.entry.id) }
        currentVersion = current
        self.versions = ordered.map(\.entry)
        var pages: [String: [Language: String]] = [:]
        for (index, version) in ordered.enumerated() {
            guard let policy = version.policy else { continue }
            let previous = ordered[(index + 1)...].first { $0.policy != nil }?.policy
            let changes = previous.map { PolicyDiff.changes(from: $0, to: policy) } ?? []
            var html: [Language: String] = [:]
            for language in Language.allCases {
                html[language] = try renderer.render(
                    policy, language: language, format: .html, changes: changes, navigation: Self.navigation(language)
                )
            }
            pages[version.entry.id] = html
        }
        self.pages = pages
    }

    private static func navigation(_ language: Language) -> [(label: String, href: String)] {
        switch language {
        case .ko: [("현재 처리방침", "/privacy?lang=ko"), ("이전 버전", "/privacy/versions?lang=ko"), ("English", "/privacy?lang=en")]
        case .en: [("Current policy", "/privacy?lang=en"), ("Earlier versions", "/privacy/versions?lang=en"), ("한국어", "/privacy?lang=ko")]
        }
    }

    func page(version: String, language: Language) -> String? {
        pages[version]?[language]
    }

    func hasPage(_ version: String) -> Bool { pages[version] != nil }
}
