enum ProtectionRules {
    /// Passwords are stored one-way; unique identifiers, card and account numbers, biometric and other
    /// authentication information encrypted (Art. 24(3), Art. 29; safety standard Art. 7).
    static let requiredProtection: PolicyChecker.Rule = { policy in
        policy.items.enumerated().compactMap { index, item in
            guard let required = item.category.requiredProtection, !item.protection.satisfies(required) else { return nil }
            return .error("unprotected-item", at: PolicyPath.root["items"][index]["protection"],
                "item '\(item.id)' (\(item.category.rawValue)) must be stored with protection: \(required.rawValue), not \(item.protection.rawValue)",
                article: "PIPA Art. 29; safety standard Art. 7")
        }
    }
}
