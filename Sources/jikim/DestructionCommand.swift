import ArgumentParser
import Foundation
import JikimCore
import JikimPublishing
import JikimVault

struct DestructionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destruction",
        abstract: "Destruction batches waiting for the privacy officer, their approval, and the destruction ledger.",
        subcommands: [Batches.self, Approve.self, Reject.self, Ledger.self]
    )

    struct Batches: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the batches of proposed destructions.")
        @OptionGroup var options: StoreOptions

        func run() async throws {
            let batches = try await options.withVault { vault in try await fail { try await vault.destructionBatches() } }
            if batches.isEmpty { print("No destruction has been proposed.") }
            for batch in batches {
                var line = "\(batch.id)  \(batch.state.rawValue)  \(batch.count) proposed  \(Timestamp.string(batch.proposedAt))"
                if let by = batch.decidedBy { line += "  by \(by)" }
                if let reason = batch.reason { line += "  (\(reason))" }
                print(line)
            }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a batch: the next sweep destroys what it proposes.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The batch, as `batches` lists it.") var batch: String
        @Option(help: "The privacy officer approving: an actor of this Jikim.") var by: String

        func run() async throws {
            try await options.withVault { vault in try await fail { try await vault.decide(batch: batch, approve: true, reason: nil, by: by) } }
            print("\(batch): approved by \(by); the next sweep carries it out")
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reject a batch with a reason; what it proposed is proposed again later unless a legal hold is set.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The batch, as `batches` lists it.") var batch: String
        @Option(help: "Why (no personal information).") var reason: String
        @Option(help: "The privacy officer rejecting: an actor of this Jikim.") var by: String

        func run() async throws {
            try await options.withVault { vault in try await fail { try await vault.decide(batch: batch, approve: false, reason: reason, by: by) } }
            print("\(batch): rejected by \(by)")
        }
    }

    struct Ledger: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The destruction ledger (파기 관리대장) as CSV, HTML or Markdown.")
        enum Format: String, ExpressibleByArgument, CaseIterable { case csv, html, md }
        @OptionGroup var options: StoreOptions
        @Option(help: "csv, html or md.") var format: Format = .csv
        @Option(help: "ko or en (HTML and Markdown).") var lang: String = "ko"
        @Option(help: "Only destructions from this Korean date, YYYY-MM-DD.") var from: String?
        @Option(help: "Only destructions before this Korean date, YYYY-MM-DD.") var to: String?
        @Option(help: "Write to this file instead of standard output.") var output: String?

        func run() async throws {
            guard let language = Language(rawValue: lang) else { throw ValidationError("--lang must be ko or en") }
            let start = try from.map { try day($0, "--from").seoulMidnight } ?? .distantPast
            let end = try to.map { try day($0, "--to").seoulMidnight } ?? .distantFuture
            let policy = try options.loadPolicy()
            let ledger = try await options.withVault { vault in try await fail { try await vault.destructionLedger(from: start, to: end) } }
            let text = switch format {
            case .csv: DestructionRecord.csv(ledger)
            case .html, .md:
                try fail {
                    try PolicyRenderer().render(ledger: ledger, organisation: policy.organisation.name.text(in: language), policy: policy,
                                                language: language, format: format == .html ? .html : .md)
                }
            }
            try emit(text, to: output)
        }

        private func day(_ text: String, _ option: String) throws -> CivilDate {
            guard let day = CivilDate(iso: text) else { throw ValidationError("\(option) must be a date, YYYY-MM-DD") }
            return day
        }
    }
}
