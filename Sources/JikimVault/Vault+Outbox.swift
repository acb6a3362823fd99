import Crypto
import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// A message to a person waiting in the outbox, opened for delivery.
public struct OutboxMessage: Sendable, Hashable {
    public var seq: Int
    public var kind: String
    public var attempts: Int
    public var recipient: String
    public var subject: String
    public var body: String
}

/// The outbox: notices to people (a dormancy notice) are written in the transaction that decides them and
/// delivered afterwards by a notifier, with retries, and every attempt's outcome kept.
extension Vault {
    /// Delivery stops after this many attempts.
    public static let maximumDeliveryAttempts = 12

    /// Writes the dormancy notice to the outbox, addressed to the person's first e-mail item (else phone item),
    /// sealed under that item's data key; and records that it was prepared, so that it is prepared once.
    func prepareDormancyNotice(for subject: String, dormantOn: CivilDate, actor: String, at now: Date, in sql: any SQLDatabase) async throws {
        try await sql.delete(from: "dormancy_notices").where("subject_id", .equal, SQLBind(subject)).run()
        try await sql.insert(into: "dormancy_notices").columns("subject_id", "dormant_on", "prepared_at")
            .values(SQLBind(subject), SQLBind(dormantOn.description), SQLBind(Timestamp.string(now))).run()
        guard let rule = policy.dormancy else { return }
        // Without a contact there is no one to tell; the notice is recorded as prepared all the same.
        let scheduled = AccessRules.scheduled(actor: actor, operation: .notify, purpose: "dormancy", items: [])
        guard let contact = try await contact(of: subject, under: scheduled, in: sql) else { return }
        let notice = DormancyNotice(organisation: policy.organisation.name.text(in: .ko), dormantOn: dormantOn, policy: rule)
        try await enqueue(kind: "dormancy-notice", about: subject, sealedUnder: contact.retentionClass, recipient: contact.value,
                          title: notice.subject, body: notice.body, at: now, in: sql)
        try await recorder.record([AccessRecord(
            actor: actor, at: now, source: nil, subject: cipher.pseudonym(subject), operation: .notify, purpose: "dormancy",
            items: [contact.item], outcome: .allowed)], in: sql)
    }

    /// The person's contact: `item` when given, else their first e-mail item, else their first phone item; with its
    /// value and retention class.
    func contact(
        of subject: String, item: Identifier? = nil, under authorisation: Authorisation, in sql: any SQLDatabase
    ) async throws -> (item: Identifier, retentionClass: String, value: String)? {
        let held = try await sql.select().columns("item", "class").from("item_values").where("subject_id", .equal, SQLBind(subject)).all()
            .map { (item: try $0.decode(column: "item", as: String.self), retentionClass: try $0.decode(column: "class", as: String.self)) }
        let contacts = item.map { wanted in held.filter { $0.item == wanted } }
            ?? (held.filter { policy.item($0.item)?.type == .email } + held.filter { policy.item($0.item)?.type == .phone })
        guard let contact = contacts.first, let value = try await openValues([contact.item], of: subject, from: .ordinary, under: authorisation, in: sql)[contact.item]
        else { return nil }
        return (contact.item, contact.retentionClass, value)
    }

    /// Writes a message about the person to the outbox, sealed under their data key of `retentionClass`: destroying
    /// that key makes an undelivered message unreadable too. `recipient` is the person's contact, or a recipient's.
    func enqueue(
        kind: String, about subject: String, sealedUnder retentionClass: String, recipient: String, title: String, body: String,
        at now: Date, in sql: any SQLDatabase
    ) async throws {
        guard let key = try await dataKey(of: retentionClass, subject: subject, in: sql) else { throw VaultError.destroyed(retentionClass) }
        let payload = try JSONEncoder().encode(["recipient": recipient, "subject": title, "body": body])
        let sealed = try cipher.seal(String(decoding: payload, as: UTF8.self), item: "outbox", subject: subject, key: key)
        try await sql.insert(into: "outbox")
            .columns("subject_id", "class", "kind", "sealed", "created_at", "attempts", "next_attempt_at")
            .values(SQLBind(subject), SQLBind(retentionClass), SQLBind(kind), SQLBind(sealed),
                    SQLBind(Timestamp.string(now)), SQLBind(0), SQLBind(Timestamp.string(now)))
            .run()
    }

    /// Writes a message to staff (an alert), which holds no personal information, to the outbox.
    func enqueueStaffMessage(kind: String, recipient: String, title: String, body: String, at now: Date, in sql: any SQLDatabase) async throws {
        let payload = try JSONEncoder().encode(["recipient": recipient, "subject": title, "body": body])
        try await sql.insert(into: "outbox")
            .columns("subject_id", "class", "kind", "sealed", "message", "created_at", "attempts", "next_attempt_at")
            .values(SQLBind(""), SQLBind(""), SQLBind(kind), SQLBind(Data()), SQLBind(String(decoding: payload, as: UTF8.self)),
                    SQLBind(Timestamp.string(now)), SQLBind(0), SQLBind(Timestamp.string(now)))
            .run()
    }

    private func dataKey(of retentionClass: String, subject: String, in sql: any SQLDatabase) async throws -> SymmetricKey? {
        guard let row = try await sql.select().columns("key_version", "sealed").from("data_keys").where("subject_id", .equal, SQLBind(subject))
            .where("class", .equal, SQLBind(retentionClass)).first()
        else { return nil }
        let wrapped = WrappedKey(keyVersion: try row.decode(column: "key_version", as: Int.self), sealed: try row.decode(column: "sealed", as: Data.self))
        return try keys.unwrap(wrapped, subject: subject, retentionClass: retentionClass)
    }

    /// Messages whose next attempt is due at `now`, opened for delivery. A message whose person's data has been
    /// destroyed meanwhile can no longer be opened: it is marked failed and not returned.
    public func dueMessages(limit: Int = 50) async throws(VaultError) -> [OutboxMessage] {
        let now = clock()
        var messages: [OutboxMessage] = []
        try await write { sql in
            let rows = try await sql.select().columns("seq", "subject_id", "class", "kind", "sealed", "message", "attempts").from("outbox")
                .where(SQLIdentifier("delivered_at"), .is, SQLLiteral.null).where(SQLIdentifier("failed_at"), .is, SQLLiteral.null)
                .where("next_attempt_at", .lessThanOrEqual, SQLBind(Timestamp.string(now))).orderBy("next_attempt_at").limit(limit).all()
            for row in rows {
                let seq = try row.decode(column: "seq", as: Int.self)
                let subject = try row.decode(column: "subject_id", as: String.self)
                let text: String?
                if let message = try row.decode(column: "message", as: String?.self) {
                    text = message
                } else if let key = try await dataKey(of: try row.decode(column: "class", as: String.self), subject: subject, in: sql) {
                    text = try? cipher.open(try row.decode(column: "sealed", as: Data.self), item: "outbox", subject: subject, key: key)
                } else {
                    text = nil
                }
                guard let text,
                      let fields = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)),
                      let recipient = fields["recipient"], let title = fields["subject"], let body = fields["body"]
                else {
                    try await finishDelivery(seq, failed: "the person's data has been destroyed", transport: nil, at: now, in: sql)
                    continue
                }
                messages.append(OutboxMessage(seq: seq, kind: try row.decode(column: "kind", as: String.self),
                                              attempts: try row.decode(column: "attempts", as: Int.self),
                                              recipient: recipient, subject: title, body: body))
            }
        }
        return messages
    }

    /// Records the outcome of one delivery attempt: delivered, or failed with a retry after a growing delay
    /// (30 s, 1 min, 2 min … up to 6 h), or failed for good when `permanent` or after the last attempt.
    public func recordDelivery(of seq: Int, transport: String, error: String?, permanent: Bool = false) async throws(VaultError) {
        let now = clock()
        try await write { sql in
            guard let error else {
                try await sql.update("outbox").set("delivered_at", to: SQLBind(Timestamp.string(now))).set("transport", to: SQLBind(transport))
                    .set("attempts", to: SQLRaw("attempts + 1")).where("seq", .equal, SQLBind(seq)).run()
                return
            }
            let attempts = (try await sql.select().column("attempts").from("outbox").where("seq", .equal, SQLBind(seq)).first()?
                .decode(column: "attempts", as: Int.self) ?? 0) + 1
            if permanent || attempts >= Self.maximumDeliveryAttempts {
                try await sql.update("outbox").set("attempts", to: SQLBind(attempts)).where("seq", .equal, SQLBind(seq)).run()
                try await finishDelivery(seq, failed: error, transport: transport, at: now, in: sql)
                return
            }
            let delay = min(30 * pow(2, Double(attempts - 1)), 6 * 3600)
            try await sql.update("outbox").set("attempts", to: SQLBind(attempts)).set("last_error", to: SQLBind(error))
                .set("transport", to: SQLBind(transport)).set("next_attempt_at", to: SQLBind(Timestamp.string(now.addingTimeInterval(delay))))
                .where("seq", .equal, SQLBind(seq)).run()
        }
    }

    private func finishDelivery(_ seq: Int, failed error: String, transport: String?, at now: Date, in sql: any SQLDatabase) async throws {
        try await sql.update("outbox").set("failed_at", to: SQLBind(Timestamp.string(now))).set("last_error", to: SQLBind(error))
            .set("transport", to: SQLBind(transport)).where("seq", .equal, SQLBind(seq)).run()
    }

    /// The outbox's messages by state, for the officer: how many wait, were delivered, failed.
    public func outboxSummary() async throws(VaultError) -> (waiting: Int, delivered: Int, failed: Int) {
        do {
            let row = try await store.sql.raw("""
                SELECT SUM(CASE WHEN delivered_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END) AS waiting,
                       SUM(CASE WHEN delivered_at IS NOT NULL THEN 1 ELSE 0 END) AS delivered,
                       SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END) AS failed FROM outbox
                """).first()
            return (try row?.decode(column: "waiting", as: Int?.self) ?? 0, try row?.decode(column: "delivered", as: Int?.self) ?? 0,
                    try row?.decode(column: "failed", as: Int?.self) ?? 0)
        } catch {
            throw .storage(String(describing: error))
        }
    }
}
