import Foundation
import JikimAccessLog
import JikimCore
import JikimCrypto
import JikimPolicyFile
import JikimStore
import JikimTestSupport
@testable import JikimVault
import SQLKit
import Testing

/// One example organisation's vault, on a clock the test moves: its policy file from `examples/`, with a `staff`
/// role that grants every purpose and every retention rule, and an officer.
struct RetentionScenario {
    let database: TestStore
    let vault: Vault
    let clock: ManualClock
    var policy: Policy { vault.policy }
    var store: Store { database.store }

    /// A vault under the example's policy, changed by `adjust` first where a test needs a rule the example lacks.
    static func make(_ example: String, backend: TestBackend = .sqlite, start: Date,
                     adjust: (inout Policy) -> Void = { _ in }) async throws -> RetentionScenario {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/\(example)/policy.yaml").path
        var policy = try PolicyFile.load(path: path).policy
        adjust(&policy)
        let granted = policy.purposes.map(\.id) + policy.retention.map { RetentionClass.name(of: $0, in: policy) }
        policy.roles.append(Role(id: "staff", name: LocalizedText("staff"), purposes: granted))
        let database = try await backend.open()
        let clock = ManualClock(start)
        var passwords = PasswordHasher()
        passwords.rounds = 1 << 10
        let vault = Vault(policy: policy, store: database.store, keys: .generate(), recorder: AccessLog(store: database.store), passwords: passwords, clock: clock.function)
        try await vault.addActor("staff", kind: .staff, by: "admin")
        try await vault.grant("staff", to: "staff", by: "admin")
        try await vault.addActor("officer", kind: .staff, by: "admin")
        return RetentionScenario(database: database, vault: vault, clock: clock)
    }

    func close() async { await database.discard() }

    func requester(_ purpose: Identifier) -> Requester { Requester(actor: "staff", purpose: purpose, source: "10.0.0.1") }

    /// Sweeps as of `day`, with the clock at 03:00 that day.
    @discardableResult
    func sweep(_ day: String) async throws -> SweepReport {
        let date = try #require(CivilDate(iso: day))
        clock.set(date.seoulMidnight.addingTimeInterval(3 * 3600))
        return try await vault.sweep(on: date)
    }

    /// Sweeps as of `day`; where the policy wants the officer's approval, the officer approves the day's batch and the
    /// sweep runs again. The report of the sweep that destroyed.
    @discardableResult
    func sweepApproved(_ day: String) async throws -> SweepReport {
        let report = try await sweep(day)
        guard report.proposed > 0 else { return report }
        try await vault.decide(batch: "D-\(day)", approve: true, reason: nil, by: "officer")
        return try await sweep(day)
    }

    /// The ledger's lines as `class@destroyed-day`, in order.
    func ledger() async throws -> [String] {
        try await vault.destructionLedger().map { "\($0.retentionClass)@\(CivilDate(seoul: $0.destroyedAt))" }
    }

    /// The person's classes in each storage.
    func storage(of externalID: String) async throws -> (ordinary: Set<String>, separated: Set<String>) {
        let subject = try await vault.subjectID(externalID: externalID, in: store.sql)
        let rows = { (table: String) async throws -> Set<String> in
            Set(try await store.sql.raw("SELECT DISTINCT class FROM \(ident: table) WHERE subject_id = \(bind: subject)").all()
                .map { try $0.decode(column: "class", as: String.self) })
        }
        return (try await rows("item_values"), try await rows("separated_values"))
    }

    /// The class an item is kept under.
    func retentionClass(_ item: Identifier) -> String { RetentionClass.of(item, in: policy) }
}
