import Foundation
import SQLKit
import Synchronization
import VaporCSQLite

/// Consecutive rows of the access log as one value: their leaf hashes packed, and what checking their entries
/// found, for verifying millions of entries without a row object each.
public struct LogEntryRun: Sendable {
    public var first: Int64
    public var last: Int64
    public var count: Int
    /// `count` leaf hashes, 32 bytes each, in index order (a malformed stored hash makes `leaves` the wrong size).
    public var leaves: [UInt8]
    /// Each entry's length in bytes; -1 for an entry whose bytes were pruned.
    public var lengths: [Int]
    /// The offsets (from `first`) of the entries whose bytes failed the check made as they were read.
    public var failed: [Int]
}

/// Checks an entry's bytes against its stored leaf hash where the bytes are, as they are read.
public typealias LogEntryCheck = @Sendable (_ entry: UnsafeRawBufferPointer, _ leaf: UnsafeRawBufferPointer) -> Bool

extension Store {
    /// A scan of the access log's stored entries, read in runs of consecutive indexes.
    public func scanLog() async throws -> LogScan {
        let last = try await sql.select().column(SQLFunction("MAX", args: SQLColumn("idx")), as: "last").from("log_entries").first()?
            .decode(column: "last", as: Int64?.self) ?? -1
        switch backend {
        case .postgres:
            return LogScan(store: self, last: last, readers: [])
        case .sqlite:
            // Two readers, so that two runs are read at once while earlier ones are hashed.
            let path = logPath ?? location
            return LogScan(store: self, last: last, readers: [try SQLiteLogReader(path: path), try SQLiteLogReader(path: path)])
        }
    }
}

/// Reads the access log a run of entries at a time, as of when the scan began (entries appended since are left for
/// the next scan). On PostgreSQL the server packs each run (`string_agg`). On SQLite, where SQLiteNIO hands every
/// row over as a task of its own (which costs more than hashing the row), the rows are read through read-only
/// connections of the scan's own, straight from the database file under SQLite's own locking.
public final class LogScan: Sendable {
    let store: Store
    /// The largest index stored when the scan began; -1 for an empty log.
    public let last: Int64
    private let readers: [SQLiteLogReader]

    fileprivate init(store: Store, last: Int64, readers: [SQLiteLogReader]) {
        self.store = store
        self.last = last
        self.readers = readers
    }

    /// The stored entries with indexes in `first ..< first + count` (an empty run where none are); nil once
    /// `first` is past the last index. Runs may be read concurrently.
    /// Each entry that has bytes is checked against its stored leaf hash as it is read (on SQLite in place, on the
    /// reader's own thread); the run holds the offsets that failed, not the bytes.
    public func run(from first: Int64, count: Int, check: @escaping LogEntryCheck) async throws -> LogEntryRun? {
        guard first <= last else { return nil }
        let end = min(first + Int64(count), last + 1)
        if !readers.isEmpty {
            let reader = readers[Int((first / Int64(max(count, 1))) % Int64(readers.count))]
            return try await Task.detached { try reader.read(from: first, to: end, capacity: count, check: check) }.value
        }
        let query: SQLQueryString = """
            SELECT MIN(idx) AS first, MAX(idx) AS last, COUNT(*) AS n,
              string_agg(leaf, ''::bytea ORDER BY idx) AS leaves,
              string_agg(COALESCE(octet_length(entry), -1)::text, ',' ORDER BY idx) AS lengths,
              string_agg(entry, ''::bytea ORDER BY idx) AS entries
            FROM log_entries WHERE idx >= \(bind: first) AND idx < \(bind: end)
            """
        guard let row = try await store.sql.raw(query).first(), let found = try row.decode(column: "n", as: Int?.self), found > 0 else {
            return LogEntryRun(first: first, last: first - 1, count: 0, leaves: [], lengths: [], failed: [])
        }
        var run = LogEntryRun(
            first: try row.decode(column: "first", as: Int64.self), last: try row.decode(column: "last", as: Int64.self),
            count: found, leaves: [UInt8](try row.decode(column: "leaves", as: Data?.self) ?? Data()),
            lengths: try row.decode(column: "lengths", as: String?.self).map(Store.integers) ?? [], failed: [])
        run.check(try row.decode(column: "entries", as: Data?.self) ?? Data(), with: check)
        return run
    }
}

/// A read-only SQLite connection reading runs of `log_entries`; one caller at a time (the lock sees to it).
final class SQLiteLogReader: @unchecked Sendable {
    private let lock = Mutex(())
    private let path: String
    private var handle: OpaquePointer?
    private var statement: OpaquePointer?

    init(path: String) throws {
        self.path = path
        guard sqlite_nio_sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK else {
            let reason = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite_nio_sqlite3_close_v2(handle)
            throw StoreError.cannotOpen(path: path, reason: reason)
        }
        sqlite_nio_sqlite3_busy_timeout(handle, 5_000)
        // Map the file rather than copy its pages through the page cache: the scan reads it once, front to back.
        sqlite_nio_sqlite3_exec(handle, "PRAGMA mmap_size = 1073741824", nil, nil, nil)
        let query = "SELECT idx, leaf, entry FROM log_entries WHERE idx >= ? AND idx < ? ORDER BY idx"
        guard sqlite_nio_sqlite3_prepare_v2(handle, query, -1, &statement, nil) == SQLITE_OK else {
            let reason = String(cString: sqlite_nio_sqlite3_errmsg(handle))
            sqlite_nio_sqlite3_close_v2(handle)
            throw StoreError.cannotOpen(path: path, reason: reason)
        }
    }

    deinit {
        sqlite_nio_sqlite3_finalize(statement)
        sqlite_nio_sqlite3_close_v2(handle)
    }

    func read(from first: Int64, to end: Int64, capacity: Int, check: LogEntryCheck) throws -> LogEntryRun {
        try lock.withLock { _ in
            let statement = self.statement
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_bind_int64(statement, 1, first)
            sqlite_nio_sqlite3_bind_int64(statement, 2, end)
            var run = LogEntryRun(first: first, last: first - 1, count: 0, leaves: [], lengths: [], failed: [])
            run.leaves.reserveCapacity(capacity * 32)
            run.lengths.reserveCapacity(capacity)
            while true {
                let status = sqlite_nio_sqlite3_step(statement)
                if status == SQLITE_DONE { break }
                guard status == SQLITE_ROW else {
                    throw StoreError.cannotOpen(path: path, reason: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
                }
                let index = sqlite_nio_sqlite3_column_int64(statement, 0)
                if run.count == 0 { run.first = index }
                run.last = index
                run.count += 1
                Self.append(column: 1, of: statement, to: &run.leaves)
                if sqlite_nio_sqlite3_column_type(statement, 2) == SQLITE_NULL {
                    run.lengths.append(-1)
                } else {
                    let entry = Self.bytes(column: 2, of: statement)
                    run.lengths.append(entry.count)
                    if !check(entry, Self.bytes(column: 1, of: statement)) { run.failed.append(run.count - 1) }
                }
            }
            sqlite_nio_sqlite3_reset(statement)
            return run
        }
    }

    /// A column's bytes where SQLite holds them, valid until the statement steps on.
    private static func bytes(column: Int32, of statement: OpaquePointer?) -> UnsafeRawBufferPointer {
        let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
        guard length > 0, let pointer = sqlite_nio_sqlite3_column_blob(statement, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: pointer, count: length)
    }

    /// Appends a column's bytes to `bytes`; returns how many.
    @discardableResult
    private static func append(column: Int32, of statement: OpaquePointer?, to bytes: inout [UInt8]) -> Int {
        let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
        if length > 0, let pointer = sqlite_nio_sqlite3_column_blob(statement, column) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: length))
        }
        return length
    }
}

extension LogEntryRun {
    /// Runs `check` over `entries`, the run's entries packed, keeping the offsets it fails.
    mutating func check(_ entries: Data, with check: LogEntryCheck) {
        var failed: [Int] = []
        var offset = 0
        entries.withUnsafeBytes { entryBytes in
            leaves.withUnsafeBytes { leafBytes in
                for (position, length) in lengths.enumerated() where length >= 0 {
                    defer { offset += length }
                    let leafStart = position * 32
                    guard offset + length <= entryBytes.count, leafStart + 32 <= leafBytes.count else {
                        failed.append(position)
                        continue
                    }
                    if !check(UnsafeRawBufferPointer(rebasing: entryBytes[offset ..< offset + length]),
                              UnsafeRawBufferPointer(rebasing: leafBytes[leafStart ..< leafStart + 32])) {
                        failed.append(position)
                    }
                }
            }
        }
        self.failed = failed
    }
}

extension Store {
    /// `12,-1,230` read fast.
    static func integers(_ text: String) -> [Int] {
        var values: [Int] = []
        var value = 0
        var negative = false
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            default:
                values.append(negative ? -value : value)
                (value, negative, digits) = (0, false, 0)
            }
        }
        if digits > 0 { values.append(negative ? -value : value) }
        return values
    }
}
