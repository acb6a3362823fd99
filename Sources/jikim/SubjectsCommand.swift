import ArgumentParser
import Foundation
import JikimCore
import JikimVault

struct SubjectsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subjects",
        abstract: "People's personal information in the vault.",
        subcommands: [Import.self, Show.self, Export.self, Consent.self, Suspend.self, Event.self, Hold.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import people from JSON Lines or CSV, each checked and stored whole or not at all.",
            discussion: "Exit status 0 when every person was imported, 1 when any line was rejected (each is listed with its line number and reason)."
        )
        @OptionGroup var options: StoreOptions
        @Argument(help: "The file: .jsonl (one JSON object a line) or .csv (header row: id, category, consents, then items).") var file: String
        @Option(help: "The purpose the information is collected for.") var purpose: String
        @Option(help: "The actor importing; a role of theirs must grant the purpose.") var actor: String
        @Option(help: "People written per transaction.") var batchSize = 500

        func validate() throws {
            guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        }

        func run() async throws {
            let csv = file.lowercased().hasSuffix(".csv")
            var imported = 0
            var rejected: [(line: Int, reason: String)] = []
            let progress = Progress(total: try countLines(csv: csv))
            var people: [(line: Int, subject: NewSubject)] = []
            try await SubjectFile.read(path: file, csv: csv) { entry in
                switch entry {
                case .subject(let line, let subject): people.append((line, subject))
                case .rejected(let line, let reason): rejected.append((line, reason))
                }
            }
            progress.advance(done: rejected.count, detail: "imported 0, rejected \(rejected.count)")
            let batches = people.chunked(into: batchSize)
            try await options.withVault { vault in
                let requester = Requester(actor: actor, purpose: purpose, source: localSource)
                try await fail {
                    try await vault.create(batches: batches.map { $0.map(\.subject) }, by: requester) { index, results in
                        for ((line, _), result) in zip(batches[index], results) {
                            switch result {
                            case .success: imported += 1
                            case .failure(let error): rejected.append((line, error.description))
                            }
                        }
                        progress.advance(done: imported + rejected.count, detail: "imported \(imported), rejected \(rejected.count)")
                    }
                }
            }
            rejected.sort { $0.line < $1.line }
            progress.finish()
            for rejection in rejected { print("\(file):\(rejection.line): rejected: \(rejection.reason)") }
            print("imported \(imported), rejected \(rejected.count)")
            if !rejected.isEmpty { throw ExitCode.failure }
        }

        private func countLines(csv: Bool) throws -> Int {
            guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("cannot read \(file)") }
            let lines = data.split(separator: UInt8(ascii: "\n")).count
            return csv ? max(lines - 1, 0) : lines
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a person's items for a purpose (the access is recorded).",
            discussion: "With --separated, the purpose is the retention rule that keeps the items in separate storage.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The person's external ID.") var id: String
        @Option(help: "The purpose of reading (with --separated, the retention rule).") var purpose: String
        @Option(help: "Who reads.") var actor: String
        @Option(help: "The items, comma-separated; all of the purpose's readable items when absent.") var items: String?
        @Flag(help: "Read separately stored items, for the retention rule that keeps them.") var separated = false

        func run() async throws {
            try await options.withVault { vault in
                let requester = Requester(actor: actor, purpose: purpose, source: localSource)
                let wanted: [Identifier]
                if separated {
                    guard let rule = vault.policy.retention.first(where: { RetentionClass.name(of: $0, in: vault.policy) == purpose || $0.purpose == purpose })
                    else { throw CommandFailure("'\(purpose)' is not a retention rule of the policy") }
                    wanted = items.map { $0.split(separator: ",").map(String.init) } ?? rule.items.filter { vault.policy.item($0)?.protection != .oneWay }
                } else {
                    wanted = try wantedItems(items, purpose: purpose, in: vault.policy)
                }
                let values = try await fail {
                    separated
                        ? try await vault.readSeparated(externalID: id, items: wanted, by: requester)
                        : try await vault.read(externalID: id, items: wanted, by: requester)
                }
                for item in wanted {
                    let name = vault.policy.item(item)?.name.text(in: .en) ?? item
                    print("\(name) (\(item)): \(values[item] ?? "—")")
                }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export a person's items for a purpose as JSON, stating the reason (recorded for the monthly review).")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The person's external ID.") var id: String
        @Option(help: "The purpose of the export.") var purpose: String
        @Option(help: "Who exports.") var actor: String
        @Option(help: "Why, without personal information: it is logged as written.") var reason: String
        @Option(help: "The items, comma-separated; all of the purpose's readable items when absent.") var items: String?

        func run() async throws {
            try await options.withVault { vault in
                let wanted = try wantedItems(items, purpose: purpose, in: vault.policy)
                let values = try await fail {
                    try await vault.export(externalID: id, items: wanted,
                                           by: Requester(actor: actor, purpose: purpose, source: localSource, reason: reason))
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(values), as: UTF8.self))
            }
        }
    }
}

/// The items named on the command line (comma-separated), or else all of the purpose's readable items.
func wantedItems(_ items: String?, purpose: Identifier, in policy: Policy) throws -> [Identifier] {
    guard let declared = policy.purpose(purpose) else { throw CommandFailure("purpose '\(purpose)' is not declared in the policy") }
    return items.map { $0.split(separator: ",").map(String.init) } ?? declared.items.filter { policy.item($0)?.protection != .oneWay }
}

/// Where a command-line operation comes from, for access records: this machine and the user running it.
let localSource = "local:\(ProcessInfo.processInfo.userName)@\(ProcessInfo.processInfo.hostName)"

/// A progress bar on standard error, when it is a terminal; quiet otherwise.
final class Progress {
    let total: Int
    private var shown = 0
    private let terminal = isatty(STDERR_FILENO) != 0
    private var last = Date.distantPast

    init(total: Int) { self.total = total }

    func advance(done: Int, detail: String) {
        shown = done
        guard terminal, Date().timeIntervalSince(last) > 0.1 || shown == total else { return }
        last = Date()
        let width = 30
        let done = total > 0 ? min(width, shown * width / total) : width
        let bar = String(repeating: "█", count: done) + String(repeating: "░", count: width - done)
        FileHandle.standardError.write(Data("\r\(bar) \(shown)/\(total)  \(detail)".utf8))
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
