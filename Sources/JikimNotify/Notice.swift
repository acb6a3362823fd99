/// One message to one person, as the notifier takes it from the outbox: a dormancy notice, say.
///
/// A notice carries personal information (the recipient, and usually the body), so transports keep it out of
/// their errors and logs; `id` is the only field that is safe to record.
public struct Notice: Sendable, Hashable, Codable {
    /// The outbox message id. It stays the same across retries, so transports pass it to the peer as an
    /// idempotency key (the webhook's `Idempotency-Key`, the SMTP `Message-ID`) and a retried notice is not
    /// delivered twice by a peer that deduplicates.
    public var id: String
    /// Where the notice goes: an e-mail address for SMTP, an e-mail address or phone number for a webhook.
    public var recipient: String
    /// A one-line subject; plain text, any Unicode.
    public var subject: String
    /// The plain-text body, UTF-8 (Korean text is common).
    public var body: String

    /// Makes a notice from its outbox message.
    public init(id: String, recipient: String, subject: String, body: String) {
        self.id = id
        self.recipient = recipient
        self.subject = subject
        self.body = body
    }
}
