import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body, a name possibly repeated (checkboxes).
struct FormFields {
    private var values: [String: [String]] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let name = Self.decode(parts[0]), !name.isEmpty else { continue }
            values[name, default: []].append(parts.count > 1 ? Self.decode(parts[1]) ?? "" : "")
        }
    }

    /// Reads a form body of at most `limit` bytes.
    static func read(_ request: Request, limit: Int = 64 * 1024) async throws -> FormFields {
        let buffer = try await request.body.collect(upTo: limit)
        return FormFields(String(buffer: buffer))
    }

    subscript(_ name: String) -> String? {
        values[name]?.first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    func all(_ name: String) -> [String] {
        (values[name] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    private static func decode(_ text: String) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
