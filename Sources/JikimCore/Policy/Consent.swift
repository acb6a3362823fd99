/// A consent the organisation asks for. Each is asked separately (Art. 22(1)).
public struct ConsentDeclaration: Sendable, Hashable {
    public var id: Identifier
    public var kind: ConsentKind
    public var title: LocalizedText

    public init(id: Identifier, kind: ConsentKind, title: LocalizedText) {
        self.id = id
        self.kind = kind
        self.title = title
    }
}

/// The kinds of consent PIPA asks to be given separately.
public enum ConsentKind: String, Sendable, Hashable, CaseIterable {
    /// Collection and use the service cannot do without.
    case required
    /// Optional items or purposes: refusing must not cost the service (Art. 16(3)).
    case optional
    /// Marketing and advertising (Art. 22(1)7).
    case marketing
    /// Provision to a third party (Art. 17(1)1).
    case provision
    /// Sensitive information (Art. 23(1)1).
    case sensitive
    /// Unique identifiers (Art. 24(1)1).
    case uniqueIdentifier = "unique_identifier"
    /// Transfer abroad (Art. 28-8(1)1).
    case overseasTransfer = "overseas_transfer"
}

extension Policy {
    /// The consents a person objects to with a Global Privacy Control signal (`Sec-GPC: 1`): marketing consents, and
    /// the consents the opt-out (marketing) purposes rest on.
    public var optOutConsents: [Identifier] {
        let marketing = consents.filter { $0.kind == .marketing }.map(\.id)
        let resting = purposes.filter(\.marketing).flatMap { $0.basis?.consentIDs ?? [] }
        return (marketing + resting).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }
}
