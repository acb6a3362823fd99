import Foundation
import JikimCore

/// The current policy and its earlier versions, as the policy file's `history` names them.
public struct PolicyArchive: Sendable {
    /// One version: its history entry, and the policy itself when an archived file of it exists.
    public struct Version: Sendable {
        public var entry: PolicyVersion
        public var policy: Policy?
        /// The policy file's text, when there is a file.
        public var source: String?

        public init(entry: PolicyVersion, policy: Policy?, source: String?) {
            self.entry = entry
            self.policy = policy
            self.source = source
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case file(PolicyFileError)
        case unknownVersion(String, known: [String])

        public var description: String {
            switch self {
            case .file(let error): error.description
            case .unknownVersion(let id, let known): "no version '\(id)'; known versions: \(known.joined(separator: ", "))"
            }
        }
    }

    public var current: LoadedPolicy
    /// Newest first: the current version, then the history in the order the file gives it.
    public var versions: [Version]

    /// Reads the current policy file and every archived file its history names (relative to it).
    public init(currentFile: String) throws(Failure) {
        do {
            current = try PolicyFile.load(path: currentFile)
        } catch {
            throw .file(error)
        }
        let directory = (currentFile as NSString).deletingLastPathComponent
        var versions = [Version(entry: current.policy.version, policy: current.policy, source: current.source)]
        for entry in current.policy.history {
            var loaded: LoadedPolicy?
            if let file = entry.file {
                do {
                    loaded = try PolicyFile.load(path: (directory as NSString).appendingPathComponent(file))
                } catch {
                    throw .file(error)
                }
            }
            versions.append(Version(entry: entry, policy: loaded?.policy, source: loaded?.source))
        }
        self.versions = versions.sorted { ($0.entry.effective?.dayNumber ?? .min) > ($1.entry.effective?.dayNumber ?? .min) }
    }

    /// The version with `id` (the current one when nil), and what changed since the version before it, when
    /// both have a policy file.
    public func versionWithChanges(_ id: String?) throws(Failure) -> (policy: Policy, changes: [PolicyChange]) {
        let index: Int
        if let id {
            guard let found = versions.firstIndex(where: { $0.entry.id == id }), versions[found].policy != nil else {
                throw .unknownVersion(id, known: versions.filter { $0.policy != nil }.map(\.entry.id))
            }
            index = found
        } else {
            index = 0
        }
        guard let policy = versions[index].policy else { throw .unknownVersion(id ?? "", known: []) }
        return (policy, changes(before: index, to: policy))
    }

    private func changes(before index: Int, to policy: Policy) -> [PolicyChange] {
        guard let previous = versions[(index + 1)...].first(where: { $0.policy != nil })?.policy else { return [] }
        return PolicyDiff.changes(from: previous, to: policy)
    }

    /// The version before `id` that has a policy file, if any.
    public func previous(of id: String) -> Version? {
        guard let index = versions.firstIndex(where: { $0.entry.id == id }) else { return nil }
        return versions[(index + 1)...].first { $0.policy != nil }
    }
}
