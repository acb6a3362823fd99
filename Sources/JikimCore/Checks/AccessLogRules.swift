enum AccessLogRules {
    /// Access records are kept at least 1 year, 2 years where unique identifiers or sensitive information are
    /// processed; records of rights granted, changed and revoked at least 3 years (safety standard Arts. 5(3), 8(1)).
    static let retention: PolicyChecker.Rule = { policy in
        guard let log = policy.accessLog else { return [] }
        var findings: [Diagnostic] = []
        let minimum = policy.holdsSpecialCategories ? Period(2, .years) : Period(1, .years)
        if log.keep.approximateDays < minimum.approximateDays {
            let why = policy.holdsSpecialCategories ? "; the policy processes unique identifiers or sensitive information" : ""
            findings.append(.error("access-log-retention", at: PolicyPath.root["access_log"]["keep"],
                "access records are kept \(log.keep), less than the \(minimum) the safety standard requires\(why)",
                article: "safety standard Art. 8(1)"))
        }
        if log.keepRightsChanges.approximateDays < Period(3, .years).approximateDays {
            findings.append(.error("rights-log-retention", at: PolicyPath.root["access_log"]["keep_rights_changes"],
                "records of rights granted, changed and revoked are kept \(log.keepRightsChanges), less than the 3 years the safety standard requires",
                article: "safety standard Art. 5(3)"))
        }
        return findings
    }
}
