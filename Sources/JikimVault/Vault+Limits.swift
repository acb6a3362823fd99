import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// Counters over a window of time, kept in the store so that a restart does not reset them and servers on one
/// PostgreSQL count together: failed sign-ins per source address, filings on the public form per source and per
/// contact. What is counted is kept as a keyed digest only, never the address or the contact.
extension Vault {
    /// Kinds of counted event.
    public enum LimitKind: String, Sendable {
        case signInFailure = "sign-in-failure"
        case filingPerSource = "filing-source"
        case filingPerContact = "filing-contact"
    }

    /// Filings on the public form within an hour from one source address, and naming one contact (so that Jikim
    /// cannot be used to flood someone's inbox with codes).
    public static let filingsPerSource = 10
    public static let filingsPerContact = 3

    /// Whether a filing on the public form from `source` naming `contact` may go ahead now. It is counted either
    /// way, in one statement per counter, so servers on one PostgreSQL and a restarted server count together.
    public func allowFiling(source: String?, contact: String) async throws(VaultError) -> Bool {
        let now = clock()
        let normalised = contact.trimmingCharacters(in: .whitespaces).lowercased()
        do {
            return try await store.transaction { sql in
                let bySource = try await count(.filingPerSource, key: source ?? "-", window: 3600, at: now, in: sql)
                let byContact = try await count(.filingPerContact, key: normalised, window: 3600, at: now, in: sql)
                try await pruneLimits(at: now, in: sql)
                return bySource <= Self.filingsPerSource && byContact <= Self.filingsPerContact
            }
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// Counts one event of `kind` for `key` and returns how many there have been in the window, this one included,
    /// in one statement: concurrent callers each see a different count.
    func count(_ kind: LimitKind, key: String, window: TimeInterval, at now: Date, in sql: any SQLDatabase) async throws -> Int {
        let start = Timestamp.string(now.addingTimeInterval(-window))
        let row = try await sql.statement("""
            INSERT INTO rate_limits (kind, key, window_start, count) VALUES (?, ?, ?, 1)
            ON CONFLICT (kind, key) DO UPDATE SET
                count = CASE WHEN rate_limits.window_start <= ? THEN 1 ELSE rate_limits.count + 1 END,
                window_start = CASE WHEN rate_limits.window_start <= ? THEN excluded.window_start ELSE rate_limits.window_start END
            RETURNING count
            """, binds: [.text(kind.rawValue), .text(limitKey(kind, key)), .text(Timestamp.string(now)), .text(start), .text(start)]).first()
        return try row?.decode(column: "count", as: Int.self) ?? 1
    }

    /// How many events of `kind` for `key` there have been in the window, without counting one.
    func counted(_ kind: LimitKind, key: String, window: TimeInterval, at now: Date, in sql: any SQLDatabase) async throws -> Int {
        let row = try await sql.statement("SELECT count FROM rate_limits WHERE kind = ? AND key = ? AND window_start > ?",
                                          .text(kind.rawValue), .text(limitKey(kind, key)),
                                          .text(Timestamp.string(now.addingTimeInterval(-window)))).first()
        return try row?.decode(column: "count", as: Int.self) ?? 0
    }

    /// Forgets counters whose window ended more than a day ago.
    func pruneLimits(at now: Date, in sql: any SQLDatabase) async throws {
        try await sql.statement("DELETE FROM rate_limits WHERE window_start < ?", .text(Timestamp.string(now.addingTimeInterval(-86_400)))).run()
    }

    private func limitKey(_ kind: LimitKind, _ key: String) -> String {
        cipher.blindIndex(key, item: "limit \(kind.rawValue)").base64EncodedString()
    }
}
