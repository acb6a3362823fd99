/// A period counted by the calendar, as the Civil Act counts it (Arts. 157, 160).
public struct Period: Sendable, Hashable, CustomStringConvertible {
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        case days, weeks, months, years
    }

    public var amount: Int
    public var unit: Unit

    public init(_ amount: Int, _ unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// Reads `N days`, `N weeks`, `N months` or `N years` (singular too: `1 year`).
    public init?(parsing text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let amount = Int(parts[0]), amount > 0 else { return nil }
        var word = String(parts[1]).lowercased()
        if !word.hasSuffix("s") { word += "s" }
        guard let unit = Unit(rawValue: word) else { return nil }
        self.init(amount, unit)
    }

    /// The period in days, for comparing periods of different units (a month as 30 days, a year as 365).
    public var approximateDays: Int {
        switch unit {
        case .days: amount
        case .weeks: amount * 7
        case .months: amount * 30
        case .years: amount * 365
        }
    }

    public var description: String {
        let word = amount == 1 ? String(unit.rawValue.dropLast()) : unit.rawValue
        return "\(amount) \(word)"
    }

    /// The period as a reader reads it: `5년`, `3 months`.
    public func text(in language: Language) -> String {
        switch language {
        case .ko:
            let suffix = switch unit {
            case .days: "일"
            case .weeks: "주"
            case .months: "개월"
            case .years: "년"
            }
            return "\(amount)\(suffix)"
        case .en:
            return description
        }
    }
}
