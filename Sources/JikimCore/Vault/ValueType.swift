import Foundation

/// The type of an item's values, checked when a value is stored.
public enum ValueType: String, Sendable, Hashable, CaseIterable {
    case text
    case email
    case phone
    case date
    case number
    case boolean

    /// The value in its stored form, or why it is not a value of this type. Never echoes the value back, since it
    /// is personal information.
    public func canonical(_ raw: String) -> Result<String, ValueError> {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { return .failure(.empty) }
        switch self {
        case .text:
            return .success(value)
        case .email:
            let parts = value.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
                  !parts[1].hasSuffix("."), !value.contains(where: \.isWhitespace)
            else { return .failure(.notAn("e-mail address")) }
            return .success(String(parts[0]) + "@" + parts[1].lowercased())
        case .phone:
            let allowed = Set("0123456789+-() ")
            guard value.allSatisfy(allowed.contains), value.filter(\.isNumber).count >= 3 else {
                return .failure(.notAn("phone number (digits, spaces, +, - and brackets)"))
            }
            return .success(value)
        case .date:
            guard CivilDate(iso: value) != nil else { return .failure(.notAn("date YYYY-MM-DD")) }
            return .success(value)
        case .number:
            guard Decimal(string: value, locale: Locale(identifier: "en_US_POSIX")) != nil,
                  value.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" })
            else { return .failure(.notAn("number")) }
            return .success(value)
        case .boolean:
            switch value {
            case "true", "false": return .success(value)
            default: return .failure(.notAn("boolean (true or false)"))
            }
        }
    }

    /// The form a look-up key is compared in: e-mail addresses case-insensitively, phone numbers by digits.
    public func lookupKey(_ canonical: String) -> String {
        switch self {
        case .email: canonical.lowercased()
        case .phone: String(canonical.filter(\.isNumber))
        default: canonical
        }
    }
}

/// Why a value was refused. Says what is wrong without repeating the value.
public enum ValueError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case notAn(String)

    public var description: String {
        switch self {
        case .empty: "the value is empty"
        case .notAn(let what): "the value is not a valid \(what)"
        }
    }
}
