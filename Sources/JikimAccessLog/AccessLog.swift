import Foundation
import JikimCore
import JikimStore
import JikimVault
import SQLKit

/// The tamper-evident access log: every access record and every change of staff rights is a leaf of an
/// append-only Merkle tree (RFC 6962), appended in the same transaction as the operation it records. The log's
/// head — its size and the roots of its perfect subtrees — is one row, updated with each append, so appends cost
/// the same however long the log grows; every complete subtree of 256, 65,536, … leaves is stored for proofs.
public struct AccessLog: AccessRecorder {
    /// Where the log lives: its entries are read outside transactions through it.
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Records accesses in the caller's transaction. Inside `Store.transaction` they are staged for the commit the
    /// transaction shares with others, which appends every staged entry in one go (group commit): one durable
    /// append for many operations, and none acknowledged before its record is durable.
    public func record(_ records: [AccessRecord], in sql: any SQLDatabase) async throws {
        try await record(records.map(LogEntry.access), in: sql)
    }

    public func record(_ changes: [RightsChange], in sql: any SQLDatabase) async throws {
        try await record(changes.map(LogEntry.rights), in: sql)
    }

    public func record(_ destructions: [DestructionRecord], in sql: any SQLDatabase) async throws {
        try await record(destructions.map(LogEntry.destruction), in: sql)
    }

    private func record(_ entries: [LogEntry], in sql: any SQLDatabase) async throws {
        guard !entries.isEmpty else { return }
        let staged = store.stage(entries, key: "access log") { [self] rows, sql, commit in
            try await write(rows.compactMap { $0 as? LogEntry }, in: sql, for: commit)
        }
        if !staged { try await write(entries, in: sql) }
    }

    /// Writes a group's entries for its commit. Where the log has a file of its own (`Store.keepsLogApart`), a
    /// commit of entries alone — reads' records — writes the log's file alone; a commit that also changes people's
    /// data puts its entries in the outbox in the people's file, committed with that data in one file, and the log
    /// takes them in right after it.
    private func write(_ entries: [LogEntry], in sql: any SQLDatabase, for commit: StagedCommit) async throws {
        guard store.keepsLogApart else { return try await write(entries, in: sql) }
        if commit.holdsOnlyStagedRows {
            // Whatever an earlier commit left in the outbox comes first.
            try await takeInOutbox(in: sql)
            try await write(entries, in: sql)
        } else {
            // Entries the log has taken in (as of its last commit: this transaction writes nothing of the log) go.
            try await sql.delete(from: "log_outbox").where("seq", .lessThanOrEqual, SQLRaw("(SELECT moved FROM log_head WHERE id = 1)")).run()
            try await sql.insertRows(into: "log_outbox", columns: ["entry"], rows: entries.map { [.blob($0.encoded())] })
            commit.afterwards { [self] sql in try await takeInOutbox(in: sql) }
        }
    }

    /// Appends to the log, in order, the outbox's entries it has not taken in, and notes the last one, in the
    /// caller's transaction (one that writes the log's file alone). Doing it twice appends nothing twice.
    func takeInOutbox(in sql: any SQLDatabase) async throws {
        let rows = try await sql.statement(SQLStatement(
            "SELECT seq, entry FROM log_outbox WHERE seq > (SELECT moved FROM log_head WHERE id = 1) ORDER BY seq", []
        )).all()
        guard let last = rows.last else { return }
        let entries = try rows.map { row in
            let seq = try row.decode(column: "seq", as: Int64.self)
            guard let entry = LogEntry(encoded: try row.decode(column: "entry", as: Data.self)) else { throw LogError.corruptOutbox(seq: seq) }
            return entry
        }
        try await write(entries, in: sql)
        try await sql.update("log_head").set("moved", to: SQLBind(try last.decode(column: "seq", as: Int64.self))).where("id", .equal, SQLBind(1)).run()
    }

    /// Takes in what a stop left in the outbox (`takeInOutbox(in:)`): run when a store is opened for work. Costs a
    /// look-up when there is nothing to take in.
    public func takeInOutbox() async throws {
        guard store.keepsLogApart else { return }
        let pending = try await store.sql.statement(SQLStatement(
            "SELECT COUNT(*) AS n FROM log_outbox WHERE seq > (SELECT moved FROM log_head WHERE id = 1)", []
        )).first()?.decode(column: "n", as: Int.self) ?? 0
        guard pending > 0 else { return }
        try await store.transaction { sql in try await takeInOutbox(in: sql) }
    }

    /// Writes entries now: access records into their table as well, then all of them into the log.
    private func write(_ entries: [LogEntry], in sql: any SQLDatabase) async throws {
        let accesses = entries.compactMap { entry -> AccessRecord? in
            if case .access(let record) = entry { record } else { nil }
        }
        try await TableAccessRecorder().record(accesses, in: sql)
        try await append(entries, in: sql)
    }

    /// Appends `entries` in the caller's transaction; returns the index of the first.
    @discardableResult
    public func append(_ entries: [LogEntry], in sql: any SQLDatabase) async throws -> UInt64 {
        var frontier = try await head(in: sql, forUpdate: true)
        let first = frontier.size
        var nodes: [[SQLValue]] = []
        var rows: [[SQLValue]] = []
        for entry in entries {
            let bytes = entry.encoded()
            let leaf = TreeHash.leaf(bytes)
            rows.append([.integer(Int(frontier.size)), .text(Timestamp.string(entry.at)), .text(entry.kind), .blob(bytes), .blob(leaf)])
            frontier.append(leaf: leaf) { level, index, hash in
                if level % Self.storedLevelStep == 0 { nodes.append([.integer(level), .integer(Int(index)), .blob(hash)]) }
            }
        }
        guard !rows.isEmpty else { return first }
        try await sql.insertRows(into: "log_entries", columns: ["idx", "at", "kind", "entry", "leaf"], rows: rows)
        try await sql.insertRows(into: "log_nodes", columns: ["level", "idx", "hash"], rows: nodes)
        // Written as the database runs it, as the head's look-up is: both run with every commit.
        try await sql.statement("UPDATE log_head SET size = ?, frontier = ? WHERE id = 1", .integer(Int(frontier.size)), .blob(frontier.packed)).run()
        return first
    }

    /// Complete subtrees are stored at every 8th level (256 leaves, 65,536, …), as the tiles of C2SP tlog-tiles.
    static let storedLevelStep = 8

    /// The log's head as of `sql`'s transaction; on PostgreSQL locked until it ends, so that appends queue.
    func head(in sql: any SQLDatabase, forUpdate: Bool = false) async throws -> Frontier {
        let lock = forUpdate && sql.dialect.name == "postgresql" ? " FOR UPDATE" : ""
        guard let row = try await sql.statement("SELECT size, frontier FROM log_head WHERE id = 1" + lock).first() else { throw LogError.missingHead }
        let size = try row.decode(column: "size", as: Int64.self)
        guard size >= 0, let frontier = Frontier(size: UInt64(size), packed: try row.decode(column: "frontier", as: Data.self)) else {
            throw LogError.corruptHead(size: size)
        }
        return frontier
    }
}

/// What is wrong with the stored log, beyond what verification reports.
public enum LogError: Error, CustomStringConvertible, Equatable {
    case missingHead
    case corruptHead(size: Int64)
    case missingHashes(level: Int, from: UInt64, count: UInt64)
    case corruptOutbox(seq: Int64)

    public var description: String {
        switch self {
        case .missingHead: "the access log has no head row: the database was not set up by Jikim, or it was tampered with"
        case .corruptHead(let size): "the access log's head (size \(size)) does not hold the hashes its size needs"
        case .missingHashes(let level, let from, let count):
            "the access log lacks hashes at level \(level) from index \(from) (\(count) expected): rows were removed"
        case .corruptOutbox(let seq): "entry \(seq) of the access log's outbox cannot be read: the people's file was altered"
        }
    }
}

extension AccessLog {
    /// The hash of a perfect subtree of the stored log: leaves and stored nodes read back, and at most 128 of
    /// them hashed together for levels between the stored ones.
    public func subtreeHash(level: Int, index: UInt64) async throws -> Data {
        let base = level - level % Self.storedLevelStep
        let count = UInt64(1) << UInt64(level - base)
        var hashes = try await storedHashes(level: base, from: index * count, count: count)
        while hashes.count > 1 {
            hashes = stride(from: 0, to: hashes.count, by: 2).map { TreeHash.node(hashes[$0], hashes[$0 + 1]) }
        }
        return hashes[0]
    }

    /// The `count` stored hashes of tree level `level` (0 for leaves, else a multiple of 8) from `first` on;
    /// `LogError.missingHashes` when the log does not hold them all.
    func storedHashes(level: Int, from first: UInt64, count: UInt64) async throws -> [Data] {
        let rows: [any SQLRow]
        if level == 0 {
            rows = try await store.sql.select().column("leaf", as: "hash").from("log_entries")
                .where("idx", .greaterThanOrEqual, SQLBind(Int64(first))).where("idx", .lessThan, SQLBind(Int64(first + count)))
                .orderBy("idx").all()
        } else {
            rows = try await store.sql.select().column("hash").from("log_nodes").where("level", .equal, SQLBind(level))
                .where("idx", .greaterThanOrEqual, SQLBind(Int64(first))).where("idx", .lessThan, SQLBind(Int64(first + count)))
                .orderBy("idx").all()
        }
        let hashes = try rows.map { try $0.decode(column: "hash", as: Data.self) }
        guard hashes.count == Int(count) else { throw LogError.missingHashes(level: level, from: first, count: count) }
        return hashes
    }

    /// The proof that entry `index` is in the log of `size` entries.
    public func inclusionProof(index: UInt64, size: UInt64) async throws -> [Data] {
        try await MerkleProof.inclusion(of: index, size: size) { try await subtreeHash(level: $0, index: $1) }
    }

    /// The proof that the log of `old` entries is a prefix of the log of `new` entries.
    public func consistencyProof(from old: UInt64, to new: UInt64) async throws -> [Data] {
        try await MerkleProof.consistency(from: old, to: new) { try await subtreeHash(level: $0, index: $1) }
    }
}
