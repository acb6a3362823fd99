/// An actor as the staff pages show them.
public struct StaffMember: Sendable {
    public var id: String
    public var kind: String
    public var roles: [Identifier]
    public var disabled: Bool
    public var locked: Bool

    public init(id: String, kind: String, roles: [Identifier], disabled: Bool, locked: Bool) {
        self.id = id
        self.kind = kind
        self.roles = roles
        self.disabled = disabled
        self.locked = locked
    }
}
