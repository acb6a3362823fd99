/// One reply from an SMTP server (RFC 5321 §4.2): a three-digit code and one or more lines of text.
struct SMTPReply: Sendable, Equatable {
    /// The reply code, 200 to 599.
    var code: Int
    /// The text after the code on each line, in order; a one-line reply has one element.
    var lines: [String]

    /// 4xx: the server refused for now (mailbox busy, greylisting, disk full); a later attempt may succeed.
    var isTransientNegative: Bool { (400..<500).contains(code) }
    /// 5xx: the server refused for good (no such user, policy); the same attempt would fail again.
    var isPermanentNegative: Bool { (500..<600).contains(code) }

    /// The enhanced status code (RFC 3463) that begins the first line, such as "5.1.1", if there is one. It is
    /// safe to log, unlike the reply text, which often quotes the recipient.
    var enhancedStatus: String? {
        guard let first = lines.first, let word = first.split(separator: " ").first else { return nil }
        let parts = word.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let klass = parts.first, ["2", "4", "5"].contains(klass),
            parts.dropFirst().allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        return String(word)
    }

    /// The code and the enhanced status code, for errors and logs: "550 (5.1.1)".
    var summary: String {
        enhancedStatus.map { "\(code) (\($0))" } ?? "\(code)"
    }

    /// The EHLO keywords that the server advertised (every line but the first), upper-cased: "SMTPUTF8", "SIZE".
    var extensions: Set<String> {
        Set(lines.dropFirst().compactMap { $0.split(separator: " ").first.map { $0.uppercased() } })
    }
}

/// Puts replies together from the lines the server sends, including multi-line replies, where every line but
/// the last has a hyphen after the code ("250-first", "250-second", "250 last").
struct SMTPReplyAssembler {
    /// Why a line is not part of a well-formed reply.
    enum Malformed: Error, Equatable, CustomStringConvertible {
        /// The line does not begin with a three-digit reply code followed by a space, a hyphen or nothing.
        case notAReplyLine
        /// A continuation line carries a different code from the lines before it.
        case codeChanged
        /// More continuation lines than any real server sends.
        case tooManyLines

        var description: String {
            switch self {
            case .notAReplyLine: "a line that is not an SMTP reply"
            case .codeChanged: "a multi-line reply whose code changes"
            case .tooManyLines: "a multi-line reply of too many lines"
            }
        }
    }

    /// The most lines one reply may have; EHLO replies run to a dozen or two.
    static let maximumLines = 200

    private var code: Int?
    private var lines: [String] = []

    /// Takes one line (without its CRLF); returns the reply when the line was the reply's last.
    mutating func add(_ line: String) throws(Malformed) -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3,
            (UInt8(ascii: "2")...UInt8(ascii: "5")).contains(bytes[0]),
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[1]),
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[2])
        else { throw .notAReplyLine }
        let lineCode = bytes[0..<3].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        let isLast: Bool
        switch bytes.count > 3 ? bytes[3] : UInt8(ascii: " ") {
        case UInt8(ascii: " "): isLast = true
        case UInt8(ascii: "-"): isLast = false
        default: throw .notAReplyLine
        }
        if let code, code != lineCode { throw .codeChanged }
        code = lineCode
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard isLast else {
            if lines.count >= Self.maximumLines { throw .tooManyLines }
            return nil
        }
        let reply = SMTPReply(code: lineCode, lines: lines)
        code = nil
        lines = []
        return reply
    }
}
