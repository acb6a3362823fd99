import Foundation
import NIOCore
import NIOFoundationCompat
import SQLKit
import SQLiteKit
import VaporCSQLite

/// One SQLite connection and the statements prepared on it, by SQL text: the part the store's read connections
/// (`SQLiteReader`) and its writer (`SQLiteWriter`) share. A statement is prepared once, then bound, stepped and
/// reset on the calling thread; the caller makes sure one thread at a time uses the handle.
struct SQLiteHandle: ~Copyable {
    private(set) var handle: OpaquePointer?
    /// Where the database is, for messages.
    let path: String
    private var statements: [String: Prepared] = [:]
    /// Statements compiled so far, first preparations and SQLite's own re-preparations alike.
    private(set) var preparations = 0

    /// Statements kept prepared at most; past it the cache starts again (reads use a dozen, writes some dozens).
    static let cacheLimit = 128
    /// Statements longer than this are prepared for one run and not kept: a large group's multi-row inserts, whose
    /// text changes with the number of rows, would otherwise fill the cache with statements seldom run again.
    static let longestKept = 4_096

    /// Opens `path`; `pragmas` run first, and a failure closes the handle again.
    init(path: String, flags: Int32, pragmas: [String]) throws(StoreError) {
        self.path = path
        var handle: OpaquePointer?
        guard sqlite_nio_sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK else {
            let reason = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite_nio_sqlite3_close_v2(handle)
            throw .cannotOpen(path: path, reason: reason)
        }
        sqlite_nio_sqlite3_busy_timeout(handle, 5_000)
        for pragma in pragmas where sqlite_nio_sqlite3_exec(handle, pragma, nil, nil, nil) != SQLITE_OK {
            let reason = String(cString: sqlite_nio_sqlite3_errmsg(handle))
            sqlite_nio_sqlite3_close_v2(handle)
            throw .cannotOpen(path: path, reason: reason)
        }
        self.handle = handle
    }

    /// The statement that attaches the access log's file as `log` (`Store.keepsLogApart`); opened with the
    /// connection's own flags, read-only on a read-only connection.
    static func attach(_ path: String) -> String {
        "ATTACH DATABASE '\(path.replacingOccurrences(of: "'", with: "''"))' AS log"
    }

    deinit {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.handle) }
        sqlite_nio_sqlite3_close_v2(handle)
    }

    /// Finalises every statement and closes the connection; statements run after it fail.
    mutating func close() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.handle) }
        statements = [:]
        sqlite_nio_sqlite3_close_v2(handle)
        handle = nil
    }

    /// Whether a transaction is open on the connection.
    var inTransaction: Bool { handle != nil && sqlite_nio_sqlite3_get_autocommit(handle) == 0 }

    /// Runs `sql` outside the statement cache, for `ROLLBACK` after a failure (which must not fail on a full cache).
    func executeUncached(_ sql: String) {
        sqlite_nio_sqlite3_exec(handle, sql, nil, nil, nil)
    }

    /// Runs `sql` with `binds` and returns its rows.
    mutating func rows(of sql: String, binds: [SQLiteData]) throws -> [SQLiteRow] {
        var rows: [SQLiteRow] = []
        try run(sql, binds: binds) { rows.append($0) }
        return rows
    }

    /// Runs `sql` with `binds`, handing each row to `onRow` as it is stepped to.
    mutating func run(_ sql: String, binds: [SQLiteData], onRow: (SQLiteRow) -> Void) throws {
        let statement = try prepared(sql)
        let handle = statement.handle
        defer {
            sqlite_nio_sqlite3_reset(handle)
            if !statement.kept { sqlite_nio_sqlite3_finalize(handle) }
        }
        // Each run binds every parameter anew. Bindings are not cleared between runs: clearing them marks a
        // statement whose plan looked at a bound value (an equality SQLite estimates by it) as expired, and it
        // would be prepared again every time.
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
            guard status == SQLITE_OK else { throw SQLiteStatementError(message: String(cString: sqlite_nio_sqlite3_errmsg(self.handle))) }
        }
        let width = Int32(statement.columns.names.count)
        while true {
            let status = sqlite_nio_sqlite3_step(handle)
            if status == SQLITE_DONE {
                preparations += Int(sqlite_nio_sqlite3_stmt_status(handle, SQLITE_STMTSTATUS_REPREPARE, 1))
                return
            }
            guard status == SQLITE_ROW else { throw SQLiteStatementError(message: String(cString: sqlite_nio_sqlite3_errmsg(self.handle))) }
            onRow(SQLiteRow(columns: statement.columns, values: (0..<width).map { Self.value(column: $0, of: handle) }))
        }
    }

    private mutating func prepared(_ sql: String) throws -> Prepared {
        if let statement = statements[sql] { return statement }
        guard handle != nil else { throw StoreError.cannotOpen(path: path, reason: "the connection is closed") }
        let kept = sql.utf8.count <= Self.longestKept
        var statement: OpaquePointer?
        let flags = kept ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        guard sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, flags, &statement, nil) == SQLITE_OK else {
            throw SQLiteStatementError(message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
        }
        preparations += 1
        let count = sqlite_nio_sqlite3_column_count(statement)
        let names = (0..<count).map { sqlite_nio_sqlite3_column_name(statement, $0).map { String(cString: $0) } ?? "" }
        let prepared = Prepared(handle: statement, columns: SQLiteColumns(names), kept: kept)
        guard kept else { return prepared }
        if statements.count >= Self.cacheLimit {
            for kept in statements.values { sqlite_nio_sqlite3_finalize(kept.handle) }
            statements = [:]
        }
        statements[sql] = prepared
        return prepared
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

    private struct Prepared {
        var handle: OpaquePointer?
        var columns: SQLiteColumns
        /// Whether it stays in the cache after its run.
        var kept: Bool
    }
}

extension SQLDatabase {
    /// `query` as SQLite text and its binds as SQLite values.
    func sqliteStatement(_ query: any SQLExpression, encoder: SQLiteDataEncoder) throws -> (sql: String, binds: [SQLiteData]) {
        // A statement written for the database needs no serialising: its text is SQLite's.
        if let statement = query as? SQLStatement { return (statement.text, statement.binds.map(\.sqlite)) }
        let (sql, binds) = serialize(query)
        return (sql, try binds.map { try encoder.encode($0) })
    }
}

/// A statement's column names, shared by its rows.
final class SQLiteColumns: Sendable {
    let names: [String]
    let positions: [String: Int]

    init(_ names: [String]) {
        self.names = names
        self.positions = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// A row as SQLKit reads it, decoded as SQLiteKit decodes its own rows.
struct SQLiteRow: SQLRow {
    let columns: SQLiteColumns
    let values: [SQLiteData]

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.positions[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let position = columns.positions[column] else { return true }
        return values[position] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let position = columns.positions[column] else {
            throw DecodingError.keyNotFound(SQLiteStatementError.Column(stringValue: column),
                                            .init(codingPath: [], debugDescription: "no column \(column) in the row"))
        }
        let value = values[position]
        // Text, integers and bytes as they are asked for most (a String, an Int, Data, or one of them optional),
        // told by comparing types rather than by dynamic casts, without the generic decoder; anything else as
        // SQLiteKit decodes it.
        switch value {
        case .text(let text):
            if D.self == String.self { return unsafeBitCast(text, to: D.self) }
            if D.self == String?.self { return unsafeBitCast(Optional(text), to: D.self) }
        case .integer(let number):
            if D.self == Int.self { return unsafeBitCast(number, to: D.self) }
            if D.self == Int?.self { return unsafeBitCast(Optional(number), to: D.self) }
        case .blob(let bytes):
            if D.self == Data.self { return unsafeBitCast(Data(buffer: bytes, byteTransferStrategy: .noCopy), to: D.self) }
            if D.self == Data?.self { return unsafeBitCast(Optional(Data(buffer: bytes, byteTransferStrategy: .noCopy)), to: D.self) }
        case .null:
            if D.self == String?.self { return unsafeBitCast(String?.none, to: D.self) }
            if D.self == Int?.self { return unsafeBitCast(Int?.none, to: D.self) }
            if D.self == Data?.self { return unsafeBitCast(Data?.none, to: D.self) }
        case .float: break
        }
        return try SQLiteRow.decoder.decode(D.self, from: value)
    }

    /// One decoder for every row (each makes a JSON decoder of its own).
    static let decoder = SQLiteDataDecoder()
}

/// SQLite's own message for a failed statement.
struct SQLiteStatementError: Error, CustomStringConvertible {
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
