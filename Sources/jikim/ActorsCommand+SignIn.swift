import ArgumentParser
import Foundation
import JikimVault

extension ActorsCommand {
    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a staff member's sign-in password, read from standard input (never from the command line).")
        @OptionGroup var options: StoreOptions
        @Argument var id: String
        @Option(help: "Who makes the change.") var by: String = "cli"

        func run() async throws {
            let terminal = isatty(STDIN_FILENO) != 0
            if terminal { FileHandle.standardError.write(Data("password for \(id): ".utf8)) }
            let password = terminal ? String(cString: getpass("")) : (readLine(strippingNewline: true) ?? "")
            try await options.withVault { vault in try await vault.setPassword(password, for: id, by: by) }
            print("\(id): password set")
        }
    }

    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift a lockout after repeated failed sign-ins.")
        @OptionGroup var options: StoreOptions
        @Argument var id: String
        @Option(help: "Who makes the change.") var by: String = "cli"

        func run() async throws {
            try await options.withVault { vault in try await vault.unlock(id, by: by) }
            print("\(id): unlocked")
        }
    }

    struct PasswordLink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "password-link",
            abstract: "Print a one-time link by which a staff member chooses their own password on the console (good once, for 24 hours).")
        @OptionGroup var options: StoreOptions
        @Argument var id: String
        @Option(help: "The console's address as staff reach it.") var base: String = "http://127.0.0.1:8080"
        @Option(help: "Who makes the change.") var by: String = "cli"

        func run() async throws {
            let token = try await options.withVault { vault in try await fail { try await vault.issuePasswordLink(for: id, by: by) } }
            print("\(base.hasSuffix("/") ? String(base.dropLast()) : base)/console/password/\(token)")
        }
    }

    struct ResetSecondFactor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-second-factor",
            abstract: "Remove a staff member's authenticator (a lost phone): they enrol a new one at their next sign-in.")
        @OptionGroup var options: StoreOptions
        @Argument var id: String
        @Option(help: "Who makes the change.") var by: String = "cli"

        func run() async throws {
            try await options.withVault { vault in try await fail { try await vault.resetSecondFactor(id, by: by) } }
            print("\(id): second factor reset")
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable an actor: their sessions, tokens and password stop working at once; their records stay.")
        @OptionGroup var options: StoreOptions
        @Argument var id: String
        @Option(help: "Who makes the change.") var by: String = "cli"

        func run() async throws {
            try await options.withVault { vault in try await fail { try await vault.disable(id, by: by) } }
            print("\(id): disabled")
        }
    }
}
