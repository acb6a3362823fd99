import Foundation
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Delivers a notice as an e-mail through an SMTP server (RFC 5321), one connection per notice.
///
/// It is a small client for a local relay: a mail transfer agent on the same host (Postfix or OpenSMTPD on
/// 127.0.0.1:25) or one on a trusted network, which queues the message and takes it on to the person's mail
/// server. It speaks neither TLS nor AUTH, so it must not be pointed at a server across an untrusted network: the
/// notice would travel in clear.
///
/// The exchange is EHLO (HELO when the server refuses EHLO), MAIL FROM, RCPT TO, DATA with the message
/// dot-stuffed, QUIT. The message is plain text in UTF-8, base64-encoded, with an RFC 2047 subject and a
/// Message-ID made from the notice id (see ``SMTPMessage``); an address outside ASCII is sent with SMTPUTF8
/// (RFC 6531) when the server offers it.
///
/// A 250 after the message content means delivered. A 4xx reply, a refused or dropped connection and a timeout
/// are transient; a 5xx reply and an address that is unsafe in a command (a CR, LF, `<` or `>`) are permanent.
/// Errors name the server, the step and the reply code (with its enhanced status code), never the recipient,
/// the body or the reply text, which often quotes the recipient.
public struct SMTPTransport: NoticeTransport {
    /// The SMTP server's host name or address.
    public let host: String
    /// The SMTP server's port.
    public let port: Int
    /// The envelope sender and the From header: a plain `local@domain` address.
    public let from: String
    /// The name this client gives in EHLO and HELO.
    public let heloName: String
    /// The longest one delivery may take, from connecting to the server's acceptance of the message.
    public let timeout: Duration
    private let logger: Logger

    /// "smtp".
    public var name: String { "smtp" }

    /// Makes a transport that sends through the server at `host`:`port` as `from`.
    public init(
        host: String,
        port: Int = 25,
        from: String,
        heloName: String = "jikim.localhost",
        timeout: Duration,
        logger: Logger = Logger(label: "jikim.notify.smtp")
    ) {
        self.host = host
        self.port = port
        self.from = from
        self.heloName = heloName
        self.timeout = timeout
        self.logger = logger
    }

    /// Sends the notice once; returns when the server accepted the message with a 250.
    public func deliver(_ notice: Notice) async throws(NoticeDeliveryError) {
        try SMTPAddress.check(from, role: "sender")
        try SMTPAddress.check(notice.recipient, role: "recipient")
        let domain = SMTPAddress.domain(of: from).flatMap { SMTPMessage.isDomain($0) ? String($0) : nil } ?? heloName
        let message = SMTPMessage(notice: notice, from: from, date: Date(), domain: domain)
        try await send(from: from, to: notice.recipient, content: Array(message.rendered.utf8))
        logger.debug("notice delivered", metadata: ["notice.id": "\(notice.id)", "transport": "smtp"])
    }

    /// One SMTP transaction carrying `content` (a whole message, CRLF line breaks) from `from` to `to`, which
    /// must have passed ``SMTPAddress/check(_:role:)``.
    func send(from: String, to: String, content: [UInt8]) async throws(NoticeDeliveryError) {
        guard (1...65535).contains(port) else { throw .rejected("smtp port \(port) is out of range") }
        guard !heloName.isEmpty, heloName.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .rejected("smtp HELO name is empty or holds white space or control characters")
        }
        let smtpUTF8 = SMTPAddress.needsSMTPUTF8(from) || SMTPAddress.needsSMTPUTF8(to)
        let timedOut = TimeoutFlag()
        let deadline = NIODeadline.now() + TimeAmount(timeout)

        let channel: NIOAsyncChannel<String, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(TimeAmount(timeout))
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                        return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            var timedOut = false
            if case .connectTimeout = error as? ChannelError { timedOut = true }
            throw failure(SMTPSessionError(stage: .connect, reason: .io(error)), timedOut: timedOut)
        }

        // The deadline closes the connection, which ends whatever read or write is waiting.
        let timer = channel.channel.eventLoop.scheduleTask(deadline: deadline) {
            timedOut.fire()
            channel.channel.close(promise: nil)
        }
        defer { timer.cancel() }
        do {
            try await withTaskCancellationHandler {
                try await channel.executeThenClose { inbound, outbound in
                    var session = SMTPSession(inbound: inbound, outbound: outbound)
                    try await transact(&session, from: from, to: to, content: content, smtpUTF8: smtpUTF8)
                }
            } onCancel: {
                channel.channel.close(promise: nil)
            }
        } catch let error as SMTPSessionError {
            if Task.isCancelled, !timedOut.fired { throw .transient("\(endpoint): delivery was cancelled") }
            throw failure(error, timedOut: timedOut.fired)
        } catch {
            throw failure(SMTPSessionError(stage: .connect, reason: .io(error)), timedOut: timedOut.fired)
        }
    }

    private func transact(
        _ session: inout SMTPSession,
        from: String,
        to: String,
        content: [UInt8],
        smtpUTF8: Bool
    ) async throws(SMTPSessionError) {
        do throws(SMTPSessionError) {
            try SMTPSession.expect(try await session.reply(during: .greeting), [220], during: .greeting)
            let ehlo = try await session.command("EHLO \(heloName)", during: .ehlo)
            var extensions: Set<String> = []
            if ehlo.code == 250 {
                extensions = ehlo.extensions
            } else if ehlo.isPermanentNegative {
                // A server that predates ESMTP (RFC 5321 §4.1.4): say HELO instead.
                try SMTPSession.expect(try await session.command("HELO \(heloName)", during: .helo), [250], during: .helo)
            } else {
                try SMTPSession.expect(ehlo, [250], during: .ehlo)
            }
            if smtpUTF8, !extensions.contains("SMTPUTF8") {
                throw SMTPSessionError(stage: .mailFrom, reason: .needsSMTPUTF8)
            }
            let mail = try await session.command("MAIL FROM:<\(from)>\(smtpUTF8 ? " SMTPUTF8" : "")", during: .mailFrom)
            try SMTPSession.expect(mail, [250], during: .mailFrom)
            try SMTPSession.expect(try await session.command("RCPT TO:<\(to)>", during: .rcptTo), [250, 251], during: .rcptTo)
            try SMTPSession.expect(try await session.command("DATA", during: .data), [354], during: .data)
            try await session.send(SMTPDotStuffing.encode(content), during: .content)
            try SMTPSession.expect(try await session.reply(during: .content), [250], during: .content)
        } catch {
            if case .refused = error.reason {
                // Say goodbye politely; the refusal is what counts.
                _ = try? await session.command("QUIT", during: .quit)
            }
            throw error
        }
        // Delivered: whatever QUIT meets no longer matters.
        _ = try? await session.command("QUIT", during: .quit)
    }

    private var endpoint: String { "smtp \(host):\(port)" }

    private func failure(_ error: SMTPSessionError, timedOut: Bool) -> NoticeDeliveryError {
        let stage = error.stage.rawValue
        if timedOut {
            return .transient("\(endpoint) timed out after \(timeout) during \(stage)")
        }
        switch error.reason {
        case .refused(let reply):
            let text = "\(endpoint) refused \(stage) with \(reply.summary)"
            return reply.isPermanentNegative ? .rejected(text) : .transient(text)
        case .unexpected(let reply):
            return .transient("\(endpoint) answered \(stage) with unexpected reply \(reply.summary)")
        case .malformed(let what):
            return .transient("\(endpoint) sent \(what) during \(stage)")
        case .closed:
            return .transient("\(endpoint) closed the connection during \(stage)")
        case .io(let underlying):
            if underlying is CancellationError { return .transient("\(endpoint): delivery was cancelled") }
            if error.stage == .connect {
                return .transient("\(endpoint) could not be reached: \(NetworkErrorText.describe(underlying))")
            }
            return .transient("\(endpoint) failed during \(stage): \(NetworkErrorText.describe(underlying))")
        case .needsSMTPUTF8:
            return .rejected("\(endpoint) does not offer SMTPUTF8, which an address outside ASCII needs")
        }
    }
}

/// Set once when the deadline closes the connection, so the error says "timed out" rather than "closed".
private final class TimeoutFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func fire() { value.store(true, ordering: .relaxed) }
    var fired: Bool { value.load(ordering: .relaxed) }
}
