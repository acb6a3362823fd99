import Foundation
import JikimCore
import JikimStore
import SQLKit

/// What `verify` found wrong, each naming where.
public enum LogProblem: Sendable, Hashable, CustomStringConvertible {
    /// The entry's bytes do not hash to its leaf: it was changed after it was logged.
    case entryAltered(index: UInt64)
    /// Indexes jump: the entry at `index` was removed.
    case entryMissing(index: UInt64)
    /// The entries up to `size` do not give the tree head the checkpoint of that size signed: an entry from
    /// `firstUnverified` on was changed, inserted, removed or reordered.
    case checkpointMismatch(size: UInt64, firstUnverified: UInt64)
    /// A stored checkpoint does not verify (forged, altered, or of another log).
    case checkpointInvalid(size: UInt64, reason: String)
    /// The log is shorter than a checkpoint it once had: entries and checkpoints were removed, or an old copy restored.
    case rolledBack(checkpointSize: UInt64, logSize: UInt64)
    /// The stored head does not match the entries.
    case headMismatch(headSize: UInt64, entries: UInt64)

    public var description: String {
        switch self {
        case .entryAltered(let index): "entry \(index) was altered: its bytes no longer give its leaf hash"
        case .entryMissing(let index): "entry \(index) is missing"
        case .checkpointMismatch(let size, let first):
            "the entries do not match the signed checkpoint of size \(size): one from index \(first) on was changed, inserted, removed or reordered"
        case .checkpointInvalid(let size, let reason): "the checkpoint of size \(size) is not valid: \(reason)"
        case .rolledBack(let checkpoint, let log):
            "the log holds \(log) entries but a checkpoint of size \(checkpoint) was signed: it was cut short or an old copy restored"
        case .headMismatch(let head, let entries): "the log's head says \(head) entries but \(entries) are stored"
        }
    }

    /// The first entry index the problem concerns, for ordering and for the report's first bad index.
    public var index: UInt64 {
        switch self {
        case .entryAltered(let index), .entryMissing(let index): index
        case .checkpointMismatch(_, let first): first
        case .checkpointInvalid(let size, _): size
        case .rolledBack(_, let log): log
        case .headMismatch(_, let entries): entries
        }
    }
}

/// The outcome of verifying the log.
public struct LogVerification: Sendable {
    public var entries: UInt64
    public var checkpoints: Int
    /// The largest size a valid checkpoint covers and the entries matched.
    public var verifiedUpTo: UInt64
    public var problems: [LogProblem]
    public var intact: Bool { problems.isEmpty }
    /// The first entry known to be bad: an entry whose own bytes or index give it away, or else the start of the
    /// first stretch of entries a checkpoint does not vouch for.
    public var firstBadIndex: UInt64? {
        let exact = problems.compactMap { problem -> UInt64? in
            switch problem {
            case .entryAltered(let index), .entryMissing(let index): index
            default: nil
            }
        }
        return problems.map { problem in
            if case .checkpointMismatch(let size, let first) = problem, let inside = exact.filter({ $0 >= first && $0 < size }).min() {
                return inside
            }
            return problem.index
        }.min()
    }
}

extension AccessLog {
    /// Recomputes the tree from the stored entries and checks it against every stored checkpoint and, when given,
    /// checkpoints kept elsewhere (`witnesses`, such as the data directory's last checkpoint or a copy the officer
    /// keeps), which is what reveals a log cut short together with its checkpoints.
    public func verify(verifier: NoteVerifier, origin: String, witnesses: [String] = [], chunk: Int = 10_000) async throws -> LogVerification {
        var problems: [LogProblem] = []
        var expected: [UInt64: Data] = [:]
        let stored = try await checkpoints()
        for checkpoint in stored.map(\.note) + witnesses {
            do {
                let parsed = try Checkpoint(note: checkpoint, verifier: verifier, origin: origin)
                if let other = expected[parsed.size], other != parsed.root {
                    problems.append(.checkpointInvalid(size: parsed.size, reason: "two signed checkpoints of this size disagree"))
                }
                expected[parsed.size] = parsed.root
            } catch {
                let size = checkpoint.split(separator: "\n").dropFirst().first.flatMap { UInt64($0) } ?? 0
                problems.append(.checkpointInvalid(size: size, reason: String(describing: error)))
            }
        }

        var frontier = Frontier()
        var lastGood: UInt64 = 0
        var verifiedUpTo: UInt64 = 0
        var next: Int64 = 0
        while true {
            let rows = try await store.sql.select().columns("idx", "entry", "leaf").from("log_entries")
                .where("idx", .greaterThanOrEqual, SQLBind(next)).orderBy("idx").limit(chunk).all()
            if rows.isEmpty { break }
            for row in rows {
                let index = try row.decode(column: "idx", as: Int64.self)
                if index != next { problems.append(.entryMissing(index: UInt64(max(0, next)))) }
                let leaf = try row.decode(column: "leaf", as: Data.self)
                if let bytes = try row.decode(column: "entry", as: Data?.self), TreeHash.leaf(bytes) != leaf {
                    problems.append(.entryAltered(index: UInt64(index)))
                }
                frontier.append(leaf: leaf)
                next = index + 1
                if let root = expected[frontier.size] {
                    if root == frontier.root {
                        verifiedUpTo = frontier.size
                    } else {
                        problems.append(.checkpointMismatch(size: frontier.size, firstUnverified: lastGood))
                    }
                    lastGood = frontier.size
                }
            }
        }
        if let largest = expected.keys.max(), largest > frontier.size {
            problems.append(.rolledBack(checkpointSize: largest, logSize: frontier.size))
        }
        let head = try await store.transaction { sql in try await self.head(in: sql) }
        if head.size != frontier.size || head.root != frontier.root {
            problems.append(.headMismatch(headSize: head.size, entries: frontier.size))
        }
        return LogVerification(entries: frontier.size, checkpoints: stored.count, verifiedUpTo: verifiedUpTo,
                               problems: problems.sorted { $0.index < $1.index })
    }
}
