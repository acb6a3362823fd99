import JikimCore
import JikimPolicyFile
import JikimPublishing
import JikimStore

/// Every published version of the privacy policy, rendered in both languages: the version in force, the one that
/// takes effect next, and the earlier ones.
///
/// The store is the authority: it keeps the text of every version ever published, whether `jikim serve` published
/// it from its policy file, or an administrator in the console or with `jikim policy publish`; an earlier version
/// stays available as it was, and the version in force is the one that took effect last.
struct PolicyPublication: Sendable {
    let currentVersion: String
    /// The policy the version in force declares: what the vault enforces.
    let policy: Policy
    /// The published version that takes effect next, announced on the public pages until it does.
    let nextVersion: PolicyVersion?
    /// Newest first: every version the store or the published versions' history knows.
    let versions: [PolicyVersion]
    /// How many versions the store held when this was read; it only grows.
    let published: Int
    /// No published version has taken effect yet: the first to take effect is enforced until one has.
    let notYetInForce: Bool
    private let pages: [String: [Language: String]]

    /// Publishes into the store the versions of the policy file and its history's files not published yet; refuses
    /// all of them when the data directory holds another organisation's policy or a published version would change.
    static func publish(_ archive: PolicyArchive, in store: Store) async throws {
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
    }

    /// The published versions, parsed; nil when nothing is published.
    static func stored(in store: Store) async throws -> [PolicyArchive.Version] {
        try await PublishedPolicies(store: store).all().map { stored in
            let policy = try PolicyFile.parse(stored.source, file: "published version \(stored.id)").policy
            return PolicyArchive.Version(entry: policy.version, policy: policy, source: stored.source)
        }
    }

    /// The version in force on `today` among `versions` that have a policy; when none has taken effect yet, the one
    /// that takes effect first, since a server must enforce some version (`early` says so).
    static func inForce(_ versions: [PolicyArchive.Version], on today: CivilDate) -> (version: PolicyArchive.Version, early: Bool)? {
        let declared = versions.filter { $0.policy != nil }
        if let found = PolicyPublishing.inForce(declared.map(\.entry), on: today), let version = declared.first(where: { $0.entry.id == found.id }) {
            return (version, false)
        }
        return declared.min { PolicyPublishing.order($0.entry, $1.entry) }.map { ($0, true) }
    }

    /// Renders everything the store holds, with the version in force on `today` as the current one.
    static func load(from store: Store, today: CivilDate, renderer: PolicyRenderer) async throws -> PolicyPublication {
        let count = try await PublishedPolicies(store: store).count()
        var versions = try await stored(in: store)
        guard let (inForce, early) = inForce(versions, on: today), let policy = inForce.policy else {
            throw StartupError(description: "no version of the privacy policy is published in \(store.location)")
        }
        // Earlier versions the published ones name in their history without a file of them (a link to where they
        // were published, say) are listed too.
        var known = Set(versions.map(\.entry.id))
        for entry in versions.compactMap(\.policy).flatMap(\.history) where known.insert(entry.id).inserted {
            versions.append(PolicyArchive.Version(entry: entry, policy: nil, source: nil))
        }
        return try PolicyPublication(current: policy, versions: versions, today: today, published: count, early: early, renderer: renderer)
    }

    init(
        current: Policy, versions: [PolicyArchive.Version], today: CivilDate, published: Int, early: Bool = false, renderer: PolicyRenderer
    ) throws {
        notYetInForce = early
        let ordered = versions.sorted { PolicyPublishing.order($1.entry, $0.entry) }
        currentVersion = current.version.id
        policy = current
        self.published = published
        self.versions = ordered.map(\.entry)
        // The version in force may not have taken effect yet (none has): the next is one after it.
        nextVersion = PolicyPublishing.next(ordered.filter { $0.policy != nil && $0.entry.id != current.version.id }.map(\.entry),
                                            after: max(today, current.version.effective ?? today))
        var pages: [String: [Language: String]] = [:]
        for (index, version) in ordered.enumerated() {
            guard let policy = version.policy else { continue }
            let previous = ordered[(index + 1)...].first { $0.policy != nil }?.policy
            let changes = previous.map { PolicyDiff.changes(from: $0, to: policy) } ?? []
            var html: [Language: String] = [:]
            for language in Language.allCases {
                html[language] = try renderer.render(
                    policy, language: language, format: .html, changes: changes, navigation: Self.navigation(language, next: nextVersion)
                )
            }
            pages[version.entry.id] = html
        }
        self.pages = pages
    }

    /// The links above every version: with a version published to take effect later, a link to it, so that the
    /// change is announced where the policy is read (PIPA Art. 30(2); Decree Art. 31(2)).
    private static func navigation(_ language: Language, next: PolicyVersion?) -> [(label: String, href: String)] {
        let coming = next.map { version -> (label: String, href: String) in
            let day = version.effective?.text(in: language) ?? ""
            let label = language == .ko ? "개정 예정 처리방침 (\(day) 시행)" : "The coming version (in force from \(day))"
            return (label, "/privacy/versions/\(version.id)?lang=\(language.rawValue)")
        }
        return switch language {
        case .ko: [("현재 처리방침", "/privacy?lang=ko")] + (coming.map { [$0] } ?? []) + [("이전 버전", "/privacy/versions?lang=ko"), ("English", "/privacy?lang=en")]
        case .en: [("Current policy", "/privacy?lang=en")] + (coming.map { [$0] } ?? []) + [("Earlier versions", "/privacy/versions?lang=en"), ("한국어", "/privacy?lang=ko")]
        }
    }

    /// Whether `version` takes effect after the version in force.
    func isComing(_ version: PolicyVersion) -> Bool {
        guard let current = versions.first(where: { $0.id == currentVersion }) else { return false }
        return PolicyPublishing.order(current, version)
    }

    func page(version: String, language: Language) -> String? {
        pages[version]?[language]
    }

    func hasPage(_ version: String) -> Bool { pages[version] != nil }
}

/// The policy `store` says is in force on `day` (the first to take effect when none has yet); nil when nothing is
/// published there. The commands that work on the vault enforce this one, as the server does.
public func policyInForce(in store: Store, on day: CivilDate) async throws -> Policy? {
    PolicyPublication.inForce(try await PolicyPublication.stored(in: store), on: day)?.version.policy
}
