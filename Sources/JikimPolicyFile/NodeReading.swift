import Foundation
import JikimCore
import Yams

/// Collects the problems found while reading a policy file, so that one run reports all of them.
final class ReadingLog {
    var diagnostics: [Diagnostic] = []

    func error(_ rule: String, at path: PolicyPath, _ message: String) {
        diagnostics.append(.error(rule, at: path, message))
    }
}

/// A YAML node at a known place in the policy file.
struct NodeValue {
    let node: Node
    let path: PolicyPath
    let log: ReadingLog

    var isNull: Bool {
        if case .scalar(let scalar) = node {
            return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
        }
        return false
    }

    func fail<T>(_ message: String, rule: String = "wrong-type") -> T? {
        log.error(rule, at: path, message)
        return nil
    }

    /// A plain value: a string, number or date written as a scalar.
    func string() -> String? {
        guard case .scalar(let scalar) = node else {
            return fail("expected a single value, found \(kind)")
        }
        return scalar.string
    }

    func nonEmptyString() -> String? {
        guard let text = string() else { return nil }
        if text.trimmingCharacters(in: .whitespaces).isEmpty { return fail("must not be empty", rule: "empty-value") }
        return text
    }

    func bool() -> Bool? {
        switch string() {
        case "true"?: true
        case "false"?: false
        case let text?: fail("expected true or false, found '\(text)'")
        case nil: nil
        }
    }

    func int(range: ClosedRange<Int>? = nil) -> Int? {
        guard let text = string() else { return nil }
        guard let value = Int(text) else { return fail("expected a whole number, found '\(text)'") }
        if let range, !range.contains(value) {
            return fail("expected a number from \(range.lowerBound) to \(range.upperBound), found \(value)")
        }
        return value
    }

    func identifier() -> Identifier? {
        guard let text = string() else { return nil }
        guard text.isValidIdentifier else {
            return fail("'\(text)' is not an identifier: use lower-case letters, digits and '_', starting with a letter", rule: "invalid-id")
        }
        return text
    }

    func date() -> CivilDate? {
        guard let text = string() else { return nil }
        guard let date = CivilDate(iso: text) else { return fail("expected a date YYYY-MM-DD, found '\(text)'") }
        return date
    }

    func period() -> Period? {
        guard let text = string() else { return nil }
        guard let period = Period(parsing: text) else {
            return fail("expected a period such as '5 years', '3 months', '30 days' or '2 weeks', found '\(text)'")
        }
        return period
    }

    func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> T? where T.RawValue == String {
        guard let text = string() else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            return fail("'\(text)' is not one of: \(allowed)", rule: "unknown-value")
        }
        return value
    }

    /// Text in one language for all, or `{ko: …, en: …}`.
    func text() -> LocalizedText? {
        switch node {
        case .scalar:
            return nonEmptyString().map(LocalizedText.init)
        case .mapping:
            guard var fields = mapping() else { return nil }
            let ko = fields.optional("ko") { $0.nonEmptyString() }
            let en = fields.optional("en") { $0.nonEmptyString() }
            fields.finish()
            if ko == nil, en == nil { return fail("give the text in ko, en or both", rule: "empty-value") }
            return LocalizedText(ko: ko, en: en)
        default:
            return fail("expected text or {ko: …, en: …}, found \(kind)")
        }
    }

    func list<T>(_ element: (NodeValue) -> T?) -> [T]? {
        guard case .sequence(let sequence) = node else {
            return fail("expected a list, found \(kind)")
        }
        return sequence.enumerated().compactMap { index, child in
            element(NodeValue(node: child, path: path[index], log: log))
        }
    }

    func mapping() -> MappingReader? {
        guard case .mapping(let mapping) = node else {
            return fail("expected a mapping of keys to values, found \(kind)")
        }
        return MappingReader(mapping: mapping, path: path, log: log)
    }

    var kind: String {
        switch node {
        case .scalar(let scalar): "the value '\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}

/// Reads the keys of a YAML mapping, and reports the keys nobody asked for as unknown.
struct MappingReader {
    let mapping: Node.Mapping
    let path: PolicyPath
    let log: ReadingLog
    private var asked: Set<String> = []

    init(mapping: Node.Mapping, path: PolicyPath, log: ReadingLog) {
        self.mapping = mapping
        self.path = path
        self.log = log
    }

    func has(_ key: String) -> Bool { mapping[key] != nil }

    /// The key is present with a value (an empty value counts as absent).
    func hasValue(_ key: String) -> Bool {
        guard let node = mapping[key] else { return false }
        return !NodeValue(node: node, path: path, log: log).isNull
    }

    mutating func value(_ key: String) -> NodeValue? {
        asked.insert(key)
        guard let node = mapping[key] else { return nil }
        let value = NodeValue(node: node, path: path[key], log: log)
        return value.isNull ? nil : value
    }

    mutating func required<T>(_ key: String, _ read: (NodeValue) -> T?) -> T? {
        guard let value = value(key) else {
            log.error("missing-key", at: path, "'\(key)' is required here")
            return nil
        }
        return read(value)
    }

    mutating func optional<T>(_ key: String, _ read: (NodeValue) -> T?) -> T? {
        value(key).flatMap(read)
    }

    mutating func list<T>(_ key: String, _ element: (NodeValue) -> T?) -> [T] {
        optional(key) { $0.list(element) } ?? []
    }

    /// Reports every key that was not asked for.
    func finish() {
        let known = asked.sorted()
        for (key, _) in mapping {
            guard case .scalar(let scalar) = key else {
                log.error("wrong-type", at: path, "keys must be plain names")
                continue
            }
            if !asked.contains(scalar.string) {
                let hint = known.min { a, b in distance(a, scalar.string) < distance(b, scalar.string) }
                    .flatMap { distance($0, scalar.string) <= 3 ? " (did you mean '\($0)'?)" : nil } ?? ""
                log.error("unknown-key", at: path[scalar.string], "unknown key '\(scalar.string)'\(hint); expected one of: \(known.joined(separator: ", "))")
            }
        }
    }
}

/// The edit distance between two names, for suggesting the key that was meant.
private func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
