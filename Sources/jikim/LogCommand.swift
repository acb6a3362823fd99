import ArgumentParser
import Foundation
import JikimAccessLog
import JikimStore

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "The tamper-evident access log: checkpoints, proofs and verification.",
        subcommands: [Verify.self, Checkpoint.self, Proof.self]
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
            do { store = try await Store.openSQLite(directory: options.data) } catch {
                printError("jikim: \(error)")
                throw ExitCode(2)
            }
            let result = try await AccessLog(store: store).verify(verifier: verifier, origin: verifier.name, witnesses: notes)
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
            let store = try await fail { try await Store.openSQLite(directory: options.data) }
            let checkpoint = try await fail { try await options.checkpointLog(store) }
            try await store.close()
            guard let checkpoint else { throw CommandFailure("no log key in \(options.data): run `jikim init`") }
            print(checkpoint.note, terminator: "")
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
            let store = try await fail { try await Store.openSQLite(directory: options.data) }
            do {
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
                try await store.close()
            } catch {
                try? await store.close()
                if let failure = error as? CommandFailure { printError("jikim: \(failure)"); throw ExitCode.failure }
                throw error
            }
        }
    }
}
