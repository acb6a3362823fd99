import Foundation
@testable import JikimNotify
import Testing

@Suite("SMTPTransport against a real SMTP server (aiosmtpd)")
struct SMTPTransportTests {
    let notice = Notice(
        id: "outbox-42",
        recipient: "kim.jiwoo@example.com",
        subject: "[지킴] 휴면 계정 전환 예정 안내: 2027-03-02부터 개인정보가 분리 보관됩니다",
        body: """
            김지우 고객님, 안녕하세요.
            1년 동안 로그인하지 않으셔서 2027-03-02에 계정이 휴면 계정으로 전환됩니다.
            .
            . 점으로 시작하는 줄도 그대로 전달되어야 합니다.
            ..두 점으로 시작하는 줄
            감사합니다.
            """
    )

    func transport(port: Int, timeout: Duration = .seconds(10)) -> SMTPTransport {
        SMTPTransport(host: "127.0.0.1", port: port, from: "notice@jikim.example", timeout: timeout)
    }

    @Test("delivers a Korean notice: envelope, decoded subject and body, headers")
    func delivers() async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        let smtp = transport(port: sink.port)
        #expect(smtp.name == "smtp")
        try await smtp.deliver(notice)

        let messages = try sink.messages()
        try #require(messages.count == 1)
        let message = messages[0]
        #expect(message.mail_from == "notice@jikim.example")
        #expect(message.rcpt_tos == ["kim.jiwoo@example.com"])
        #expect(message.helo == "jikim.localhost")
        #expect(message.subject == notice.subject)
        #expect(message.body?.replacingOccurrences(of: "\r\n", with: "\n") == notice.body)
        #expect(message.defects.isEmpty)
        #expect(message.content_type == "text/plain")
        #expect(message.charset == "utf-8")
        #expect(message.headers["From"] == "notice@jikim.example")
        #expect(message.headers["To"] == "kim.jiwoo@example.com")
        #expect(message.headers["Message-ID"] == "<notice.outbox-42@jikim.example>")
        #expect(message.headers["MIME-Version"] == "1.0")
        #expect(message.headers["Content-Transfer-Encoding"] == "base64")
        let date = try #require(message.headers["Date"])
        #expect(date.hasSuffix("+0000"))

        // The raw content: CRLF line breaks only, an encoded-word subject, no line longer than RFC 2047 and
        // 2045 allow, and the body nowhere in clear.
        let raw = String(decoding: message.raw, as: UTF8.self)
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        #expect(raw.contains("Subject: =?UTF-8?B?"))
        for line in raw.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76, "line too long: \(line)")
        }
        #expect(!raw.contains("휴면"))
    }

    @Test("a retried notice carries the same Message-ID")
    func sameMessageID() async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        try await transport(port: sink.port).deliver(notice)
        try await transport(port: sink.port).deliver(notice)
        let messages = try sink.messages()
        try #require(messages.count == 2)
        #expect(messages[0].headers["Message-ID"] == messages[1].headers["Message-ID"])
    }

    @Test("lines beginning with '.' survive dot-stuffing, and a lone '.' does not end the data")
    func dotStuffing() async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        // Raw content, not base64, so that the lines with dots reach the wire as they are.
        let content = "Subject: dots\r\n\r\n.\r\n.leading dot\r\n..two dots\r\n. \r\nlast line without a break"
        try await transport(port: sink.port)
            .send(from: "notice@jikim.example", to: "kim.jiwoo@example.com", content: Array(content.utf8))
        let messages = try sink.messages()
        try #require(messages.count == 1)
        #expect(String(decoding: messages[0].raw, as: UTF8.self) == content + "\r\n")
    }

    @Test("an address outside ASCII goes with SMTPUTF8")
    func smtpUTF8() async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        var korean = notice
        korean.recipient = "김지우@example.com"
        try await transport(port: sink.port).deliver(korean)
        let messages = try sink.messages()
        try #require(messages.count == 1)
        #expect(messages[0].rcpt_tos == ["김지우@example.com"])
        #expect(messages[0].mail_options.contains("SMTPUTF8"))
    }

    @Test("450 to RCPT TO is transient, 550 is permanent; neither error names the recipient", arguments: [
        (450, false), (550, true),
    ])
    func refusedRecipient(code: Int, permanent: Bool) async throws {
        let sink = try await SMTPSink(refusing: [notice.recipient: code])
        defer { sink.stop() }
        let error = try await #require(throws: NoticeDeliveryError.self) {
            try await transport(port: sink.port).deliver(notice)
        }
        #expect(error.permanent == permanent)
        #expect(error.description.contains("RCPT TO"))
        #expect(error.description.contains("\(code)"))
        expectNoPersonalInformation(error, notice)
        #expect(try sink.messages().isEmpty)
    }

    @Test("nothing listening is transient")
    func unreachable() async throws {
        let error = try await #require(throws: NoticeDeliveryError.self) {
            try await transport(port: try await closedPort()).deliver(notice)
        }
        #expect(!error.permanent)
        expectNoPersonalInformation(error, notice)
    }

    @Test("a server that never answers times out, transient")
    func silentServer() async throws {
        try await withSilentServer { port in
            let started = ContinuousClock.now
            let error = try await #require(throws: NoticeDeliveryError.self) {
                try await transport(port: port, timeout: .milliseconds(300)).deliver(notice)
            }
            #expect(!error.permanent)
            #expect(error.description.contains("timed out"))
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    @Test("a recipient that could inject a command or a header is permanent and sends nothing", arguments: [
        "kim@example.com>\r\nRCPT TO:<other@example.com",
        "kim@example.com\nBcc: other@example.com",
        "kim@example.com\r",
        "<kim@example.com>",
        "kim@example.com> SIZE=1",
        "kim@example.com\u{2028}",
        "",
        "kim",
    ])
    func recipientInjection(recipient: String) async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        var bad = notice
        bad.recipient = recipient
        let error = try await #require(throws: NoticeDeliveryError.self) { try await transport(port: sink.port).deliver(bad) }
        #expect(error.permanent)
        if !recipient.isEmpty { #expect(!error.description.contains(recipient)) }
        #expect(!error.description.contains("kim"))
        #expect(try sink.messages().isEmpty)
    }

    @Test("a sender that could inject a command is permanent and sends nothing")
    func senderInjection() async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        let smtp = SMTPTransport(host: "127.0.0.1", port: sink.port, from: "notice@jikim.example>\r\nRSET", timeout: .seconds(5))
        let error = try await #require(throws: NoticeDeliveryError.self) { try await smtp.deliver(notice) }
        #expect(error.permanent)
        #expect(try sink.messages().isEmpty)
    }
}
