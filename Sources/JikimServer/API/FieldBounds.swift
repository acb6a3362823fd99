import JikimCore

/// The bounds the API holds every identifier and free-text field to before anything is recorded — the same as
/// `/openapi.yaml`'s `ExternalID`, `Name` and `Channel` schemas — so that no request can write long or arbitrary
/// text into the access log or a ledger, and no personal information lands in a field stored in plaintext.
enum FieldBounds {
    /// Most names a body may list (items, consents, purposes).
    static let names = 200
    static let nameLength = 64
    static let externalIDLength = 200
    static let channelLength = 40

    /// A person's ID as the organisation keeps it: 1 to 200 characters, no control characters. It is stored only as
    /// a keyed digest.
    static func externalID(_ value: String, field: String = "id") throws {
        // Control characters: C0 and DEL as single bytes, C1 (U+0080–U+009F) as 0xC2 0x80–0x9F in UTF-8.
        var previous: UInt8 = 0
        let control = value.utf8.contains { byte in
            defer { previous = byte }
            return byte < 0x20 || byte == 0x7F || (previous == 0xC2 && (0x80...0x9F).contains(byte))
        }
        guard !value.isEmpty, value.utf8.count <= externalIDLength * 4, value.count <= externalIDLength, !control
        else { throw APIError.invalid("field \(field): 1 to \(externalIDLength) characters, no control characters") }
    }

    /// A name the policy declares (an item, purpose, consent, recipient, category, retention rule): a lower-case
    /// letter, then lower-case letters, digits, `_` or `-`, at most 64 in all.
    static func name(_ value: String, field: String) throws {
        guard isName(value) else {
            throw APIError.invalid("field \(field): a name the policy declares (a-z, then a-z, 0-9, _ or -; at most \(nameLength) characters)")
        }
    }

    /// A list of such names, 1 (when `required`) to 200 of them.
    static func names(_ values: [String], field: String, required: Bool = false) throws {
        guard values.count <= names, !required || !values.isEmpty else {
            throw APIError.invalid("field \(field): \(required ? 1 : 0) to \(names) names")
        }
        for (index, value) in values.enumerated() { try name(value, field: "\(field)[\(index)]") }
    }

    /// Where a consent was given or an event came from (`web`, `app`, `phone`, `paper`): a letter, then letters,
    /// digits, `.`, `_` or `-`, at most 40, and nothing that looks like personal information.
    static func channel(_ value: String?, field: String = "channel") throws {
        guard let value else { return }
        let allowed = value.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard let first = value.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first | 0x20), allowed,
              value.utf8.count <= channelLength, !AccessRules.looksPersonal(value)
        else {
            throw APIError.invalid("field \(field): a channel such as 'web' or 'phone' (a letter, then letters, digits, '.', '_' or '-'; at most "
                                   + "\(channelLength); nothing that looks like an e-mail address or a number of 9 digits or more)")
        }
    }

    static func isName(_ value: String) -> Bool {
        guard let first = value.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first), value.utf8.count <= nameLength else { return false }
        return value.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}
