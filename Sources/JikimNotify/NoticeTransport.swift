/// Something that hands a ``Notice`` to a peer that takes it the rest of the way to the person: a webhook
/// (an SMS or messaging gateway, say) or an SMTP server.
///
/// The notifier calls ``deliver(_:)`` once per attempt and decides from the error whether to try again later, so
/// a transport makes one attempt and neither retries nor sleeps itself.
public protocol NoticeTransport: Sendable {
    /// Delivers one notice. It returns normally only once the peer has accepted the notice (an HTTP 2xx, an
    /// SMTP 250 after the message content) and throws ``NoticeDeliveryError`` otherwise, telling whether a retry
    /// can help.
    func deliver(_ notice: Notice) async throws(NoticeDeliveryError)

    /// A short name for logs and delivery records: "webhook", "smtp".
    var name: String { get }
}

/// Why a notice was not delivered, and whether trying again can help.
///
/// The description is written to logs and to the outbox's attempt records, so it never holds the recipient or
/// the body (personal information): it names the peer, the step that failed and the status code.
public struct NoticeDeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// True when retrying cannot help: the peer refused the notice itself (an HTTP 4xx other than 408 and 429, an
    /// SMTP 5xx) or the notice or transport is malformed. False for a timeout, a refused or dropped connection,
    /// an HTTP 408, 429 or 5xx, an SMTP 4xx: the notifier should retry with backoff.
    public var permanent: Bool
    /// What went wrong, without the recipient or body.
    public var description: String

    /// Makes an error; `description` must not hold personal information.
    public init(permanent: Bool, description: String) {
        self.permanent = permanent
        self.description = description
    }

    /// An error that a later attempt may not meet.
    static func transient(_ description: String) -> NoticeDeliveryError {
        NoticeDeliveryError(permanent: false, description: description)
    }

    /// An error that every later attempt would meet again.
    static func rejected(_ description: String) -> NoticeDeliveryError {
        NoticeDeliveryError(permanent: true, description: description)
    }
}
