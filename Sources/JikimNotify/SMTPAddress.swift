/// The checks an envelope address passes before it goes into `MAIL FROM:<…>`, `RCPT TO:<…>` and the From and
/// To headers.
///
/// An address that holds a CR or LF could end the command and smuggle in another (`RCPT TO:<a>\r\nRCPT
/// TO:<b>`), and one that holds `<` or `>` could close the path early, so both are refused, as are other
/// control characters, white space and the characters that only quoted local parts and comments may hold. The
/// errors never quote the address: it is personal information.
enum SMTPAddress {
    /// The longest path RFC 5321 §4.5.3.1.3 allows, less the angle brackets.
    static let maximumLength = 254

    /// Throws a permanent error unless `address` is a plain `local@domain` mailbox that is safe in a command
    /// and a header; `role` ("recipient", "sender") names it in the error.
    static func check(_ address: String, role: String) throws(NoticeDeliveryError) {
        guard !address.isEmpty else { throw .rejected("the \(role) address is empty") }
        guard address.utf8.count <= maximumLength else {
            throw .rejected("the \(role) address is longer than \(maximumLength) bytes")
        }
        for scalar in address.unicodeScalars {
            if scalar == "\r" || scalar == "\n" || scalar.properties.generalCategory == .lineSeparator
                || scalar.properties.generalCategory == .paragraphSeparator || scalar == "\u{85}"
            {
                throw .rejected("the \(role) address contains a line break")
            }
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                throw .rejected("the \(role) address contains a control character")
            }
            if scalar == "<" || scalar == ">" {
                throw .rejected("the \(role) address contains an angle bracket")
            }
            if scalar.properties.isWhitespace {
                throw .rejected("the \(role) address contains white space")
            }
            if "\",;:()[]\\".unicodeScalars.contains(scalar) {
                throw .rejected("the \(role) address contains a character allowed only in quoted or literal addresses")
            }
        }
        guard let at = address.lastIndex(of: "@"), at != address.startIndex,
            address.index(after: at) != address.endIndex,
            !address[..<at].contains("@")
        else {
            throw .rejected("the \(role) address is not of the form local@domain")
        }
    }

    /// Whether the address needs the SMTPUTF8 extension (RFC 6531): it has a byte outside ASCII.
    static func needsSMTPUTF8(_ address: String) -> Bool {
        !address.utf8.allSatisfy { $0 < 0x80 }
    }

    /// The domain after the last `@`, if there is one.
    static func domain(of address: String) -> Substring? {
        address.lastIndex(of: "@").map { address[address.index(after: $0)...] }
    }
}
