enum RetentionRules {
    /// Every item has a retention rule, so that its destruction date can be known (Art. 21(1), Art. 30(1)2).
    static let itemWithoutRetention: PolicyChecker.Rule = { policy in
        let kept = Set(policy.retention.flatMap(\.items))
        return policy.items.enumerated().compactMap { index, item in
            kept.contains(item.id)
                ? nil
                : .error("item-without-retention", at: PolicyPath.root["items"][index]["id"],
                    "item '\(item.id)' has no retention rule: say how long it is kept and from when",
                    article: "PIPA Art. 21(1), Art. 30(1)2")
        }
    }

    /// What a law requires to keep after the purpose has ended is stored apart from other data (Art. 21(3)).
    static let lawRetentionSeparated: PolicyChecker.Rule = { policy in
        policy.retention.enumerated().compactMap { index, rule in
            guard rule.basis.restsOnLaw, rule.term.event.endsPurpose, !rule.separate else { return nil }
            return .error("law-retention-not-separated", at: PolicyPath.root["retention"][index]["separate"],
                "items kept under a law after \(rule.term.event.text(in: .en)) must be stored separately (separate: true)",
                article: "PIPA Art. 21(3)")
        }
    }

    /// Keeping items after the purpose has ended needs a reason the policy states: a statute, the person's consent
    /// or its own policy (Art. 21(1)); a rule that states none is warned, as it is rendered, rather than a reason guessed.
    static let retentionBasisUnstated: PolicyChecker.Rule = { policy in
        policy.retention.enumerated().compactMap { index, rule in
            guard rule.basis == .unstated, case .period(_, let event) = rule.term, event.endsPurpose || !rule.eventStated else { return nil }
            return .warning("basis-unstated", at: PolicyPath.root["retention"][index]["basis"],
                "retention rule \(rule.id.map { "'\($0)'" } ?? "#\(index + 1)") keeps items after the purpose has ended and the policy states no reason; it is rendered as not stated",
                article: "PIPA Art. 21(1), Art. 30(1)2")
        }
    }

    /// Keeping for ever needs a statute or a records schedule that sets it; the policy is warned where it names none.
    static let permanentWithoutLaw: PolicyChecker.Rule = { policy in
        policy.retention.enumerated().compactMap { index, rule in
            guard rule.term == .permanent, !rule.basis.restsOnLaw else { return nil }
            return .warning("permanent-without-law", at: PolicyPath.root["retention"][index]["keep"],
                "retention rule \(rule.id.map { "'\($0)'" } ?? "#\(index + 1)") keeps items permanently without a statute among its bases; only a law (a records schedule) can set that",
                article: "PIPA Art. 21(1)")
        }
    }
}
