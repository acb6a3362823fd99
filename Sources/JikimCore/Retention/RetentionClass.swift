/// Items kept by the same retention rules share one data key per person, so that destroying the key destroys
/// exactly the items whose time has come while the rest is kept as the law requires.
public enum RetentionClass {
    /// The class of `item`: the ids (or positions) of the retention rules that keep it, in a fixed order.
    public static func of(_ item: Identifier, in policy: Policy) -> String {
        let rules = policy.retention.enumerated()
            .filter { $0.element.items.contains(item) }
            .map { $0.element.id ?? "rule\($0.offset + 1)" }
            .sorted()
        return rules.isEmpty ? "unretained" : rules.joined(separator: "+")
    }
}

extension RetentionClass {
    /// The rules of `retentionClass`, in the policy's order; empty for `unretained` or a class the policy no longer has.
    public static func rules(of retentionClass: String, in policy: Policy) -> [RetentionRule] {
        let names = Set(retentionClass.split(separator: "+").map(String.init))
        return policy.retention.enumerated()
            .filter { names.contains($0.element.id ?? "rule\($0.offset + 1)") }
            .map(\.element)
    }

    /// The name a rule goes by in class names and records: its id, or its position.
    public static func name(of rule: RetentionRule, in policy: Policy) -> String {
        if let id = rule.id { return id }
        let position = policy.retention.firstIndex(of: rule).map { $0 + 1 } ?? 0
        return "rule\(position)"
    }
}
