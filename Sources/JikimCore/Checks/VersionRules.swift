enum VersionRules {
    /// The version says when it takes effect, after it is announced, and history runs backwards in time.
    static let versionDates: PolicyChecker.Rule = { policy in
        var findings: [Diagnostic] = []
        let version = policy.version
        let path = PolicyPath.root["version"]
        if let month = version.effectiveMonth {
            findings.append(version.undated
                ? .error("undated-version", at: path["undated"], "the version is marked undated but gives the month it takes effect: remove one")
                : .warning("undated-version", at: path["effective"],
                    "the version gives only the month it takes effect (\(month)): the render says the month, and a new version published after it needs a day",
                    article: "PIPA Art. 30(2)"))
        } else if version.effective == nil, !version.undated {
            findings.append(.error("no-effective-date", at: path, "give the date this version takes effect (effective), or undated: true for a text that gives none",
                article: "PIPA Art. 30(2)"))
        } else if version.undated {
            findings.append(version.effective == nil
                ? .warning("undated-version", at: path["undated"], "the version gives no date it takes effect: the render says none, and a new version published after it needs one",
                    article: "PIPA Art. 30(2)")
                : .error("undated-version", at: path["undated"], "the version is marked undated but gives an effective date: remove one"))
        }
        if let announced = version.announced, let effective = version.effective {
            if effective < announced {
                findings.append(.error("effective-before-announced", at: path["effective"],
                    "the version takes effect on \(effective), before it is announced on \(announced)"))
            } else if effective.dayNumber - announced.dayNumber < 7 {
                findings.append(.warning("short-notice", at: path["announced"],
                    "the change is announced \(effective.dayNumber - announced.dayNumber) days before it takes effect; 7 days (30 for changes to people's rights) is the practice"))
            }
        } else if version.effective != nil, version.announced == nil {
            findings.append(.warning("no-announcement-date", at: path,
                "give the date this version was announced (announced), so the notice of change can show it"))
        }
        if version.freshConsent, version.summary == nil {
            findings.append(.warning("fresh-consent-without-summary", at: path,
                "the change needs fresh consent; summarise it (summary) so people know what they are asked"))
        }
        var ids: Set<String> = [version.id]
        for (index, earlier) in policy.history.enumerated() {
            let entry = PolicyPath.root["history"][index]
            if !ids.insert(earlier.id).inserted {
                findings.append(.error("duplicate-version", at: entry["id"], "version '\(earlier.id)' appears more than once"))
            }
            if let effective = version.effective, let before = earlier.effective, before >= effective {
                findings.append(.error("history-not-earlier", at: entry["effective"],
                    "earlier version '\(earlier.id)' takes effect on \(before), not before the current version (\(effective))"))
            }
        }
        return findings
    }
}
