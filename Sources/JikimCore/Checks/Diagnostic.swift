/// Where in the policy a diagnostic points: a path of keys and list positions, such as `purposes[2].basis`.
public struct PolicyPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    public static let root = PolicyPath()

    public func key(_ key: String) -> PolicyPath { PolicyPath(components + [.key(key)]) }
    public func index(_ index: Int) -> PolicyPath { PolicyPath(components + [.index(index)]) }
    public subscript(key: String) -> PolicyPath { self.key(key) }
    public subscript(index: Int) -> PolicyPath { self.index(index) }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text.isEmpty ? "(top level)" : text
    }
}

/// A problem found in a policy: what is wrong, where, which rule it breaks and the article behind it.
public struct Diagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    public var severity: Severity
    /// The rule broken, a stable identifier such as `provision-on-contract`.
    public var rule: String
    public var path: PolicyPath
    public var message: String
    /// The provision of law behind the rule, such as `PIPA Art. 17(1)`.
    public var article: String?

    public init(_ severity: Severity, rule: String, at path: PolicyPath, _ message: String, article: String? = nil) {
        self.severity = severity
        self.rule = rule
        self.path = path
        self.message = message
        self.article = article
    }

    public static func error(_ rule: String, at path: PolicyPath, _ message: String, article: String? = nil) -> Diagnostic {
        Diagnostic(.error, rule: rule, at: path, message, article: article)
    }

    public static func warning(_ rule: String, at path: PolicyPath, _ message: String, article: String? = nil) -> Diagnostic {
        Diagnostic(.warning, rule: rule, at: path, message, article: article)
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    public var errors: [Diagnostic] { filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { filter { $0.severity == .warning } }
}
