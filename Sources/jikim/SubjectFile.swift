import CSV
import Foundation
import JikimVault

/// A file of people to import: JSON Lines, one person a line, or CSV with a header row.
///
/// JSON Lines: `{"id": "m-1", "category": "member", "items": {"email": "…"}, "consents": ["marketing"]}`; `category`
/// is a list (`["tenant", "petitioner"]`) for a person in several categories.
/// CSV: columns `id`, `category` and `consents` (several separated by `;`), and one column per item.
enum SubjectFile {
    enum Entry {
        case subject(line: Int, NewSubject)
        case rejected(line: Int, reason: String)
    }

    static func read(path: String, csv: Bool, _ each: (Entry) async throws -> Void) async throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
        if csv {
            guard let text = String(data: data, encoding: .utf8) else { throw CommandFailure("\(path): not UTF-8 text") }
            try await readCSV(text, path: path, each)
        } else {
            var line = 0
            for text in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                line += 1
                guard !text.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) else { continue }
                try await each(parseJSONLine(Data(text), line: line))
            }
        }
    }

    static func parseJSONLine(_ data: Data, line: Int) -> Entry {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return .rejected(line: line, reason: "not a JSON object")
        }
        let known: Set<String> = ["id", "category", "items", "consents"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            return .rejected(line: line, reason: "unknown field '\(unknown)'; expected id, category, items, consents")
        }
        guard let id = object["id"] as? String, !id.isEmpty else { return .rejected(line: line, reason: "'id' is missing or not text") }
        guard let items = object["items"] as? [String: Any] else { return .rejected(line: line, reason: "'items' is missing or not an object") }
        var values: [String: String] = [:]
        for (item, value) in items {
            switch value {
            case let text as String: values[item] = text
            case let number as NSNumber: values[item] = number.stringValue
            default: return .rejected(line: line, reason: "item '\(item)' is not text or a number")
            }
        }
        let consents = object["consents"] as? [String] ?? []
        if object["consents"] != nil, object["consents"] as? [String] == nil {
            return .rejected(line: line, reason: "'consents' is not a list of consent IDs")
        }
        // One category, or a list where the person is in several.
        let categories: [String]
        switch object["category"] {
        case nil: categories = []
        case let one as String: categories = [one]
        case let several as [String]: categories = several
        default: return .rejected(line: line, reason: "'category' is not a category ID or a list of them")
        }
        return .subject(line: line, NewSubject(externalID: id, categories: categories, values: values, consents: consents))
    }

    private static func readCSV(_ text: String, path: String, _ each: (Entry) async throws -> Void) async throws {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            throw CommandFailure("\(path): not CSV with a header row")
        }
        guard let header = reader.headerRow, header.contains("id") else {
            throw CommandFailure("\(path): the header row needs an 'id' column")
        }
        var line = 1
        while let row = reader.next() {
            line += 1
            guard row.count == header.count else {
                try await each(.rejected(line: line, reason: "\(row.count) fields where the header has \(header.count)"))
                continue
            }
            var values: [String: String] = [:]
            var id = "", categories: [String] = [], consents: [String] = []
            for (column, field) in zip(header, row) {
                switch column {
                case "id": id = field
                case "category": categories = field.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                case "consents": consents = field.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                default: if !field.isEmpty { values[column] = field }
                }
            }
            guard !id.isEmpty else {
                try await each(.rejected(line: line, reason: "'id' is empty"))
                continue
            }
            try await each(.subject(line: line, NewSubject(externalID: id, categories: categories, values: values, consents: consents)))
        }
        if let error = reader.error { throw CommandFailure("\(path):\(line + 1): not valid CSV (\(error))") }
    }
}
