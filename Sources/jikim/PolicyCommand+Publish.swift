import ArgumentParser
import Foundation
import JikimCore
import JikimPolicyFile
import JikimServer
import JikimStore
import JikimVault

extension PolicyCommand {
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish a new version of the policy in the data directory, as the console does.",
            discussion: """
                The file is checked with the rules of `policy check` and those of publishing: a version id of its own, \
                taking effect today at the earliest and after every published version, of the same organisation. The \
                public pages announce it at once; running servers take it up within their policy check interval and \
                enforce it from its effective date. A published version never changes. \
                Exit status: 0 published, 1 refused, 2 unreadable.
                """
        )

        @OptionGroup var options: StoreOptions
        @Argument(help: "The new version's policy file (YAML).") var file: String
        @Option(help: "Who publishes: an actor of this Jikim whose roles administer.") var by: String

        func run() async throws {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                printError("\(file): cannot be read as UTF-8 text")
                throw PolicyExit.unreadable
            }
            let now = Date()
            try await options.withVault { vault in
                try await fail { try await vault.requireDuty(.administers, of: by, source: "cli") }
            }
            let store = try await fail { try await options.openStore() }
            do {
                let publisher = PolicyPublisher(store: store)
                let loaded: LoadedPolicy
                do {
                    loaded = try await publisher.check(text, file: file, today: CivilDate(seoul: now))
                } catch let error as PolicyFileError {
                    printError(error.description)
                    if case .unreadable = error { throw PolicyExit.unreadable }
                    throw PolicyExit.invalid
                }
                for diagnostic in loaded.diagnostics { printError(diagnostic.description) }
                do {
                    try await publisher.publish(loaded, by: by, at: now)
                } catch {
                    printError("\(file): not published: \(error.description)")
                    throw PolicyExit.invalid
                }
                try await store.close()
                let version = loaded.policy.version
                print("\(version.id): published by \(by); in force from \(version.effective?.description ?? "now")")
            } catch {
                try? await store.close()
                throw error
            }
        }
    }
}
