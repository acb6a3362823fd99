import Foundation
import NIOCore
import NIOFoundationCompat
import SQLKit
import SQLiteNIO

/// A statement written as the database runs it, with a `?` for each bound value, for the statements every API call
/// runs (a token, a person, their consents, roles and values). An `SQLQueryString` is built fragment by fragment
/// and serialised again on every run, which cost about as much as SQLite took to run the statements
/// (BENCHMARKS.md); SQLite's connections take this text as it is, and other databases get it with their own
/// placeholders. Every `?` in the text is a placeholder, so the text holds no `?` of its own.
public struct SQLStatement: SQLExpression {
    /// The text, with `?` placeholders.
    public let text: String
    /// The values bound to the placeholders, in order.
    public let binds: [SQLValue]

    public init(_ text: String, _ binds: [SQLValue]) {
        self.text = text
        self.binds = binds
    }

    /// `count` placeholders separated by commas, for `IN (…)`.
    public static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    public func serialize(to serializer: inout SQLSerializer) {
        var binds = self.binds.makeIterator()
        var first = true
        for segment in text.split(separator: "?", omittingEmptySubsequences: false) {
            if !first { binds.next()?.write(to: &serializer) }
            first = false
            serializer.write(String(segment))
        }
    }
}

/// A value bound to a statement's placeholder.
public enum SQLValue: Sendable, Equatable {
    case text(String)
    case blob(Data)
    case integer(Int)
    case null

    /// Text, or NULL when there is none.
    public static func text(_ text: String?) -> SQLValue { text.map(SQLValue.text) ?? .null }

    fileprivate func write(to serializer: inout SQLSerializer) {
        switch self {
        case .text(let text): serializer.write(bind: text)
        case .blob(let data): serializer.write(bind: data)
        case .integer(let number): serializer.write(bind: number)
        case .null: serializer.write(bind: String?.none)
        }
    }

    /// The value as SQLite binds it.
    var sqlite: SQLiteData {
        switch self {
        case .text(let text): .text(text)
        case .blob(let data): .blob(ByteBuffer(data: data))
        case .integer(let number): .integer(number)
        case .null: .null
        }
    }
}

extension SQLDatabase {
    /// Runs `text` with `binds` (one for each `?`), as `raw(_:)` runs a query string.
    public func statement(_ text: String, _ binds: SQLValue...) -> SQLStatementBuilder {
        SQLStatementBuilder(SQLStatement(text, binds), on: self)
    }

    /// Runs `text` with `binds` (one for each `?`).
    public func statement(_ text: String, binds: [SQLValue]) -> SQLStatementBuilder {
        SQLStatementBuilder(SQLStatement(text, binds), on: self)
    }

    /// Runs `statement`.
    public func statement(_ statement: SQLStatement) -> SQLStatementBuilder {
        SQLStatementBuilder(statement, on: self)
    }
}

extension SQLDatabase {
    /// Inserts `rows` (each a value for every one of `columns`) into `table`, in statements of 128, 64, …, 1 rows: a
    /// group commit's access records and log entries, however many, take at most eight statement texts a table,
    /// which SQLite's connections keep prepared, rather than one new text (parsed for one run) for every count.
    public func insertRows(into table: String, columns: [String], rows: [[SQLValue]]) async throws {
        precondition(rows.allSatisfy { $0.count == columns.count }, "a value for every column of every row")
        let row = "(" + SQLStatement.placeholders(columns.count) + ")"
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        var start = 0
        var size = 128
        while start < rows.count {
            while size > rows.count - start { size /= 2 }
            let values = Array(repeating: row, count: size).joined(separator: ", ")
            try await statement(head + values, binds: rows[start..<start + size].flatMap { $0 }).run()
            start += size
        }
    }
}

/// Runs an `SQLStatement` and reads its rows (`first()`, `all()`, `run()`), as SQLKit's builders do.
public final class SQLStatementBuilder: SQLQueryFetcher {
    public let query: any SQLExpression
    public let database: any SQLDatabase

    init(_ statement: SQLStatement, on database: any SQLDatabase) {
        query = statement
        self.database = database
    }
}
