import ArgumentParser
import Foundation
import JikimAccessLog
import JikimCore
import JikimPublishing
import JikimStore

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "The tamper-evident access log: checkpoints, proofs, verification, export, the monthly review and pruning.",
        subcommands: [Verify.self, Checkpoint.self, Proof.self, Export.self, Review.self, Prune.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the log's tree from its entries and check it against every signed checkpoint.",
            discussion: """
                Also checks the data directory's copy of the latest checkpoint and any --witness files (checkpoints \
                kept elsewhere), which is what reveals a log cut short together with its checkpoints. Exit status: 0 \
                intact, 1 tampered (each problem is listed, with the first bad index), 2 could not verify.
                """
        )
        @OptionGroup var options: StoreOptions
        @Option(name: .customLong("witness"), help: "A checkpoint kept outside the database; repeat for more.") var witnesses: [String] = []
        @Option(help: "The verifier key file; <data>/log-verifier.key when absent.") var verifierKey: String?

        func run() async throws {
            let verifier: NoteVerifier
            do {
                verifier = try LogKeys.verifier(path: verifierKey ?? LogKeys.verifierPath(options.data))
            } catch {
                printError("jikim: \(error)")
                throw ExitCode(2)
            }
            var notes = [LogKeys.witness(directory: options.data)].compactMap { $0 }
            for path in witnesses {
                guard let data = FileManager.default.contents(atPath: path) else {
                    printError("jikim: cannot read the witness \(path)")
                    throw ExitCode(2)
                }
                notes.append(String(decoding: data, as: UTF8.self))
            }
            let store: Store
            do { store = try await options.openStore() } catch {
                throw ExitCode(2)
            }
            let log = AccessLog(store: store)
            let result = try await log.verify(verifier: verifier, origin: verifier.name, witnesses: notes)
            // Noted for the console's dashboard; a note that cannot be written is an error of its own.
            do { try await log.note(result, at: Date()) } catch {
                try? await store.close()
                printError("jikim: the verification could not be noted: \(error)")
                throw ExitCode(2)
            }
            try await store.close()
            print("entries: \(result.entries); checkpoints: \(result.checkpoints) stored, \(notes.count) kept elsewhere; verified up to \(result.verifiedUpTo)")
            guard !result.intact else {
                print("intact")
                return
            }
            for problem in result.problems { print("problem: \(problem)") }
            if let first = result.firstBadIndex { print("first bad index: \(first)") }
            throw ExitCode(1)
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sign the log's head now, and print the checkpoint.")
        @OptionGroup var options: StoreOptions

        func run() async throws {
            let note = try await options.withStore { store in
                guard let checkpoint = try await fail({ try await options.checkpointLog(store) }) else {
                    throw CommandFailure("no log key in \(options.data): run `jikim init`")
                }
                return checkpoint.note
            }
            print(note, terminator: "")
        }
    }

    struct Proof: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an inclusion proof (--index) or a consistency proof (--from), base64 hashes one a line.")
        @OptionGroup var options: StoreOptions
        @Option(help: "The entry whose inclusion to prove.") var index: UInt64?
        @Option(help: "The older tree size whose consistency with --size to prove.") var from: UInt64?
        @Option(help: "The tree size the proof is for; the latest checkpoint's when absent.") var size: UInt64?

        func run() async throws {
            try await options.withStore { store in
                let log = AccessLog(store: store)
                let latest = try await log.latestCheckpoint()?.size
                guard let size = size ?? latest else { throw CommandFailure("the log has no checkpoint yet") }
                let proof: [Data]
                if let index {
                    guard index < size else { throw CommandFailure("entry \(index) is not in a log of \(size) entries") }
                    proof = try await log.inclusionProof(index: index, size: size)
                    print("inclusion of entry \(index) in the log of \(size) entries:")
                } else if let from {
                    guard from <= size else { throw CommandFailure("a log of \(from) entries is not a prefix of one of \(size)") }
                    proof = try await log.consistencyProof(from: from, to: size)
                    print("consistency of the log of \(from) entries with the log of \(size):")
                } else {
                    throw CommandFailure("give --index or --from")
                }
                for hash in proof { print(hash.base64EncodedString()) }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the log as of its latest checkpoint as static files in the C2SP tlog-tiles layout.",
            discussion: """
                DIR gets `checkpoint`, the hash tiles (`tile/<L>/<N>`) and the entry bundles (`tile/entries/<N>`), \
                for anyone to check with existing tlog tools and the verifier key (<data>/log-verifier.key). Bundles \
                holding pruned entries are left out; the hash tiles still prove the tree over them.
                """
        )
        @OptionGroup var options: StoreOptions
        @Argument(help: "A new or empty directory.") var directory: String

        func run() async throws {
            let export = try await options.withStore { store in try await fail { try await AccessLog(store: store).export(to: directory) } }
            print("exported \(export.size) entries to \(directory): \(export.hashTiles) hash tiles, \(export.entryBundles) entry bundles"
                + (export.prunedBundles > 0 ? ", \(export.prunedBundles) bundles left out as pruned" : ""))
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The monthly review of the access records, with the findings the policy's thresholds call for.",
            discussion: """
                Per actor: accesses, purposes, items, exports with their reasons, refusals and source addresses; \
                findings for bulk reads, many different people, access outside working hours and new source \
                addresses (thresholds under access_log.review in the policy). --sign-off records the reviewer's \
                approval of the review as printed, pinned by its SHA-256, as a log entry.
                """
        )
        enum Format: String, ExpressibleByArgument, CaseIterable { case md, html, csv }

        @OptionGroup var options: StoreOptions
        @Option(help: "The month, YYYY-MM (Korean time).") var month: String
        @Option(help: "md, html or csv.") var format: Format = .md
        @Option(help: "ko or en (Markdown and HTML).") var lang: String = "ko"
        @Option(help: "Write to this file instead of standard output.") var output: String?
        @Flag(help: "Sign the review off as --reviewer (the month must be over).") var signOff = false
        @Option(help: "The reviewer signing off: an actor of this Jikim.") var reviewer: String?
        @Option(help: "A note to the sign-off.") var note: String?

        func run() async throws {
            guard let language = Language(rawValue: lang) else { throw ValidationError("--lang must be ko or en") }
            if signOff, reviewer == nil { throw ValidationError("--sign-off needs --reviewer") }
            let policy = try options.loadPolicy()
            let renderer = try fail { try PolicyRenderer() }
            let text = try await options.withStore { store in
                let log = AccessLog(store: store)
                var review = try await fail { try await log.review(month: month, thresholds: policy.effectiveAccessLog.review) }
                let digest = AccessLog.digest(review.csv)
                if signOff, let reviewer {
                    let signed = try await fail { try await log.signOff(month: month, reviewer: reviewer, digest: digest, note: note) }
                    review.signOffs.append(signed)
                    _ = try await fail { try await options.checkpointLog(store) }
                    printError("signed off \(month) as \(reviewer): \(digest)")
                }
                return format == .csv ? review.csv : try fail {
                    try renderer.render(review, organisation: policy.organisation.name.text(in: language), digest: digest,
                                        language: language, format: format == .html ? .html : .md)
                }
            }
            try emit(text, to: output)
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove what log entries say once their retention period (access_log in the policy) is over.",
            discussion: """
                Access records are kept for access_log.keep (1 year, or 2 with unique identifiers or sensitive \
                information, by default), rights changes and review sign-offs for access_log.keep_rights_changes \
                (3 years). Each entry's hash stays, so the log and its checkpoints still verify.
                """
        )
        @OptionGroup var options: StoreOptions
        @Option(help: "Prune as of this date (YYYY-MM-DD, Korean time) instead of today.") var now: String?

        func run() async throws {
            let policy = try options.loadPolicy()
            var instant = Date()
            if let now {
                guard let day = CivilDate(iso: now) else { throw ValidationError("--now must be YYYY-MM-DD") }
                instant = day.seoulMidnight
            }
            let rules = policy.effectiveAccessLog
            let pruned = try await options.withStore { store in
                try await fail { try await AccessLog(store: store).prune(keeping: rules, now: instant) }
            }
            print("pruned \(pruned.accessRecords) access records written before \(CivilDate(seoul: pruned.accessCutoff)) (kept \(rules.keep)) and \(pruned.rightsChanges) rights changes and sign-offs before \(CivilDate(seoul: pruned.rightsCutoff)) (kept \(rules.keepRightsChanges))")
        }
    }
}
