import Foundation
import Logging
import Metrics
import SQLKit
import PostgresKit
import SQLiteKit
import Synchronization

/// Why the store could not be opened or used.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case cannotCreateDirectory(String)
    case cannotOpen(path: String, reason: String)
    /// The database was written by a newer Jikim; running older code on it could lose data.
    case databaseNewerThanCode(path: String, found: Int, supported: Int)
    case migrationFailed(version: Int, name: String, reason: String)
    case badDatabaseURL(String)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path):
            "cannot create the data directory \(path)"
        case .cannotOpen(let path, let reason):
            "cannot open the database \(path): \(reason)"
        case .databaseNewerThanCode(let path, let found, let supported):
            "the database \(path) is at schema version \(found), newer than this Jikim supports (\(supported)); run a newer Jikim or restore a backup"
        case .badDatabaseURL(let url):
            "\(url) is not a PostgreSQL URL: use postgres://user:password@host:port/database"
        case .migrationFailed(let version, let name, let reason):
            "migration \(version) (\(name)) failed and was rolled back: \(reason)"
        }
    }
}

/// Jikim's database: SQLite in the data directory by default, or PostgreSQL for scale and for several Jikim
/// servers at once. Transactions go through one writer connection with group commit on either.
public final class Store: Sendable {
    /// For reads outside transactions.
    public let sql: any SQLDatabase
    /// Where the database lives, for messages (never with a password).
    public let location: String
    /// The writer: transactions take turns on it and share commits.
    let writer: any SQLDatabase
    let backend: Backend
    let group = GroupCommit()
    /// Whether the open group's database transaction is still to start: it starts with the group's first
    /// statement, so that a group whose transactions only staged rows begins, writes them and commits in one go
    /// on the writer's thread.
    private let beginPending = Mutex(false)
    private let commits = Atomic<Int>(0)
    private let changes = Atomic<Int>(0)
    private let commitMetrics: CommitMetrics
    /// Connections for reads that need no transaction of the writer's (SQLite in WAL mode lets them read while it
    /// writes); on PostgreSQL, the reader connection.
    private let readers = Mutex<ReaderPool?>(nil)
    /// Whether a transaction of the open group ran a statement of its own, beyond the rows it staged.
    private let groupRanStatements = Atomic<Bool>(false)
    /// The access log's own file, on SQLite (`keepsLogApart`).
    let logPath: String?

    enum Backend: Sendable {
        case sqlite(SQLiteWriter)
        case postgres(writer: PostgresConnection, reader: PostgresConnection)
    }

    /// Durable commits so far: fewer than transactions when group commit shares them.
    public var commitCount: Int { commits.load(ordering: .relaxed) }

    /// Commits so far of transactions that wrote through this store, beyond the rows reads stage for the access log.
    /// It moves once such a commit is durable and before its transactions are answered, so a value read before a
    /// look-up and found unchanged after it means nothing was changed through this store since the look-up began
    /// (what a token authenticated is kept on that condition: `Vault.authenticate(token:)`). Changes made by
    /// another process or server are not counted here.
    public var changeCount: Int { changes.load(ordering: .acquiring) }

    /// Statements handed to the SQLite writer's thread from another thread so far (0 on PostgreSQL): a group's
    /// commit runs on that thread and hands none over.
    public var writerHandOvers: Int {
        if case .sqlite(let writer) = backend { writer.handOvers } else { 0 }
    }

    /// Whether this is a PostgreSQL store.
    public var isPostgres: Bool {
        if case .postgres = backend { true } else { false }
    }

    /// Whether the access log's tables are in a file of their own (`jikim-log.sqlite`, attached as `log`), apart
    /// from people's data: on SQLite, where every commit to a file makes each read connection drop the pages it
    /// holds of it, and the log is written with every read. A transaction is committed in one file then the other,
    /// so the log's entries of a transaction that changes people's data are committed with it, in the people's
    /// file (`log_outbox`), and moved into the log right after (`StagedCommit.afterwards`).
    public var keepsLogApart: Bool { logPath != nil }

    init(backend: Backend, location: String, logPath: String? = nil, metrics: any MetricsFactory) {
        self.backend = backend
        self.location = location
        self.logPath = logPath
        self.commitMetrics = CommitMetrics(factory: metrics)
        switch backend {
        case .sqlite(let writer):
            self.sql = writer
            self.writer = writer
        case .postgres(let writer, let reader):
            self.sql = reader.sql(queryLogLevel: .trace)
            self.writer = writer.sql(queryLogLevel: .trace)
        }
    }

    /// Runs `body` on one of the read connections: committed data, read beside the writer rather than in turn
    /// with its transactions. On SQLite the connection is `body`'s alone, and its statements run in one read
    /// transaction: they see the database as of one commit. Nothing may be written in it.
    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        guard let pool = readers.withLock({ $0 }) else { return try await body(sql) }
        return try await pool.read { reader in try await body(reader) }
    }

    /// How many statements the read connections have compiled (on SQLite; 0 on PostgreSQL): it stops growing once
    /// the reads in use have each been prepared.
    public var readStatementPreparations: Int {
        readers.withLock { $0 }?.connections.reduce(0) { $0 + $1.preparations } ?? 0
    }

    /// Opens `count` read-only connections to the SQLite file for `read`, each running its statements in place
    /// with its prepared statements kept (`SQLiteReader`), lent to one read at a time (`ReaderPool`).
    private func openReaders(path: String, logPath: String, count: Int, logger: Logger) throws(StoreError) {
        var opened: [SQLiteReader] = []
        for _ in 0..<count {
            opened.append(try SQLiteReader(path: path, logPath: logPath, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any()))
        }
        readers.withLock { $0 = ReaderPool(opened) }
    }

    /// Opens (creating when absent) `jikim.sqlite` and the access log's `jikim-log.sqlite` in `directory`, in WAL
    /// mode, and brings their schema up to date. The commits' metrics (`commitDurationMetric`,
    /// `commitTransactionsMetric`) go to `metrics`.
    public static func openSQLite(
        directory: String, logger: Logger = Logger(label: "jikim.store"), metrics: any MetricsFactory = MetricsSystem.factory
    ) async throws(StoreError) -> Store {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotCreateDirectory(directory)
        }
        let path = (directory as NSString).appendingPathComponent("jikim.sqlite")
        let logPath = (directory as NSString).appendingPathComponent("jikim-log.sqlite")
        for file in [path, logPath] where !FileManager.default.fileExists(atPath: file) {
            // Readable by its owner only; SQLite gives the write-ahead log the same mode.
            _ = FileManager.default.createFile(atPath: file, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        // The writer's thread is the store's own: a writer waiting for another process's (or another store's) lock
        // holds only this thread, never the shared pool the holder of the lock may need.
        let store = Store(
            backend: .sqlite(try SQLiteWriter(path: path, logPath: logPath, logger: logger)), location: path, logPath: logPath, metrics: metrics
        )
        do {
            for schema in ["main", "log"] {
                try await store.sql.raw("PRAGMA \(unsafeRaw: schema).journal_mode = WAL").run()
                try await store.sql.raw("PRAGMA \(unsafeRaw: schema).synchronous = FULL").run()
                // Deleted content is overwritten, so that a destroyed data key (or a pruned entry) leaves nothing in
                // free pages.
                try await store.sql.raw("PRAGMA \(unsafeRaw: schema).secure_delete = ON").run()
            }
            try await store.sql.raw("PRAGMA foreign_keys = ON").run()
            try await store.sql.raw("PRAGMA busy_timeout = 5000").run()
            // 64 MiB of page cache: identity look-ups are keyed hashes, so their index pages are touched at random.
            try await store.sql.raw("PRAGMA main.cache_size = -65536").run()
            try await store.sql.raw("PRAGMA log.cache_size = -16384").run()
        } catch {
            try? await store.close()
            throw .cannotOpen(path: path, reason: String(describing: error))
        }
        do {
            try await Migrations.run(on: store)
            try await store.moveLogTablesApart()
        } catch {
            try? await store.close()
            throw error
        }
        do {
            try store.openReaders(path: path, logPath: logPath, count: 4, logger: logger)
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }

    /// Moves committed pages out of the write-ahead log and empties it, so that the images of deleted rows it
    /// held are gone too.
    public func eraseFreedSpace() async throws {
        await group.enterExclusive()
        do {
            switch backend {
            case .sqlite:
                try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            case .postgres:
                // Dead rows become free space for reuse; until it is reused their bytes may stay in the files, but
                // the data keys they held are gone from every live row and no dump or query returns them.
                try await writer.raw("VACUUM data_keys, item_values, lookups, secrets").run()
            }
        } catch {
            group.exitExclusive()
            throw error
        }
        group.exitExclusive()
    }

    /// The schema version this code brings a database to, and the newest it accepts.
    public static var schemaVersion: Int { Migrations.latest }

    public func close() async throws {
        readers.withLock { $0 = nil } // the read connections close as they are let go
        switch backend {
        case .sqlite(let writer):
            try await writer.close()
        case .postgres(let writer, let reader):
            try await writer.close()
            try await reader.close()
        }
    }

    /// Runs `body` in one transaction: all of it is written, or none, and it returns only once what it wrote is
    /// durable. Transactions that arrive together share one commit (group commit), each in its own savepoint.
    ///
    /// The transaction takes its turn on the writer at the body's first statement: a body that only stages rows
    /// (`stage(_:key:flush:)`) never waits for the writer, and its rows join the next commit.
    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let sql = LazySavepoint(writer) { [self] in
            if await group.enter() == .begin {
                beginPending.withLock { $0 = true }
            }
            try await beginIfPending()
        }
        let staging = Staging(store: ObjectIdentifier(self))
        let outcome: Result<T, any Error>
        do {
            do {
                outcome = .success(try await Store.$staging.withValue(staging) { try await body(sql) })
                if sql.wasTaken {
                    groupRanStatements.store(true, ordering: .relaxed)
                    try await writer.raw("RELEASE jikim_tx").run()
                }
            } catch {
                if sql.wasTaken {
                    groupRanStatements.store(true, ordering: .relaxed)
                    try? await writer.raw("ROLLBACK TO jikim_tx").run()
                    try? await writer.raw("RELEASE jikim_tx").run()
                }
                throw error
            }
        } catch {
            if sql.wasTaken { try await finish(succeeded: false) }
            throw error
        }
        if sql.wasTaken {
            group.stage(staging.take())
            try await finish(succeeded: true)
        } else {
            let batches = staging.take()
            // Nothing written and nothing staged: there is nothing to commit.
            guard !batches.isEmpty else { return try outcome.get() }
            switch await group.joinStaged(batches) {
            case .committed:
                break
            case .failed(let error):
                throw error
            case .commit:
                beginPending.withLock { $0 = true }
                try await commitGroup(succeeded: true)
            }
        }
        return try outcome.get()
    }

    /// Runs the work a commit's flushes left for right after it, each in a transaction of its own, before the
    /// group's transactions are told they have succeeded. What they did is durable already: work that fails is
    /// left to be done again later (the access log takes in its outbox with its next append, or when opened).
    private func runFollowUps(of commit: StagedCommit) async {
        for work in commit.followUps.withLock({ $0 }) {
            do {
                try await onWriterThread { [self] in
                    try await writer.raw(isPostgres ? "BEGIN" : "BEGIN IMMEDIATE").run()
                    try await work(writer)
                    try await commitNow()
                }
                commits.add(1, ordering: .relaxed)
            } catch {
                try? await writer.raw("ROLLBACK").run()
                Logger(label: "jikim.store").warning("work after a commit failed; it is done again later", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Starts the open group's database transaction if no statement has yet.
    private func beginIfPending() async throws {
        guard beginPending.withLock({ $0 }) else { return }
        try await writer.raw(isPostgres ? "BEGIN" : "BEGIN IMMEDIATE").run()
        beginPending.withLock { $0 = false }
    }

    /// Runs `body` on the SQLite writer's thread, where its statements run with no hand-over between threads.
    private func onWriterThread(_ body: () async throws -> Void) async throws {
        if case .sqlite(let writer) = backend {
            try await writer.onThread(body)
        } else {
            try await body()
        }
    }

    /// Hands the connection on after a transaction's body, committing the group if this was its last member.
    private func finish(succeeded: Bool) async throws {
        switch await group.bodyDone(succeeded: succeeded) {
        case .committed:
            return
        case .failed(let error):
            throw error
        case .commit:
            try await commitGroup(succeeded: succeeded)
        }
    }

    /// Writes the group's staged rows, commits it and releases its transactions (the committer's own outcome is
    /// thrown only if its body succeeded).
    private func commitGroup(succeeded: Bool) async throws {
        let staged = group.takeStaged()
        let commit = StagedCommit(holdsOnlyStagedRows: !groupRanStatements.exchange(false, ordering: .relaxed))
        // Nothing written and nothing staged: no transaction was started, and there is nothing to commit.
        if !staged.isEmpty || !beginPending.withLock({ $0 }) {
            do {
                try await onWriterThread { [self] in
                    try await beginIfPending()
                    for batch in staged { try await batch.flush(batch.rows, writer, commit) }
                    try await commitNow()
                }
                if !commit.holdsOnlyStagedRows { changes.add(1, ordering: .releasing) }
            } catch {
                try? await writer.raw("ROLLBACK").run()
                beginPending.withLock { $0 = false }
                group.committed(.failure(error))
                if succeeded { throw error } else { return }
            }
            commits.add(1, ordering: .relaxed)
            await runFollowUps(of: commit)
        }
        beginPending.withLock { $0 = false }
        // Those it releases, and the committer's own transaction unless its body failed (then it only commits the rest).
        commitMetrics.transactions.record(group.committed(.success(())) + (succeeded ? 1 : 0))
    }

    /// Commits the writer's transaction, timing it for `commitDurationMetric`.
    private func commitNow() async throws {
        let start = ContinuousClock.now
        try await writer.raw("COMMIT").run()
        commitMetrics.duration.record(duration: ContinuousClock.now - start)
    }
}

extension Store {
    /// The access log's tables, in `jikim-log.sqlite` on SQLite.
    static let logTables = ["access_records", "log_entries", "log_nodes", "log_head", "log_checkpoints"]

    /// Moves the access log's tables from the people's file, where the migrations make them, into the log's file:
    /// copied in a transaction that writes the log's file alone, then dropped in one that writes the people's file
    /// alone, so that a stop between the two leaves them whole in the people's file, to be copied again.
    func moveLogTablesApart() async throws(StoreError) {
        guard keepsLogApart else { return }
        let names = Self.logTables.map { "'\($0)'" }.joined(separator: ", ")
        do {
            let rows = try await sql.raw("""
                SELECT type, name, sql FROM main.sqlite_master WHERE tbl_name IN (\(unsafeRaw: names)) AND sql IS NOT NULL
                ORDER BY type DESC
                """).all()
            let objects = try rows.map { (type: try $0.decode(column: "type", as: String.self), name: try $0.decode(column: "name", as: String.self),
                                          sql: try $0.decode(column: "sql", as: String.self)) }
            let tables = objects.filter { $0.type == "table" }.map(\.name)
            guard !tables.isEmpty else {
                let found = try await sql.raw("SELECT COUNT(*) AS n FROM log.sqlite_master WHERE type = 'table' AND name IN (\(unsafeRaw: names))")
                    .first()?.decode(column: "n", as: Int.self) ?? 0
                guard found == Self.logTables.count else {
                    throw StoreError.cannotOpen(path: logPath ?? location, reason: "the access log's file lacks its tables (it was removed or replaced): restore it with jikim.sqlite from the same backup")
                }
                return
            }
            try await transaction { sql in
                for table in tables {
                    try await sql.raw("DROP TABLE IF EXISTS log.\(ident: table)").run()
                }
                // Tables first (`type DESC`), then their indexes, each made in the log's file as it was made here.
                for object in objects {
                    let quoted = "\"\(object.name)\""
                    guard let range = object.sql.range(of: quoted) else {
                        throw StoreError.cannotOpen(path: location, reason: "the access log's \(object.type) \(object.name) has a definition Jikim did not write")
                    }
                    try await sql.raw("\(unsafeRaw: object.sql.replacingCharacters(in: range, with: "log." + quoted))").run()
                }
                for table in tables {
                    try await sql.raw("INSERT INTO log.\(ident: table) SELECT * FROM main.\(ident: table)").run()
                }
            }
            try await transaction { sql in
                for table in tables { try await sql.raw("DROP TABLE main.\(ident: table)").run() }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotOpen(path: location, reason: "could not move the access log into \(logPath ?? "its file"): \(error)")
        }
    }
}
