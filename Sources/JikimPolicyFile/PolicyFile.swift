import Foundation
import JikimCore
import Yams

/// A diagnostic placed in a file: `policy.yaml:12:5: error: … [rule] (PIPA Art. 17(1))`.
public struct LocatedDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public var diagnostic: Diagnostic
    public var file: String
    public var line: Int
    public var column: Int

    public var description: String {
        var text = "\(file):\(line):\(column): \(diagnostic.severity.rawValue): \(diagnostic.path): \(diagnostic.message) [\(diagnostic.rule)]"
        if let article = diagnostic.article { text += " (\(article))" }
        return text
    }
}

/// Why a policy file could not be used.
public enum PolicyFileError: Error, Sendable, CustomStringConvertible {
    /// The file could not be read as YAML text at all.
    case unreadable(file: String, line: Int?, column: Int?, reason: String)
    /// The file was read, but it is not a valid policy.
    case invalid([LocatedDiagnostic])

    public var description: String {
        switch self {
        case .unreadable(let file, let line, let column, let reason):
            if let line, let column { "\(file):\(line):\(column): error: \(reason)" } else { "\(file): error: \(reason)" }
        case .invalid(let diagnostics):
            diagnostics.map(\.description).joined(separator: "\n")
        }
    }
}

/// A policy read from a file, with what the checks found in it.
public struct LoadedPolicy: Sendable {
    public var policy: Policy
    public var file: String
    /// The file's text, as read.
    public var source: String
    /// Warnings (and, when loaded without requiring validity, errors) in file order, placed in the file.
    public var diagnostics: [LocatedDiagnostic]
}

/// Reads policy files.
public enum PolicyFile {
    /// Reads and checks the policy at `path`. Throws `.unreadable` when the file cannot be read as YAML and
    /// `.invalid` when it breaks the format or any rule; warnings come back with the policy.
    public static func load(path: String) throws(PolicyFileError) -> LoadedPolicy {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw PolicyFileError.unreadable(file: path, line: nil, column: nil, reason: "the file is not UTF-8 text")
            }
            text = decoded
        } catch let error as PolicyFileError {
            throw error
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "the file cannot be read" : "no such file"
            throw .unreadable(file: path, line: nil, column: nil, reason: reason)
        }
        return try parse(text, file: path)
    }

    /// Reads and checks a policy from YAML text; `file` names it in messages. `also` adds rules of the occasion (such
    /// as those for publishing a new version), whose problems are placed in the file like the checker's.
    public static func parse(
        _ text: String, file: String, also rules: (Policy) -> [Diagnostic] = { _ in [] }
    ) throws(PolicyFileError) -> LoadedPolicy {
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw PolicyFileError.unreadable(file: file, line: nil, column: nil, reason: "the file is empty")
            }
            node = composed
        } catch let error as PolicyFileError {
            throw error
        } catch let error as YamlError {
            throw unreadable(error, file: file)
        } catch {
            throw .unreadable(file: file, line: nil, column: nil, reason: "not valid YAML")
        }

        let log = ReadingLog()
        let policy = NodeValue(node: node, path: .root, log: log).policy()
        var diagnostics = log.diagnostics
        // The rules run on a policy that was read whole; on a partial one they would report the gaps the format
        // errors already explain (a retention rule that could not be read leaves its items "without retention").
        if let policy, diagnostics.isEmpty { diagnostics = PolicyChecker.check(policy) + rules(policy) }
        let located = diagnostics.map { locate($0, in: node, file: file) }
            .sorted { ($0.diagnostic.severity, $0.line, $0.column) < ($1.diagnostic.severity, $1.line, $1.column) }
        guard let policy, !diagnostics.hasErrors else { throw .invalid(located) }
        return LoadedPolicy(policy: policy, file: file, source: text, diagnostics: located)
    }

    private static func unreadable(_ error: YamlError, file: String) -> PolicyFileError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let reason = ["not valid YAML:", context.map { "\($0.text)," }, problem].compactMap { $0 }.joined(separator: " ")
            return .unreadable(file: file, line: mark.line, column: mark.column, reason: reason)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .unreadable(file: file, line: context.mark.line, column: context.mark.column,
                               reason: "key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) appears twice in one mapping")
        case .reader(let problem, _, _, _):
            return .unreadable(file: file, line: nil, column: nil, reason: "not valid YAML: \(problem)")
        default:
            return .unreadable(file: file, line: nil, column: nil, reason: "not valid YAML: \(error)")
        }
    }

    /// Places a diagnostic at the node its path names, or at the nearest enclosing node that exists.
    static func locate(_ diagnostic: Diagnostic, in root: Node, file: String) -> LocatedDiagnostic {
        var node = root
        var mark = root.mark
        let components = diagnostic.path.components
        for (position, component) in components.enumerated() {
            let next: Node? = switch (component, node) {
            case (.key(let key), .mapping(let mapping)):
                // An unknown key is shown where the key is written, not where its value is.
                position == components.count - 1 && diagnostic.rule == "unknown-key"
                    ? mapping.first { $0.key.string == key }?.key
                    : mapping[key]
            case (.index(let index), .sequence(let sequence)) where index < sequence.count: sequence[index]
            default: nil
            }
            guard let next else { break }
            node = next
            mark = next.mark ?? mark
        }
        return LocatedDiagnostic(diagnostic: diagnostic, file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }
}

extension Diagnostic.Severity {
    fileprivate static func < (lhs: Self, rhs: Self) -> Bool { lhs == .error && rhs == .warning }
}

/// What `jikim policy check` reports: the lines to print and the exit status (0 valid, 1 invalid, 2 unreadable).
public struct CheckReport: Sendable {
    public var lines: [String]
    public var exitCode: Int32

    public init(path: String) {
        do {
            let loaded = try PolicyFile.load(path: path)
            let policy = loaded.policy
            lines = loaded.diagnostics.map(\.description) + [
                "\(path): valid: \(policy.items.count) items, \(policy.purposes.count) purposes, \(policy.retention.count) retention rules, \(loaded.diagnostics.count) warning(s)",
                Self.calendarLine(policy),
            ]
            exitCode = 0
        } catch {
            switch error {
            case .unreadable:
                lines = [error.description]
                exitCode = 2
            case .invalid(let diagnostics):
                let errors = diagnostics.filter { $0.diagnostic.severity == .error }.count
                lines = diagnostics.map(\.description) + [
                    "\(path): invalid: \(errors) error(s), \(diagnostics.count - errors) warning(s)",
                ]
                exitCode = 1
            }
        }
    }

    /// Which years deadlines are counted with a calendar that knows every public holiday, and the days declared.
    static func calendarLine(_ policy: Policy) -> String {
        let covered = HolidayCalendar.coveredYears
        let declared = policy.holidays.isEmpty ? "" : "; \(policy.holidays.count) day(s) off declared in holidays:"
        return "calendar: every public holiday known for \(covered.lowerBound)–\(covered.upperBound); deadlines counted "
            + "through a later year are provisional\(declared)"
    }
}
