import Foundation
import Synchronization

/// What tokens authenticated a moment ago, so that a service calling many times a second does not have each call
/// look its token up in the store (a read transaction of its own, about a tenth of a read's CPU: BENCHMARKS.md).
///
/// An entry holds what the store held — the SHA-256 of the token's secret, its actor, a session's expiry — never
/// the secret. It answers only while nothing has been written through the store since its look-up began
/// (`Store.changeCount`: a revocation, a session ended, an actor disabled, any change at all) and for at most
/// `maxAge`, which bounds how long a change made by another process or server (`jikim actors token --revoke` beside
/// a running `jikim serve`, a second server on PostgreSQL) takes to be seen. Refusals are not kept: an unknown or
/// wrong token is looked up every time.
final class TokenCache: Sendable {
    struct Entry: Sendable {
        /// The SHA-256 of the secret, as stored.
        var hash: Data
        var actor: String
        /// When a staff session ends by itself; nil for a service token.
        var expires: Date?
        /// `Store.changeCount` when the look-up began.
        var changes: Int
        var checked: ContinuousClock.Instant
    }

    /// The longest an entry answers, whatever the store's change count says.
    let maxAge: Duration
    /// The most entries kept; past it they are all let go (more live tokens than this in `maxAge` is not a service
    /// calling often, which is what the cache is for).
    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(maxAge: Duration = .seconds(1), capacity: Int = 4096) {
        self.maxAge = maxAge
        self.capacity = capacity
    }

    /// The actor of token `key` (its kind and id) if an entry for it is still good and `presented` (the SHA-256 of
    /// the secret shown) matches it.
    func actor(_ key: String, presented: Data, changes: Int, now: Date) -> String? {
        guard let entry = entries.withLock({ $0[key] }), entry.changes == changes, entry.checked.duration(to: .now) < maxAge,
              entry.expires.map({ $0 > now }) ?? true, TokenCache.equal(entry.hash, presented)
        else { return nil }
        return entry.actor
    }

    func remember(_ key: String, _ entry: Entry) {
        entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = entry
        }
    }

    /// Two hashes compared in constant time.
    static func equal(_ a: Data, _ b: Data) -> Bool {
        a.count == b.count && zip(a, b).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0
    }
}
