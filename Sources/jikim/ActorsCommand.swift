import ArgumentParser
import JikimVault

struct ActorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actors",
        abstract: "Staff and service accounts and the roles that grant them purposes; every change is recorded.",
        subcommands: [Add.self, Grant.self, Revoke.self, Show.self, Password.self, PasswordLink.self, Unlock.self, ResetSecondFactor.self,
                      Disable.self, Token.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an actor, with roles.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The actor's ID (a staff account or a service).") var id: String
        @Option(help: "staff or service.") var kind: String = "staff"
        @Option(name: .customLong("role"), help: "A role the policy declares; repeat for more.") var roles: [String] = []
        @Option(help: "Who makes the change.") var by: String = "cli"

        func run() async throws {
            guard let kind = Vault.ActorKind(rawValue: kind) else { throw ValidationError("--kind must be staff or service") }
            try await options.withVault { vault in
                try await fail {
                    try await vault.addActor(id, kind: kind, by: by)
                    for role in roles { try await vault.grant(role, to: id, by: by) }
                }
            }
            print("\(id): \(kind.rawValue)\(roles.isEmpty ? "" : ", roles " + roles.joined(separator: ", "))")
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Grant a role.")
        @OptionGroup var options: StoreOptions
        @Argument var id: String
        @Argument var role: String
        @Option(help: "Who makes the change.") var by: String = "cli"

        func run() async throws {
            try await options.withVault { vault in try await fail { try await vault.grant(role, to: id, by: by) } }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a role.")
        @OptionGroup var options: StoreOptions
        @Argument var id: String
        @Argument var role: String
        @Option(help: "Who makes the change.") var by: String = "cli"

        func run() async throws {
            try await options.withVault { vault in try await fail { try await vault.revoke(role, from: id, by: by) } }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an actor's role history.")
        @OptionGroup var options: StoreOptions
        @Argument var id: String

        func run() async throws {
            let history = try await options.withVault { vault in try await fail { try await vault.roleHistory(of: id) } }
            for change in history { print("\(change.at)  \(change.action)  \(change.role)  by \(change.by)") }
        }
    }
}
