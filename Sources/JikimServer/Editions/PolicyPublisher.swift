import Foundation
import JikimCore
import JikimPolicyFile
import JikimStore

/// Publishes a new version of the policy into the store, from the console or with `jikim policy publish`: the file
/// is checked with the checker's rules and those of publishing (`PolicyPublishing`), and checked again against the
/// store's versions in the transaction that publishes it. Every server on the store takes it up: the one that
/// published it at once, the others within their `policyCheckInterval`; it is enforced from its effective date.
public struct PolicyPublisher: Sendable {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// `text` read as a policy file (`file` names it in problems) and checked for publishing on `today` after the
    /// versions the store holds. Throws the file's problems, placed in it, when any is an error.
    public func check(_ text: String, file: String, today: CivilDate) async throws -> LoadedPolicy {
        let published = try await PolicyPublication.stored(in: store)
        return try Self.check(text, file: file, after: published.map(\.entry),
                              of: published.first?.policy?.organisation.name, today: today)
    }

    static func check(
        _ text: String, file: String, after published: [PolicyVersion], of organisation: LocalizedText?, today: CivilDate
    ) throws(PolicyFileError) -> LoadedPolicy {
        try PolicyFile.parse(text, file: file) { policy in
            PolicyPublishing.problems(publishing: policy, after: published, of: organisation, today: today)
        }
    }

    /// Publishes `loaded`, checked already (`check`, which also compares its organisation with the published
    /// versions'), by `actor` at `at`; refused with the reasons when the store's versions, read again in the same
    /// transaction, no longer allow it (another administrator published first).
    public func publish(_ loaded: LoadedPolicy, by actor: String, at: Date) async throws(PublishedPolicies.Failure) {
        let version = loaded.policy.version
        let candidate = loaded.policy
        let today = CivilDate(seoul: at)
        try await PublishedPolicies(store: store).publish(
            PublishedPolicy(id: version.id, effective: version.effective?.description, announced: version.announced?.description,
                            source: loaded.source),
            by: actor, at: at
        ) { rows in
            let published = rows.map { PolicyVersion(id: $0.id, effective: $0.effective.flatMap(CivilDate.init(iso:))) }
            return PolicyPublishing.problems(publishing: candidate, after: published, of: nil, today: today)
                .errors.map { "\($0.path): \($0.message) [\($0.rule)]" }
        }
    }
}
