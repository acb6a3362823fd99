import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import SQLKit
import SQLiteKit
import Synchronization
import VaporCSQLite

/// A read-only connection to the SQLite file that runs each statement where it is called and keeps its prepared
/// statements, for the reads every API call makes (a token, a person, their consents, roles and values).
///
/// SQLiteNIO prepares every statement anew and hands each statement, and each row, between three threads: for a
/// read of five short statements that cost more than the reads themselves. Here a statement is prepared once,
/// then bound, stepped and reset on the caller's thread under the connection's lock; the reads touch cached pages
/// and take microseconds. Queries still come from SQLKit, serialised with SQLite's dialect and decoded with
/// SQLiteKit's decoder, so callers cannot tell it from any other `SQLDatabase`. Nothing can be written through it:
/// the connection is opened read-only. The writer (`SQLiteWriter`) keeps its statements the same way
/// (`SQLiteHandle`), on a thread of its own.
///
/// Running in place means a statement holds its thread while it runs: the reads are look-ups by key of a few
/// pages, which take microseconds once the file is in the page cache; on a cold file each page read waits for
/// the disk on the caller's thread rather than on a thread pool's.
final class SQLiteReader: SQLDatabase, Sendable {
    let logger: Logger
    let eventLoop: any EventLoop
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    /// The handle and its prepared statements; used by one caller at a time.
    private let state: Mutex<SQLiteHandle>
    private let encoder = SQLiteDataEncoder()

    /// Opens `path`, with the access log's file `logPath` attached as `log` (read-only as well).
    init(path: String, logPath: String, logger: Logger, on eventLoop: any EventLoop) throws(StoreError) {
        self.logger = logger
        self.eventLoop = eventLoop
        // SQLite empties a connection's page cache of a file when it finds the file changed since its last read;
        // the access log, written with every read, is in a file of its own (`Store.keepsLogApart`) so that the
        // pages of people's data stay. The files are not memory-mapped: on such a change
        // SQLite also unmaps a connection's whole mapping (pagerBeginReadTransaction), and mapping it again and
        // faulting its pages back in cost more than reading the few pages a read needs (+9 % reads/s, BENCHMARKS.md).
        state = Mutex(try SQLiteHandle(path: path, flags: SQLITE_OPEN_READONLY,
                                       pragmas: [SQLiteHandle.attach(logPath), "PRAGMA query_only = ON", "PRAGMA main.cache_size = -32768",
                                                 "PRAGMA log.cache_size = -8192", "PRAGMA mmap_size = 0"]))
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        for row in try run(query) { onRow(row) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        do {
            for row in try run(query) { onRow(row) }
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    /// Starts the read transaction a borrowed connection's statements share (`ReaderPool`).
    func begin() throws {
        try state.withLock { connection in _ = try connection.rows(of: "BEGIN", binds: []) }
    }

    /// Ends it; a read transaction has nothing to keep, so if ending it fails it is rolled back.
    func end() {
        state.withLock { connection in
            if (try? connection.rows(of: "COMMIT", binds: [])) == nil, connection.inTransaction {
                connection.executeUncached("ROLLBACK")
            }
        }
    }

    /// How many times this connection has compiled a statement (a statement run again is not compiled again).
    var preparations: Int { state.withLock { $0.preparations } }

    /// Serialises `query`, runs it on the cached statement and returns its rows.
    private func run(_ query: any SQLExpression) throws -> [SQLiteRow] {
        let (sql, binds) = try sqliteStatement(query, encoder: encoder)
        return try state.withLock { connection in try connection.rows(of: sql, binds: binds) }
    }
}
