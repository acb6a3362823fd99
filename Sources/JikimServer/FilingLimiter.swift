import Foundation
import JikimCrypto
import Synchronization

/// Bounds how often the public form may be used: per source address (against floods) and per contact named
/// (against using Jikim to flood someone's inbox with codes). Counts are kept in memory, per server, over a sliding
/// window; contacts are kept as SHA-256 digests only.
final class FilingLimiter: Sendable {
    let perSource: Int
    let perContact: Int
    let window: TimeInterval
    private let seen = Mutex<[String: [Date]]>([:])

    init(perSource: Int = 10, perContact: Int = 3, window: TimeInterval = 3600) {
        self.perSource = perSource
        self.perContact = perContact
        self.window = window
    }

    /// How many sources and contacts are remembered now.
    var keyCount: Int { seen.withLock { $0.count } }

    /// Whether a filing from `source` naming `contact` may go ahead now; counted when it may.
    func allow(source: String?, contact: String, at now: Date = Date()) -> Bool {
        let digest = sha256Hex(Data(contact.trimmingCharacters(in: .whitespaces).lowercased().utf8))
        let keys = [("source:" + (source ?? "-"), perSource), ("contact:" + digest, perContact)]
        return seen.withLock { seen in
            let cutoff = now.addingTimeInterval(-window)
            for (key, _) in keys { seen[key] = seen[key]?.filter { $0 > cutoff } }
            guard keys.allSatisfy({ (seen[$0.0]?.count ?? 0) < $0.1 }) else { return false }
            for (key, _) in keys { seen[key, default: []].append(now) }
            // Forget what has left the window, so that memory stays bounded by the window's traffic.
            if seen.count > 10_000 { seen = seen.compactMapValues { dates in dates.filter { $0 > cutoff }.nilIfEmpty } }
            return true
        }
    }
}

extension Array {
    fileprivate var nilIfEmpty: Self? { isEmpty ? nil : self }
}
