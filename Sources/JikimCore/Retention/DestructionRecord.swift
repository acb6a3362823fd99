import Foundation

/// One line of the destruction ledger (파기 관리대장): what was destroyed, whose, when and why, how, by whom and
/// with whose approval. It names the person by pseudonym only, so it can be kept, and logged, after the data is gone.
public struct DestructionRecord: Sendable, Hashable {
    /// The person's pseudonym.
    public var subject: String
    /// The retention class destroyed.
    public var retentionClass: String
    /// The items it held.
    public var items: [Identifier]
    /// When the data was collected.
    public var collectedAt: Date
    public var destroyedAt: Date
    /// Why: the rule whose term ended (`payment_supply: 5 years from purpose_achieved`), or that the purpose ended.
    public var reason: String
    /// The basis the data was kept on until then: `law:ecommerce_act`, `internal_policy`, `consent:marketing`.
    public var basis: String
    public var method: String
    public var executedBy: String
    /// The privacy officer who approved, or `automatic` where the policy lets destruction run by itself.
    public var approvedBy: String

    public init(
        subject: String, retentionClass: String, items: [Identifier], collectedAt: Date, destroyedAt: Date, reason: String,
        basis: String, method: String = DestructionRecord.cryptoShredding, executedBy: String, approvedBy: String
    ) {
        self.subject = subject
        self.retentionClass = retentionClass
        self.items = items
        self.collectedAt = collectedAt
        self.destroyedAt = destroyedAt
        self.reason = reason
        self.basis = basis
        self.method = method
        self.executedBy = executedBy
        self.approvedBy = approvedBy
    }

    /// How Jikim destroys electronic records.
    public static let cryptoShredding = "crypto-shredding: data key destroyed, values and index entries deleted"
    /// How Jikim deletes some items of a class whose other items it keeps (the class's data key stays for them).
    public static let itemDeletion = "deletion: the items' encrypted values and index entries deleted, their space overwritten"
}

extension ClassSchedule {
    /// The reason a destruction of this class cites.
    public var destructionReason: String {
        guard let rule = lastRule else { return "purpose achieved: no retention rule keeps these items" }
        let name = rule.id ?? retentionClass
        switch rule.term {
        case .until(let event): return "\(name): until \(event.rawValue)"
        case .untilFirst(let events): return "\(name): until the first of \(events.map(\.rawValue).joined(separator: ", "))"
        case .period(let period, let event): return "\(name): \(period) from \(event.rawValue)"
        case .permanent: return "\(name): permanently"
        }
    }

    /// The basis the class was kept on.
    public var basisText: String {
        lastRule.map { Self.text(of: $0.basis) } ?? "purpose"
    }

    private static func text(of basis: RetentionBasis) -> String {
        switch basis {
        case .law(let statute): "law:\(statute.statute)"
        case .consent(let consent): "consent:\(consent)"
        case .internalPolicy: "internal_policy"
        case .several(let bases): bases.map(text(of:)).joined(separator: "+")
        case .unstated: "unstated"
        }
    }
}
