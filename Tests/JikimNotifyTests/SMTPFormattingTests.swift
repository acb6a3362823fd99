import Foundation
@testable import JikimNotify
import Testing

@Suite("SMTP replies, message formatting and dot-stuffing")
struct SMTPFormattingTests {
    @Test("a multi-line reply is put together from its continuation lines")
    func multiLineReply() throws {
        var assembler = SMTPReplyAssembler()
        #expect(try assembler.add("250-mail.example.com Hello") == nil)
        #expect(try assembler.add("250-SIZE 10240000") == nil)
        #expect(try assembler.add("250-smtputf8") == nil)
        let reply = try #require(try assembler.add("250 HELP"))
        #expect(reply.code == 250)
        #expect(reply.lines == ["mail.example.com Hello", "SIZE 10240000", "smtputf8", "HELP"])
        #expect(reply.extensions == ["SIZE", "SMTPUTF8", "HELP"])
        // The assembler starts afresh after a reply.
        #expect(try assembler.add("354") == SMTPReply(code: 354, lines: [""]))
    }

    @Test("enhanced status codes are found, reply text is not kept in the summary")
    func enhancedStatus() {
        #expect(SMTPReply(code: 550, lines: ["5.1.1 <kim@example.com>: no such user"]).summary == "550 (5.1.1)")
        #expect(SMTPReply(code: 451, lines: ["try again later"]).summary == "451")
    }

    @Test("lines that are not replies are refused", arguments: ["", "25", "2x0 ok", "250+ok", "650 no", "hello"])
    func malformed(line: String) {
        var assembler = SMTPReplyAssembler()
        #expect(throws: SMTPReplyAssembler.Malformed.notAReplyLine) { try assembler.add(line) }
    }

    @Test("a continuation line with another code is refused")
    func codeChanges() throws {
        var assembler = SMTPReplyAssembler()
        _ = try assembler.add("250-first")
        #expect(throws: SMTPReplyAssembler.Malformed.codeChanged) { try assembler.add("220 second") }
    }

    @Test("dot-stuffing doubles leading dots, writes CRLF and ends the data")
    func dotStuffing() {
        let encoded = SMTPDotStuffing.encode(Array(".a\nb\r\n.\r..c\rd".utf8))
        #expect(String(decoding: encoded, as: UTF8.self) == "..a\r\nb\r\n..\r\n...c\r\nd\r\n.\r\n")
        #expect(SMTPDotStuffing.encode([]) == Array(".\r\n".utf8))
    }

    @Test("a non-ASCII subject becomes encoded-words that each decode to whole characters")
    func encodedSubject() throws {
        let subject = "휴면 계정 전환 안내 — 2027-03-02부터 분리 보관됩니다 🇰🇷👩‍👩‍👧‍👦"
        let header = SMTPMessage.encodedHeaderText(subject)
        let words = header.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        var decoded = ""
        for word in words {
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            #expect(("Subject: " + word).utf8.count <= 76)
            let payload = String(word.dropFirst("=?UTF-8?B?".count).dropLast(2))
            let bytes = try #require(Data(base64Encoded: payload))
            // Each word is valid UTF-8 by itself (RFC 2047 §5: no character split across words).
            let text = try #require(String(data: bytes, encoding: .utf8))
            decoded += text
        }
        #expect(decoded == subject)
    }

    @Test("plain ASCII subjects stay as they are; line breaks in a subject never reach the header")
    func plainSubject() {
        #expect(SMTPMessage.encodedHeaderText("Dormancy notice") == "Dormancy notice")
        #expect(SMTPMessage.encodedHeaderText("Hi\r\nBcc: x@example.com") == "Hi Bcc: x@example.com")
        #expect(SMTPMessage.encodedHeaderText("=?UTF-8?B?x?=").hasPrefix("=?UTF-8?B?"))
    }

    @Test("the base64 body keeps to 76-character lines")
    func base64Body() {
        let lines = SMTPMessage.base64Lines(Array(String(repeating: "개인정보 ", count: 40).utf8))
            .components(separatedBy: "\r\n").dropLast()
        #expect(lines.count > 2)
        #expect(lines.allSatisfy { $0.count <= 76 })
    }

    @Test("dates are RFC 5322, in UTC")
    func date() {
        #expect(SMTPMessage.rfc5322Date(Date(timeIntervalSince1970: 1_803_978_000)) == "Tue, 02 Mar 2027 09:00:00 +0000")
    }

    @Test("Message-IDs are made from the notice id, deterministically and without collisions")
    func messageID() {
        #expect(SMTPMessage.messageID(noticeID: "outbox-42", domain: "jikim.example") == "<notice.outbox-42@jikim.example>")
        let odd = SMTPMessage.messageID(noticeID: "메시지 1>", domain: "jikim.example")
        #expect(odd == SMTPMessage.messageID(noticeID: "메시지 1>", domain: "jikim.example"))
        #expect(odd.hasPrefix("<notice-b64."))
        #expect(odd.utf8.allSatisfy { $0 < 0x80 } && !odd.dropFirst().dropLast().contains(">"))
        #expect(SMTPMessage.messageID(noticeID: "a..b", domain: "d") != SMTPMessage.messageID(noticeID: "a.b", domain: "d"))
    }
}
