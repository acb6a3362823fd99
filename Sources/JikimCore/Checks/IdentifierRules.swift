enum IdentifierRules {
    /// Every id is well formed and declared once in its list.
    static let duplicates: PolicyChecker.Rule = { policy in
        var findings: [Diagnostic] = []
        func check(_ ids: [Identifier?], list: String, what: String) {
            var seen: Set<Identifier> = []
            for (index, id) in ids.enumerated() {
                guard let id else { continue }
                let path = PolicyPath.root[list][index]["id"]
                if !id.isValidIdentifier {
                    findings.append(.error("invalid-id", at: path,
                        "\(what) id '\(id)' must be lower-case letters, digits and '_', starting with a letter"))
                }
                if !seen.insert(id).inserted {
                    findings.append(.error("duplicate-id", at: path, "\(what) '\(id)' is declared more than once"))
                }
            }
        }
        check(policy.items.map(\.id), list: "items", what: "item")
        check(policy.purposes.map(\.id), list: "purposes", what: "purpose")
        check(policy.consents.map(\.id), list: "consents", what: "consent")
        check(policy.subjects.map(\.id), list: "subjects", what: "data-subject category")
        check(policy.services.map(\.id), list: "services", what: "service")
        check(policy.retention.map(\.id), list: "retention", what: "retention rule")
        check(policy.provisions.map(\.id), list: "provisions", what: "provision")
        check(policy.statutes.map(\.id), list: "statutes", what: "statute")
        check(policy.roles.map(\.id), list: "roles", what: "role")
        return findings
    }
}
