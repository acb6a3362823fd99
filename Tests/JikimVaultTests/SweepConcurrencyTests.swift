import Foundation
import JikimAccessLog
import JikimCore
import JikimStore
import JikimTestSupport
import JikimVault
import SQLKit
import Testing

@Test("two sweepers on one store, each with its own connection as two servers would have, destroy everything due exactly once", arguments: TestBackend.available)
func twoSweepers(_ backend: TestBackend) async throws {
    let scenario = try await RetentionScenario.make("rsupport", backend: backend, start: seoul("2026-01-05", 10))
    defer { Task { await scenario.close() } }
    let vault = scenario.vault
    let people = 300
    let batch = (0..<people).map { index in
        NewSubject(externalID: "p-\(index)", values: ["email": "p\(index)@example.kr", "ip_address": "198.51.100.\(index % 250)", "os": "Linux"])
    }
    for result in try await vault.create(batch, by: scenario.requester("user_management")) { _ = try result.get() }
    for index in 0..<people {
        try await vault.recordEvent(externalID: "p-\(index)", .purposeAchieved, by: scenario.requester("user_management"))
    }
    // A second server: its own store (own connections) on the same database.
    let second: Store = switch backend {
    case .sqlite: try await Store.openSQLite(directory: scenario.database.directory)
    case .postgres: try await Store.openPostgres(url: try #require(TestBackend.postgresURL), schema: scenario.database.schema)
    }
    let other = Vault(policy: scenario.policy, store: second, keys: vault.keyRing, recorder: AccessLog(store: second), clock: scenario.clock.function)
    let day = try #require(CivilDate(iso: "2036-01-01"))
    async let first = vault.sweep(on: day, batchSize: 7)
    async let third = other.sweep(on: day, batchSize: 7)
    let reports = try await [first, third]
    try await second.close()

    let classesEach = 3
    #expect(reports.map(\.destroyed).reduce(0, +) == people * classesEach)
    #expect(reports.map(\.removed).reduce(0, +) == people)
    let lines = try await vault.destructionLedger()
    #expect(lines.count == people * classesEach)
    #expect(Set(lines.map { "\($0.subject) \($0.retentionClass)" }).count == lines.count, "a class destroyed twice")
    #expect(try await vault.dueCount(on: day) == 0)
    if backend == .postgres {
        #expect(reports.allSatisfy { $0.subjects > 0 }, "both sweepers took part: \(reports.map(\.subjects))")
    }
}
