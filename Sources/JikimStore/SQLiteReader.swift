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
/// the connection is opened read-only.
///
/// Running in place means a statement holds its thread while it runs: the reads are look-ups by key of a few
/// pages, which take microseconds once the file is in the page cache; on a cold file each page read waits for
/// the disk on the caller's thread rather than on a thread pool's.
final class SQLiteReader: SQLDatabase, @unchecked Sendable {
    let logger: Logger
    let eventLoop: any EventLoop
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    private let path: String
    /// The handle and its prepared statements, by SQL text; used by one caller at a time.
    private let state: Mutex<Connection>
    private let encoder = SQLiteDataEncoder()

    /// Statements kept prepared at most; past it the cache starts again (reads use a dozen).
    static let cacheLimit = 64

    init(path: String, logger: Logger, on eventLoop: any EventLoop) throws(StoreError) {
        self.path = path
        self.logger = logger
        self.eventLoop = eventLoop
        var handle: OpaquePointer?
        guard sqlite_nio_sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK else {
            let reason = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite_nio_sqlite3_close_v2(handle)
            throw .cannotOpen(path: path, reason: reason)
        }
        sqlite_nio_sqlite3_busy_timeout(handle, 5_000)
        // Every read is followed by a commit of its access record, and SQLite empties a connection's page cache
        // when it finds the database changed since its last read. The file is not memory-mapped: on such a change
        // SQLite also unmaps a connection's whole mapping (pagerBeginReadTransaction), and mapping it again and
        // faulting its pages back in cost more than reading the few pages a read needs (+9 % reads/s, BENCHMARKS.md).
        for pragma in ["PRAGMA query_only = ON", "PRAGMA cache_size = -32768", "PRAGMA mmap_size = 0"] where sqlite_nio_sqlite3_exec(handle, pragma, nil, nil, nil) != SQLITE_OK {
            let reason = String(cString: sqlite_nio_sqlite3_errmsg(handle))
            sqlite_nio_sqlite3_close_v2(handle)
            throw .cannotOpen(path: path, reason: reason)
        }
        state = Mutex(Connection(handle: handle))
    }

    deinit {
        state.withLock { $0.close() }
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
        try state.withLock { connection in _ = try connection.rows(of: "BEGIN", binds: [], path: path) }
    }

    /// Ends it; a read transaction has nothing to keep, so if ending it fails it is rolled back.
    func end() {
        state.withLock { connection in
            if (try? connection.rows(of: "COMMIT", binds: [], path: path)) == nil, sqlite_nio_sqlite3_get_autocommit(connection.handle) == 0 {
                sqlite_nio_sqlite3_exec(connection.handle, "ROLLBACK", nil, nil, nil)
            }
        }
    }

    /// How many times this connection has compiled a statement (a statement run again is not compiled again).
    var preparations: Int { state.withLock { $0.preparations } }

    /// Serialises `query`, runs it on the cached statement and returns its rows.
    private func run(_ query: any SQLExpression) throws -> [Row] {
        let (sql, binds) = serialize(query)
        let values = try binds.map { try encoder.encode($0) }
        return try state.withLock { connection in try connection.rows(of: sql, binds: values, path: path) }
    }

    /// The connection's handle and prepared statements.
    struct Connection: ~Copyable {
        var handle: OpaquePointer?
        var statements: [String: Prepared] = [:]
        /// Statements compiled so far, first preparations and SQLite's own re-preparations alike.
        var preparations = 0

        mutating func close() {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.handle) }
            statements = [:]
            sqlite_nio_sqlite3_close_v2(handle)
            handle = nil
        }

        mutating func prepared(_ sql: String, path: String) throws -> Prepared {
            if let statement = statements[sql] { return statement }
            guard handle != nil else { throw StoreError.cannotOpen(path: path, reason: "the read connection is closed") }
            var statement: OpaquePointer?
            guard sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK else {
                throw SQLiteReaderError(message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
            }
            preparations += 1
            let count = sqlite_nio_sqlite3_column_count(statement)
            let names = (0..<count).map { sqlite_nio_sqlite3_column_name(statement, $0).map { String(cString: $0) } ?? "" }
            if statements.count >= SQLiteReader.cacheLimit {
                for kept in statements.values { sqlite_nio_sqlite3_finalize(kept.handle) }
                statements = [:]
            }
            let prepared = Prepared(handle: statement, columns: Columns(names))
            statements[sql] = prepared
            return prepared
        }

        mutating func rows(of sql: String, binds: [SQLiteData], path: String) throws -> [Row] {
            let statement = try prepared(sql, path: path)
            let handle = statement.handle
            // Each run binds every parameter anew. Bindings are not cleared between runs: clearing them marks a
            // statement whose plan looked at a bound value (an equality SQLite estimates by it) as expired, and it
            // would be prepared again every time.
            defer { sqlite_nio_sqlite3_reset(handle) }
            for (offset, value) in binds.enumerated() {
                let position = Int32(offset + 1)
                let status: Int32 = switch value {
                case .integer(let value): sqlite_nio_sqlite3_bind_int64(handle, position, Int64(value))
                case .float(let value): sqlite_nio_sqlite3_bind_double(handle, position, value)
                case .text(let value): sqlite_nio_sqlite3_bind_text64(handle, position, value, UInt64(value.utf8.count), transient, UInt8(SQLITE_UTF8))
                case .blob(let value):
                    value.withUnsafeReadableBytes { sqlite_nio_sqlite3_bind_blob64(handle, position, $0.baseAddress, UInt64($0.count), transient) }
                case .null: sqlite_nio_sqlite3_bind_null(handle, position)
                }
                guard status == SQLITE_OK else { throw SQLiteReaderError(message: String(cString: sqlite_nio_sqlite3_errmsg(self.handle))) }
            }
            var rows: [Row] = []
            let width = Int32(statement.columns.names.count)
            while true {
                let status = sqlite_nio_sqlite3_step(handle)
                if status == SQLITE_DONE {
                    preparations += Int(sqlite_nio_sqlite3_stmt_status(handle, SQLITE_STMTSTATUS_REPREPARE, 1))
                    return rows
                }
                guard status == SQLITE_ROW else { throw SQLiteReaderError(message: String(cString: sqlite_nio_sqlite3_errmsg(self.handle))) }
                rows.append(Row(columns: statement.columns, values: (0..<width).map { Self.value(column: $0, of: handle) }))
            }
        }

        private static func value(column: Int32, of statement: OpaquePointer?) -> SQLiteData {
            switch sqlite_nio_sqlite3_column_type(statement, column) {
            case SQLITE_INTEGER:
                return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
            case SQLITE_FLOAT:
                return .float(sqlite_nio_sqlite3_column_double(statement, column))
            case SQLITE_TEXT:
                let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                guard length > 0, let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .text("") }
                return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
            case SQLITE_BLOB:
                let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                guard length > 0, let blob = sqlite_nio_sqlite3_column_blob(statement, column) else { return .blob(ByteBuffer()) }
                return .blob(ByteBuffer(bytes: UnsafeRawBufferPointer(start: blob, count: length)))
            default:
                return .null
            }
        }
    }

    struct Prepared {
        var handle: OpaquePointer?
        var columns: Columns
    }

    /// A statement's column names, shared by its rows.
    final class Columns: Sendable {
        let names: [String]
        let positions: [String: Int]

        init(_ names: [String]) {
            self.names = names
            self.positions = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// A row as SQLKit reads it, decoded as SQLiteKit decodes its own rows.
    struct Row: SQLRow {
        let columns: Columns
        let values: [SQLiteData]

        var allColumns: [String] { columns.names }

        func contains(column: String) -> Bool { columns.positions[column] != nil }

        func decodeNil(column: String) throws -> Bool {
            guard let position = columns.positions[column] else { return true }
            return values[position] == .null
        }

        func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
            guard let position = columns.positions[column] else {
                throw DecodingError.keyNotFound(SQLiteReaderError.Column(stringValue: column),
                                                .init(codingPath: [], debugDescription: "no column \(column) in the row"))
            }
            let value = values[position]
            // Text, integers and bytes as they are asked for most (a String, an Int, Data, or one of them optional),
            // without the generic decoder; anything else as SQLiteKit decodes it.
            switch value {
            case .text(let text): if let decoded = text as? D { return decoded }
            case .integer(let number): if let decoded = number as? D { return decoded }
            case .blob(let bytes): if let decoded = Data(buffer: bytes, byteTransferStrategy: .noCopy) as? D { return decoded }
            case .null: if let decoded = Optional<Void>.none as? D { return decoded }
            case .float: break
            }
            return try Row.decoder.decode(D.self, from: value)
        }

        /// One decoder for every row (each makes a JSON decoder of its own).
        static let decoder = SQLiteDataDecoder()
    }
}

/// SQLite's own message for a failed statement on a read connection.
struct SQLiteReaderError: Error, CustomStringConvertible {
    var message: String
    var description: String { "SQLite: \(message)" }

    struct Column: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// SQLite copies bound text and blobs before the bind call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
