import Foundation
import SQLKit

/// Every row the vault holds, grouped by the person it belongs to in the order people were added, so that the
/// same bytes can be inserted again in the same batches.
struct StoredRows {
    /// One table's rows for a group of people.
    struct TableRows {
        var table: String
        var columns: [String]
        var rows: [[Cell]]
    }

    /// A value as SQLite stores it.
    enum Cell: Encodable {
        case integer(Int64), real(Double), text(String), blob(Data), null

        var size: Int {
            switch self {
            case .integer, .real: 8
            case .text(let text): text.utf8.count
            case .blob(let data): data.count
            case .null: 0
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .integer(let value): try container.encode(value)
            case .real(let value): try container.encode(value)
            case .text(let value): try container.encode(value)
            case .blob(let value): try container.encode(value)
            case .null: try container.encodeNil()
            }
        }
    }

    /// Tables in the order their rows must be inserted (people before what refers to them).
    static let tables = ["subjects", "data_keys", "item_values", "secrets", "lookups", "consent_events", "access_records"]

    /// Per person, in the order they were added: their rows of each table.
    var people: [[TableRows]]
    var rowCount = 0
    var byteCount = 0

    static func read(from sql: any SQLDatabase) async throws -> StoredRows {
        var order: [String: Int] = [:]
        var stored = StoredRows(people: [])
        for table in tables {
            let columns = try await sql.raw("SELECT name FROM pragma_table_info(\(unsafeRaw: "'\(table)'"))").all()
                .map { try $0.decode(column: "name", as: String.self) }
            let selected = columns.flatMap { ["typeof(\($0)) AS \"t_\($0)\"", "\"\($0)\""] }.joined(separator: ", ")
            let rows = try await sql.raw("SELECT \(unsafeRaw: selected) FROM \(unsafeRaw: table) ORDER BY rowid").all()
            for (position, row) in rows.enumerated() {
                let cells = try columns.map { try cell(row, $0) }
                let person: Int
                switch table {
                case "subjects":
                    person = stored.people.count
                    order[try row.decode(column: "id", as: String.self)] = person
                    stored.people.append(tables.map { TableRows(table: $0, columns: columns, rows: []) })
                case "access_records":
                    person = position // one record of creation a person, in order
                default:
                    guard let owner = order[try row.decode(column: "subject_id", as: String.self)] else { continue }
                    person = owner
                }
                guard person < stored.people.count, let slot = tables.firstIndex(of: table) else { continue }
                stored.people[person][slot].columns = columns
                stored.people[person][slot].rows.append(cells)
                stored.rowCount += 1
                stored.byteCount += cells.reduce(0) { $0 + $1.size }
            }
        }
        return stored
    }

    private static func cell(_ row: any SQLRow, _ column: String) throws -> Cell {
        switch try row.decode(column: "t_\(column)", as: String.self) {
        case "integer": .integer(try row.decode(column: column, as: Int64.self))
        case "real": .real(try row.decode(column: column, as: Double.self))
        case "text": .text(try row.decode(column: column, as: String.self))
        case "blob": .blob(try row.decode(column: column, as: Data.self))
        default: .null
        }
    }

    /// The rows of `size` people at a time, table by table.
    func batches(of size: Int) -> [[TableRows]] {
        people.chunked(into: size).map { group in
            StoredRows.tables.indices.map { slot in
                let first = group.first?[slot]
                return TableRows(table: first?.table ?? "", columns: first?.columns ?? [], rows: group.flatMap { $0[slot].rows })
            }
        }
    }
}

extension [StoredRows.TableRows] {
    /// Inserts the rows with multi-row statements, as the vault does.
    func insert(into sql: any SQLDatabase) async throws {
        for table in self where !table.rows.isEmpty {
            for chunk in table.rows.chunked(into: Swift.max(1, 4_000 / table.columns.count)) {
                var insert = sql.insert(into: table.table).columns(table.columns)
                for row in chunk { insert = insert.values(row.map { SQLBind($0) }) }
                try await insert.run()
            }
        }
    }
}
