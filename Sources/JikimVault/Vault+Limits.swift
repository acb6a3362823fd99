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
