import Foundation

/// What an incident exposed, as the investigation knows it: the access records that match — those of a stolen
/// token or an actor, from some addresses, in a window, of some items — each an operation that disclosed values.
public struct ScopeQuery: Sendable, Hashable, Codable {
    public var actor: String?
    /// A service token's or session's public identifier (`jk_…`, `js_…`), as access records name it.
    public var token: String?
    public var sources: [String]
    public var from: Date
    public var to: Date
    /// Only these items count, where the incident touched only some.
    public var items: [Identifier]

    public init(actor: String? = nil, token: String? = nil, sources: [String] = [], from: Date, to: Date, items: [Identifier] = []) {
        self.actor = actor
        self.token = token
        self.sources = sources
        self.from = from
        self.to = to
        self.items = items
    }

    /// Operations that disclosed values of personal information to whoever made them.
    public static let disclosing: Set<Operation> = [.read, .export, .readSeparated, .provide]

    /// The items `record` exposed under this query, or nil when it exposed nothing the query is about: an allowed
    /// operation that disclosed values, made by the actor or token, from one of the addresses, in the window.
    public func exposed(by record: AccessRecord) -> [Identifier]? {
        guard record.outcome == .allowed, Self.disclosing.contains(record.operation),
              record.at >= from, record.at < to else { return nil }
        if let actor, record.actor != actor { return nil }
        if let token, record.token != token { return nil }
        if !sources.isEmpty, !sources.contains(record.source ?? "") { return nil }
        let items = self.items.isEmpty ? record.items : record.items.filter(self.items.contains)
        return items.isEmpty ? nil : items
    }

    /// The query names something to look for besides the window: a window alone would take in everyone read in it.
    public var isNarrowed: Bool { actor != nil || token != nil || !sources.isEmpty || !items.isEmpty }
}

/// One person an incident exposed: their pseudonym in the log, who they are in the vault (nil when the vault no
/// longer holds them), and the items exposed.
public struct ExposedPerson: Sendable, Hashable {
    public var pseudonym: String
    public var subject: String?
    public var items: [Identifier]

    public init(pseudonym: String, subject: String?, items: [Identifier]) {
        self.pseudonym = pseudonym
        self.subject = subject
        self.items = items
    }
}

/// Folds matching access records into the people and items they exposed, in the order first met.
public struct ExposureTally: Sendable {
    public private(set) var people: [String: [Identifier]] = [:]
    public private(set) var order: [String] = []
    public private(set) var records = 0
    /// The lowest and highest log index of the records that matched.
    public private(set) var first: UInt64?
    public private(set) var last: UInt64?

    public init() {}

    public mutating func add(index: UInt64, record: AccessRecord, query: ScopeQuery) {
        guard let items = query.exposed(by: record) else { return }
        records += 1
        first = Swift.min(first ?? index, index)
        last = Swift.max(last ?? index, index)
        if people[record.subject] == nil { order.append(record.subject) }
        var known = people[record.subject] ?? []
        for item in items where !known.contains(item) { known.append(item) }
        people[record.subject] = known
    }

    /// Every item exposed of anyone, in the order first met.
    public var items: [Identifier] {
        var all: [Identifier] = []
        for pseudonym in order { for item in people[pseudonym] ?? [] where !all.contains(item) { all.append(item) } }
        return all
    }
}
