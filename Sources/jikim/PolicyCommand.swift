import ArgumentParser
import Foundation
import JikimCore
import JikimPolicyFile

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Check, render, compare and publish policy files.",
        subcommands: [Check.self, Render.self, Diff.self, Publish.self]
    )
}

/// Exit codes of the policy commands: 0 valid, 1 invalid, 2 unreadable.
enum PolicyExit {
    static let invalid = ExitCode(1)
    static let unreadable = ExitCode(2)
}

/// Loads a policy file, printing what is wrong with it to standard error and exiting as `policy check` does.
func loadPolicyFile(_ path: String, printWarnings: Bool = false) throws -> LoadedPolicy {
    do {
        let loaded = try PolicyFile.load(path: path)
        if printWarnings {
            for diagnostic in loaded.diagnostics { printError(diagnostic.description) }
        }
        return loaded
    } catch {
        printError(error.description)
        switch error {
        case .unreadable: throw PolicyExit.unreadable
        case .invalid: throw PolicyExit.invalid
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension PolicyCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a policy file against the format and the rules of PIPA.",
            discussion: "Exit status: 0 valid (warnings allowed), 1 invalid, 2 unreadable (missing file, not YAML)."
        )

        @Argument(help: "The policy file (YAML).")
        var file: String

        func run() throws {
            let report = CheckReport(path: file)
            for line in report.lines { print(line) }
            if report.exitCode != 0 { throw ExitCode(report.exitCode) }
        }
    }
}
