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
