import Crypto
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

/// A verification as `jikim log verify` noted it.
public struct NotedVerification: Sendable, Equatable {
    public var at: Date
    public var entries: UInt64
    public var verifiedUpTo: UInt64
    public var problems: Int
    public var firstBadIndex: UInt64?
    public var intact: Bool { problems == 0 }
}

extension AccessLog {
    /// Notes what a verification found, for the console's dashboard.
    public func note(_ verification: LogVerification, at now: Date) async throws {
        try await store.sql.insert(into: "log_verifications").columns("at", "entries", "verified_up_to", "problems", "first_bad")
            .values(SQLBind(Timestamp.string(now)), SQLBind(Int64(verification.entries)), SQLBind(Int64(verification.verifiedUpTo)),
                    SQLBind(verification.problems.count), SQLBind(verification.firstBadIndex.map(Int64.init)))
            .run()
    }

    /// The latest verification noted, if any.
    public func latestVerification() async throws -> NotedVerification? {
        guard let row = try await store.sql.select().columns("at", "entries", "verified_up_to", "problems", "first_bad")
            .from("log_verifications").orderBy("at", .descending).limit(1).first() else { return nil }
        return NotedVerification(
            at: Timestamp.date(try row.decode(column: "at", as: String.self)) ?? .distantPast,
            entries: UInt64(max(0, try row.decode(column: "entries", as: Int64.self))),
            verifiedUpTo: UInt64(max(0, try row.decode(column: "verified_up_to", as: Int64.self))),
            problems: try row.decode(column: "problems", as: Int.self),
            firstBadIndex: try row.decode(column: "first_bad", as: Int64?.self).map { UInt64(max(0, $0)) })
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
    public func verify(verifier: NoteVerifier, origin: String, witnesses: [String] = [], chunk: Int = 8_192) async throws -> LogVerification {
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
        // Checkpoint sizes in order, so that each leaf costs a comparison, not a look-up.
        let sizes = expected.keys.sorted()
        var nextCheckpoint = 0
        func checkAtCheckpoint() {
            while nextCheckpoint < sizes.count, sizes[nextCheckpoint] < frontier.size { nextCheckpoint += 1 }
            guard nextCheckpoint < sizes.count, sizes[nextCheckpoint] == frontier.size, let root = expected[frontier.size] else { return }
            nextCheckpoint += 1
            if root == frontier.root {
                verifiedUpTo = frontier.size
            } else {
                problems.append(.checkpointMismatch(size: frontier.size, firstUnverified: lastGood))
            }
            lastGood = frontier.size
        }
        func advance(leaf: Hash) {
            frontier.append(leaf)
            checkAtCheckpoint()
        }

        // The work is spread over the machine: chunks are read while earlier ones are checked, and a chunk that is
        // a whole aligned subtree has its entries hashed and its subtree root computed in a task of its own (with
        // what the tree heads of checkpoints inside it need); the results are merged into the tree in order.
        let height = chunk > 0 && chunk & (chunk - 1) == 0 ? chunk.trailingZeroBitCount : -1
        var pending: [(first: Int64, task: Task<ChunkCheck, Never>)] = []
        func merge(_ first: Int64, _ check: ChunkCheck) {
            for position in check.altered { problems.append(.entryAltered(index: UInt64(first) + UInt64(position))) }
            for checkpoint in check.checkpoints {
                // The tree as it was at a checkpoint inside the run: the tree so far and the run's first leaves.
                var prefix = frontier
                for part in checkpoint.parts { prefix.append(subtree: part.hash, height: part.height) }
                let size = prefix.size
                if let root = expected[size] {
                    if root == prefix.root {
                        verifiedUpTo = size
                    } else {
                        problems.append(.checkpointMismatch(size: size, firstUnverified: lastGood))
                    }
                    lastGood = size
                }
            }
            frontier.append(subtree: check.root, height: height)
            checkAtCheckpoint()
        }
        // Runs of `chunk` indexes are read two at a time, ahead of the one being checked.
        let scan = try await store.scanLog()
        var runStart: Int64 = 0
        var reads: [Task<PackedEntries?, any Error>] = []
        for ahead in 0..<3 {
            let first = Int64(ahead * chunk)
            reads.append(Task { try await PackedEntries.read(from: first, count: chunk, in: scan) })
        }
        while let packed = try await reads.removeFirst().value {
            runStart += Int64(chunk)
            let following = runStart + Int64(2 * chunk)
            reads.append(Task { try await PackedEntries.read(from: following, count: chunk, in: scan) })
            guard packed.count > 0 else { continue } // no entry in this run of indexes: any gap is named below
            let start = UInt64(max(0, packed.first))
            // After missing entries the tree has fewer leaves than the index says: then leaf by leaf.
            let wholeSubtree = height >= 0 && packed.first == next && packed.isContiguous && packed.count == chunk
                && start % UInt64(chunk) == 0 && frontier.size + UInt64(pending.count * chunk) == start
            if wholeSubtree {
                let inside = sizes.filter { $0 > start && $0 < start + UInt64(chunk) }.map { Int($0 - start) }
                pending.append((packed.first, Task {
                    let tree = packed.subtreeRoot(prefixes: inside)
                    return ChunkCheck(altered: packed.altered(in: 0..<packed.count), root: tree.root,
                                      checkpoints: zip(inside, tree.prefixes).map { (offset: $0, parts: $1) })
                }))
                next = packed.last + 1
                if pending.count > 2 {
                    let (first, task) = pending.removeFirst()
                    merge(first, await task.value)
                }
                continue
            }
            for (first, task) in pending { merge(first, await task.value) }
            pending = []
            if packed.first == next, packed.isContiguous {
                for position in packed.altered(in: 0..<packed.count) {
                    problems.append(.entryAltered(index: UInt64(packed.first) + UInt64(position)))
                }
                packed.forEachLeaf { advance(leaf: $0) }
                next = packed.last + 1
            } else if packed.last >= next {
                // Indexes are missing or out of place: go row by row to name each.
                for row in try await rowByRow(from: next, to: packed.last) {
                    if row.index != next { problems.append(.entryMissing(index: UInt64(max(0, next)))) }
                    if row.altered { problems.append(.entryAltered(index: UInt64(row.index))) }
                    advance(leaf: Hash(row.leaf) ?? Hash(SHA256.hash(data: row.leaf)))
                    next = row.index + 1
                }
            }
        }
        for (first, task) in pending { merge(first, await task.value) }
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

    /// Entries `from`…`to` one row at a time, with whether each one's bytes still give its leaf hash: where indexes
    /// are missing, to name each.
    private func rowByRow(from start: Int64, to end: Int64) async throws -> [(index: Int64, leaf: Data, altered: Bool)] {
        try await store.sql.select().columns("idx", "entry", "leaf").from("log_entries")
            .where("idx", .greaterThanOrEqual, SQLBind(start)).where("idx", .lessThanOrEqual, SQLBind(end)).orderBy("idx").all()
            .map { row in
                let leaf = try row.decode(column: "leaf", as: Data.self)
                let altered = try row.decode(column: "entry", as: Data?.self).map { TreeHash.leaf($0) != leaf } ?? false
                return (try row.decode(column: "idx", as: Int64.self), leaf, altered)
            }
    }
}

/// What checking one chunk of entries found: the entries whose bytes do not give their leaf hash, by offset, and
/// the root of the subtree their leaf hashes make.
struct ChunkCheck: Sendable {
    var altered: [Int]
    var root: Hash
    /// For each checkpoint inside the run, its offset and the perfect subtrees the run's leaves before it make.
    var checkpoints: [(offset: Int, parts: [(hash: Hash, height: Int)])] = []
}
