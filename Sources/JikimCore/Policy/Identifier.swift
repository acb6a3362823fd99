/// The identifier of something the policy declares and refers to elsewhere: an item, a purpose, a consent.
public typealias Identifier = String

extension Identifier {
    /// Lower-case ASCII letters, digits and `_`, starting with a letter.
    public var isValidIdentifier: Bool {
        guard let first = utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        return utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }
}
