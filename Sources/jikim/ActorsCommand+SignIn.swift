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
}
