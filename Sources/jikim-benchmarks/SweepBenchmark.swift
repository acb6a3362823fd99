import Foundation
import JikimAccessLog
import JikimCore
import JikimCrypto
import JikimPolicyFile
import JikimStore
import JikimVault
import SQLKit

/// A retention sweep over `count` people of whom `duePercent` % had their purpose achieved on 2026-01-05, as of
/// 2026-06-01 under RSUPPORT's policy: each due person has one class destroyed at once, one after 3 months and
/// one separated for 3 years. Then the same store swept again with nothing due. Prints people swept per second
/// and the time of the empty sweep.
///
/// The people are written with SQL (random bytes in place of ciphertexts, which a sweep moves and deletes but
/// never decrypts), so that a million are set up in seconds; the sweep itself is the vault's, with the access
/// log and the destruction ledger written as in production.
func sweepBenchmark(people count: Int, duePercent: Int, policy path: String) async throws {
    let policy = try PolicyFile.load(path: path).policy
    let directory = temporaryDirectory("sweep")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try await Store.openSQLite(directory: directory)
    let vault = Vault(policy: policy, store: store, keys: .generate(), recorder: AccessLog(store: store))
    let classes = ["email", "ip_address", "os"].map { RetentionClass.of($0, in: policy) }
    let every = max(1, 100 / max(1, duePercent))

    let setup = try await seconds {
        try await store.transaction { sql in
            try await sql.raw("""
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < \(unsafeRaw: String(count - 1)))
                INSERT INTO subjects (id, external, category, created_at, due_on)
                SELECT printf('s%08d', i), randomblob(32), NULL, '2025-01-01T00:00:00.000Z',
                       CASE WHEN i % \(unsafeRaw: String(every)) = 0 THEN '2026-01-05' ELSE NULL END FROM n
                """).run()
            for (index, (item, retentionClass)) in zip(["email", "ip_address", "os"], classes).enumerated() {
                try await sql.raw("""
                    INSERT INTO data_keys (subject_id, class, key_version, sealed) SELECT id, \(bind: retentionClass), 1, randomblob(60) FROM subjects
                    """).run()
                try await sql.raw("""
                    INSERT INTO item_values (subject_id, item, class, sealed) SELECT id, \(bind: item), \(bind: retentionClass), randomblob(\(unsafeRaw: String(40 + index))) FROM subjects
                    """).run()
            }
            try await sql.raw("INSERT INTO lookups (item, digest, subject_id) SELECT 'email', randomblob(32), id FROM subjects").run()
            try await sql.raw("""
                INSERT INTO lifecycle_events (subject_id, event, at, recorded_at, by_actor)
                SELECT id, 'purpose_achieved', '2026-01-05T01:00:00.000Z', '2026-01-05T01:00:00.000Z', 'benchmark' FROM subjects WHERE due_on IS NOT NULL
                """).run()
        }
    }
    let day = try CivilDate(iso: "2026-06-01").unwrap("date")
    let due = try await vault.dueCount(on: day)
    print("sweep benchmark: \(count) people, \(due) due (\(duePercent) %), SQLite; set up in \(String(format: "%.1f", setup)) s")

    var report = SweepReport()
    let full = try await seconds { report = try await vault.sweep(on: day, batchSize: 500) }
    print(String(format: "  sweep with %d due:    %.2f s, %.0f people/s (%d destroyed, %d separated, %d ledger lines)",
                 report.subjects, full, Double(report.subjects) / full, report.destroyed, report.separated,
                 try await vault.destructionLedger().count))
    var empty = SweepReport()
    let idle = try await seconds { empty = try await vault.sweep(on: day, batchSize: 500) }
    print(String(format: "  sweep with nothing due: %.1f ms (%d people looked at)", idle * 1000, empty.subjects))
    print(String(format: "  ratio empty/full: %.5f", idle / full))
    try await store.close()
}

extension Optional {
    func unwrap(_ what: String) throws -> Wrapped {
        guard let self else { throw BenchmarkFailure("no \(what)") }
        return self
    }
}
