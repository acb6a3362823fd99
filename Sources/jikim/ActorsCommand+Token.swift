import ArgumentParser
import JikimVault

extension ActorsCommand {
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a service token for an actor (shown once), or revoke one with --revoke ID.",
            discussion: "A service calls Jikim's API with `Authorization: Bearer <token>`; only a hash of the token is kept.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The actor the token authenticates.") var id: String?
        @Option(help: "Revoke the token with this ID (the part after `jk_`).") var revoke: String?
        @Option(help: "Who makes the change.") var by: String = "cli"

        func run() async throws {
            try await options.withVault { vault in
                if let revoke {
                    try await fail { try await vault.revokeToken(revoke, by: by) }
                    print("token \(revoke) revoked; a running jikim serve stops taking it within a second")
                } else {
                    guard let id else { throw ValidationError("name the actor, or give --revoke ID") }
                    print(try await fail { try await vault.issueToken(for: id, by: by) })
                }
            }
        }
    }
}
