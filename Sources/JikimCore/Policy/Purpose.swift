/// A purpose of processing (처리 목적), with the items it uses and its legal basis.
public struct Purpose: Sendable, Hashable {
    public var id: Identifier
    public var name: LocalizedText
    public var description: LocalizedText?
    public var items: [Identifier]
    public var basis: LegalBasis?
    /// Marketing or advertising: needs its own consent and is an opt-out purpose.
    public var marketing: Bool
    public var subjects: [Identifier]
    public var services: [Identifier]

    public init(
        id: Identifier, name: LocalizedText, description: LocalizedText? = nil, items: [Identifier] = [],
        basis: LegalBasis?, marketing: Bool = false, subjects: [Identifier] = [], services: [Identifier] = []
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.items = items
        self.basis = basis
        self.marketing = marketing
        self.subjects = subjects
        self.services = services
    }
}
