import NIOCore

/// Splits what an SMTP server sends into lines, without their CRLF (a bare LF ends a line too).
///
/// A line longer than ``maximumLineLength`` fails the channel: RFC 5321 §4.5.3.1.5 caps reply lines at 512
/// bytes, and a peer that sends an endless line must not fill the memory.
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String

    /// The server sent a line longer than ``maximumLineLength``.
    struct LineTooLong: Error {}

    static let maximumLineLength = 4096

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength { throw LineTooLong() }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        guard length <= Self.maximumLineLength, var bytes = buffer.readBytes(length: length + 1) else {
            throw LineTooLong()
        }
        bytes.removeLast()
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        context.fireChannelRead(wrapInboundOut(String(decoding: bytes, as: UTF8.self)))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        // A last line without its line break is not a complete reply: leave it, and the session sees the close.
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// The step of the SMTP exchange that was under way when something failed; errors name it.
enum SMTPStage: String, Sendable {
    case connect = "connecting"
    case greeting = "the greeting"
    case ehlo = "EHLO"
    case helo = "HELO"
    case mailFrom = "MAIL FROM"
    case rcptTo = "RCPT TO"
    case data = "DATA"
    case content = "the message content"
    case quit = "QUIT"
}

/// What went wrong in an SMTP exchange, before it is turned into a ``NoticeDeliveryError``.
struct SMTPSessionError: Error {
    enum Reason: Sendable {
        /// The server answered 4xx or 5xx.
        case refused(SMTPReply)
        /// The server answered with a code that does not belong here (a 250 to DATA, say).
        case unexpected(SMTPReply)
        /// The server's lines were not a well-formed reply.
        case malformed(String)
        /// The connection ended before the reply.
        case closed
        /// Reading, writing or connecting failed.
        case io(any Error)
        /// An address is not ASCII and the server does not offer SMTPUTF8.
        case needsSMTPUTF8
    }

    var stage: SMTPStage
    var reason: Reason
}

/// Commands and replies in lock-step over one connection, as RFC 5321 §4.3 describes (no pipelining).
struct SMTPSession {
    private var lines: NIOAsyncChannelInboundStream<String>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var assembler = SMTPReplyAssembler()

    init(inbound: NIOAsyncChannelInboundStream<String>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.lines = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    /// Reads one whole reply, however many lines it has.
    mutating func reply(during stage: SMTPStage) async throws(SMTPSessionError) -> SMTPReply {
        while true {
            let line: String?
            do {
                line = try await lines.next()
            } catch is SMTPLineDecoder.LineTooLong {
                throw SMTPSessionError(stage: stage, reason: .malformed("a reply line too long"))
            } catch {
                throw SMTPSessionError(stage: stage, reason: .io(error))
            }
            guard let line else { throw SMTPSessionError(stage: stage, reason: .closed) }
            do {
                if let reply = try assembler.add(line) { return reply }
            } catch {
                throw SMTPSessionError(stage: stage, reason: .malformed(error.description))
            }
        }
    }

    /// Sends bytes as they are.
    func send(_ bytes: [UInt8], during stage: SMTPStage) async throws(SMTPSessionError) {
        do {
            try await outbound.write(ByteBuffer(bytes: bytes))
        } catch {
            throw SMTPSessionError(stage: stage, reason: .io(error))
        }
    }

    /// Sends one command line (CRLF added) and reads its reply.
    mutating func command(_ line: String, during stage: SMTPStage) async throws(SMTPSessionError) -> SMTPReply {
        try await send(Array((line + "\r\n").utf8), during: stage)
        return try await reply(during: stage)
    }

    /// Returns when `reply` has one of `codes`; throws `refused` for 4xx and 5xx and `unexpected` otherwise.
    static func expect(_ reply: SMTPReply, _ codes: Set<Int>, during stage: SMTPStage) throws(SMTPSessionError) {
        if codes.contains(reply.code) { return }
        if reply.isTransientNegative || reply.isPermanentNegative {
            throw SMTPSessionError(stage: stage, reason: .refused(reply))
        }
        throw SMTPSessionError(stage: stage, reason: .unexpected(reply))
    }
}
