/// A service, or an occasion of collection, under which the policy lists the items it collects
/// (서비스별 수집 항목).
public struct ServiceDeclaration: Sendable, Hashable {
    public var id: Identifier
    public var name: LocalizedText
    /// How this service's list calls its items, where it differs from the items' own `required` flags.
    public var requirement: ServiceRequirement
    /// The service's items in the order its list names them, when the policy's order of items is not theirs; each
    /// names this service under its `services`.
    public var order: [Identifier]

    public init(id: Identifier, name: LocalizedText, requirement: ServiceRequirement = .asItemsSay, order: [Identifier] = []) {
        self.order = order
        self.id = id
        self.name = name
        self.requirement = requirement
    }
}

extension Policy {
    /// The items a service collects, in the order its list names them.
    public func items(of service: ServiceDeclaration) -> [Item] {
        let collected = items.filter { $0.services.contains(service.id) }
        guard !service.order.isEmpty else { return collected }
        let position = Dictionary(service.order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return collected.enumerated().sorted { a, b in
            (position[a.element.id] ?? service.order.count + a.offset, a.offset) < (position[b.element.id] ?? service.order.count + b.offset, b.offset)
        }.map(\.element)
    }
}

/// What a service's list of items says of 필수 and 선택. It changes the render only: Jikim enforces each item's flag.
public enum ServiceRequirement: Sendable, Hashable {
    /// Each item as its own `required` flag says.
    case asItemsSay
    /// The list names its items as collected (수집항목) without saying which are required.
    case unstated
    /// These items are required in this service, those optional, whatever their flags say elsewhere (an item
    /// optional at sign-up may be required to use a service).
    case overrides(required: [Identifier], optional: [Identifier])

    /// Whether `item` is listed as required (true), optional (false) or neither (nil) in this service.
    public func required(_ item: Item) -> Bool? {
        switch self {
        case .asItemsSay: item.requirementStated ? item.required : nil
        case .unstated: nil
        case .overrides(let required, let optional):
            required.contains(item.id) ? true : optional.contains(item.id) ? false : (item.requirementStated ? item.required : nil)
        }
    }
}
