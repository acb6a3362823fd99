/// A role staff or services hold; it grants the purposes they may process personal information for
/// (least privilege: a role grants only what its duties need).
public struct Role: Sendable, Hashable {
    public var id: Identifier
    public var name: LocalizedText
    public var purposes: [Identifier]

    public init(id: Identifier, name: LocalizedText, purposes: [Identifier]) {
        self.id = id
        self.name = name
        self.purposes = purposes
    }
}
