import Foundation

/// The Internet Message (RFC 5322, MIME RFC 2045) that carries a notice, and the DATA encoding of it.
///
/// Headers: From, To, Subject (an RFC 2047 encoded-word when it is not plain ASCII), Date, a Message-ID made
/// from the notice id (so a retried notice carries the same id and receiving systems can drop the duplicate),
/// MIME-Version, a `text/plain; charset=UTF-8` content type and base64 transfer encoding. The body's line
/// breaks become CRLF (the canonical form of MIME text) before it is base64-encoded in lines of 76 characters.
struct SMTPMessage: Sendable {
    var from: String
    var to: String
    var subject: String
    var body: String
    var date: Date
    var messageID: String

    /// A message for `notice`, sent by `from`, dated `date`; the Message-ID's right-hand side is `domain`.
    init(notice: Notice, from: String, date: Date, domain: String) {
        self.from = from
        self.to = notice.recipient
        self.subject = notice.subject
        self.body = notice.body
        self.date = date
        self.messageID = Self.messageID(noticeID: notice.id, domain: domain)
    }

    /// The message: headers, a blank line and the base64 body, every line ending in CRLF.
    var rendered: String {
        var headers = [
            "From: \(from)",
            "To: \(to)",
            "Subject: \(Self.encodedHeaderText(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
        ]
        headers.append("")
        return headers.joined(separator: "\r\n") + "\r\n" + Self.base64Lines(Array(Self.crlf(body).utf8))
    }

    // MARK: Subject

    /// The most UTF-8 bytes in one encoded-word: its 52 base64 characters keep `Subject: =?UTF-8?B?…?=` within the
    /// 76 characters that RFC 2047 §2 allows a line holding encoded-words.
    static let encodedWordBytes = 39

    /// `text` as it may stand in an unstructured header: itself when it is short printable ASCII, otherwise
    /// `=?UTF-8?B?…?=` encoded-words folded onto continuation lines. Line breaks in `text` become spaces (a
    /// header is one line, and a raw CR or LF would let the text add headers), and no encoded-word splits a
    /// character.
    static func encodedHeaderText(_ text: String) -> String {
        let oneLine = text.replacingOccurrences(of: "\r\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        let plain =
            oneLine.utf8.allSatisfy { (0x20...0x7E).contains($0) } && !oneLine.contains("=?") && oneLine.utf8.count <= 900
        if plain { return oneLine }
        return chunks(of: oneLine, maximumBytes: encodedWordBytes)
            .map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }
            .joined(separator: "\r\n ")
    }

    /// Splits `text` into pieces of at most `maximumBytes` UTF-8 bytes, at character boundaries where it can
    /// and at Unicode scalar boundaries inside a character too long for one piece.
    static func chunks(of text: String, maximumBytes: Int) -> [String] {
        var pieces: [String] = []
        var current = ""
        func add(_ piece: String) {
            if !current.isEmpty, current.utf8.count + piece.utf8.count > maximumBytes {
                pieces.append(current)
                current = ""
            }
            current += piece
        }
        for character in text {
            if character.utf8.count <= maximumBytes {
                add(String(character))
            } else {
                for scalar in character.unicodeScalars { add(String(scalar)) }
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    // MARK: Body

    /// `text` with every line break (CRLF, a lone CR or a lone LF) written as CRLF.
    static func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
    }

    /// `bytes` in base64, in lines of at most 76 characters (RFC 2045 §6.8), each ending in CRLF.
    static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Array(Data(bytes).base64EncodedString().utf8)
        var out = ""
        var start = 0
        while start < encoded.count {
            let end = min(start + 76, encoded.count)
            out += String(decoding: encoded[start..<end], as: UTF8.self) + "\r\n"
            start = end
        }
        return out
    }

    // MARK: Date and Message-ID

    /// `date` as RFC 5322 §3.3 writes it, in UTC: "Tue, 02 Mar 2027 09:00:00 +0000".
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = days[((parts.weekday ?? 1) - 1 + 7) % 7]
        let month = months[((parts.month ?? 1) - 1 + 12) % 12]
        func two(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        return "\(weekday), \(two(parts.day)) \(month) \(parts.year ?? 1970) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }

    /// `<notice.ID@domain>` when the id is a dot-atom of letters, digits, '-' and '_', and
    /// `<notice-b64.BASE64URL@domain>` of the id's UTF-8 otherwise: the same notice id always gives the same
    /// Message-ID, and two ids never give the same one.
    static func messageID(noticeID: String, domain: String) -> String {
        let atomBytes = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        let isDotAtom =
            !noticeID.isEmpty
            && noticeID.split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
                !$0.isEmpty && $0.utf8.allSatisfy(atomBytes.contains)
            }
        let local: String
        if isDotAtom {
            local = "notice.\(noticeID)"
        } else {
            let base64url = Data(noticeID.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            local = "notice-b64.\(base64url.isEmpty ? "0" : base64url)"
        }
        return "<\(local)@\(domain)>"
    }

    /// Whether `name` is an ASCII domain of letters, digits and hyphens in dot-separated labels, fit for a
    /// Message-ID's right-hand side and for EHLO.
    static func isDomain(_ name: some StringProtocol) -> Bool {
        let labelBytes = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-".utf8)
        return !name.isEmpty && name.utf8.count <= 253
            && name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
                (1...63).contains($0.utf8.count) && $0.utf8.allSatisfy(labelBytes.contains)
            }
    }
}

/// The DATA transparency procedure (RFC 5321 §4.5.2).
enum SMTPDotStuffing {
    /// `content` ready to follow a 354 reply: every line break written as CRLF (so no bare CR or LF can be
    /// read as the end of data by a lenient server), a '.' doubled at the start of every line, a final CRLF if
    /// it lacked one, and the terminating ".\r\n".
    static func encode(_ content: [UInt8]) -> [UInt8] {
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        let dot = UInt8(ascii: ".")
        var out: [UInt8] = []
        out.reserveCapacity(content.count + content.count / 64 + 5)
        var atLineStart = true
        var index = 0
        while index < content.count {
            let byte = content[index]
            if byte == cr || byte == lf {
                out.append(cr)
                out.append(lf)
                if byte == cr, index + 1 < content.count, content[index + 1] == lf { index += 1 }
                atLineStart = true
            } else {
                if atLineStart, byte == dot { out.append(dot) }
                out.append(byte)
                atLineStart = false
            }
            index += 1
        }
        if !atLineStart { out.append(contentsOf: [cr, lf]) }
        out.append(contentsOf: [dot, cr, lf])
        return out
    }
}
