import Foundation
import JikimAccessLog
import JikimCore
import JikimCrypto
import JikimPolicyFile
import JikimStore
import JikimTestSupport
import JikimVault
import SQLKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `jikim sweep` killed (SIGKILL) at random instants and started again: every person is swept whole or not at all
/// after each kill, and the last run finishes the work with nothing destroyed twice and nothing missed.
@Test("a sweep killed at any instant and started again finishes the work: nothing destroyed twice, nothing missed, nothing half-done")
func sweepSurvivesKills() async throws {
    let jikim = try commandPath()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-kill-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let policyPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/rsupport/policy.yaml").path
    var policy = try PolicyFile.load(path: policyPath).policy
    policy.roles.append(Role(id: "staff", name: LocalizedText("staff"), purposes: policy.purposes.map(\.id)))
    let keys = KeyRing.generate()
    let people = 1_200

    // Set up in process: people whose purpose was achieved on 2026-01-05. As of 2026-06-01 each has one class
    // destroyed at once (os), one destroyed after 3 months (ip_address) and one kept apart for 3 years (email).
    var store = try await Store.openSQLite(directory: directory)
    try keys.write(path: directory + "/keys.json")
    let clock = ManualClock(seoul("2026-01-05", 10))
    let vault = Vault(policy: policy, store: store, keys: keys, recorder: AccessLog(store: store), clock: clock.function)
    try await vault.addActor("staff", kind: .staff, by: "admin")
    try await vault.grant("staff", to: "staff", by: "admin")
    let requester = Requester(actor: "staff", purpose: "user_management")
    let subjects = (0..<people).map { NewSubject(externalID: "k-\($0)", values: ["email": "k\($0)@example.kr", "ip_address": "192.0.2.\($0 % 250)", "os": "Linux"]) }
    for result in try await vault.create(subjects, by: requester) { _ = try result.get() }
    for index in 0..<people { try await vault.recordEvent(externalID: "k-\(index)", .purposeAchieved, by: requester) }
    let email = RetentionClass.of("email", in: policy), ip = RetentionClass.of("ip_address", in: policy), os = RetentionClass.of("os", in: policy)
    try await store.close()

    let cipher = Cipher(keys: keys)
    var interrupted = 0
    for round in 0..<6 {
        let process = try start(jikim, ["sweep", "--now", "2026-06-01", "--batch-size", "8"], directory: directory, policy: policyPath)
        try await Task.sleep(for: .milliseconds(Int.random(in: 250...1_500)))
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        // After the kill, each person is either untouched or done whole; the log takes in what the kill left in its
        // outbox, as `jikim` and the server do when they open the store.
        store = try await Store.openSQLite(directory: directory)
        try await AccessLog(store: store).takeInOutbox()
        let state = try await sweepState(store, cipher: cipher)
        var done = 0, untouched = 0
        for person in state.people {
            let destroyed = state.ledger[person.pseudonym, default: []]
            if person.due {
                #expect(destroyed.isEmpty && person.separated.isEmpty && person.ordinary == [email, ip, os], "round \(round): a person half-swept")
                untouched += 1
            } else {
                #expect(destroyed.sorted() == [ip, os].sorted() && person.separated == [email] && person.ordinary.isEmpty, "round \(round): a person half-swept")
                done += 1
            }
        }
        #expect(state.ledgerLines == state.loggedDestructions, "the ledger and the log disagree")
        #expect(state.ledgerLines == 2 * done, "round \(round): \(state.ledgerLines) ledger lines for \(done) people done")
        try await store.close()
        if wasRunning && done > 0 && untouched > 0 { interrupted += 1 }
        if untouched == 0 { break }
    }
    #expect(interrupted > 0, "no kill landed in the middle of a sweep")

    // Started again, the sweep finishes the work.
    let last = try start(jikim, ["sweep", "--now", "2026-06-01"], directory: directory, policy: policyPath)
    last.waitUntilExit()
    #expect(last.terminationStatus == 0)
    store = try await Store.openSQLite(directory: directory)
    let state = try await sweepState(store, cipher: cipher)
    #expect(state.people.count == people && state.people.allSatisfy { !$0.due && $0.separated == [email] && $0.ordinary.isEmpty })
    #expect(state.ledgerLines == 2 * people && state.ledger.values.allSatisfy { $0.sorted() == [ip, os].sorted() })
    #expect(state.ledgerLines == state.loggedDestructions)
    // The log that took its entries in from the outbox after each kill is one whole tree, each entry in it once.
    let log = AccessLog(store: store)
    let signer = try NoteSigner.generate(name: "jikim.test/kill")
    try await log.checkpoint(signer: signer, origin: signer.name)
    let verification = try await log.verify(verifier: signer.verifier, origin: signer.name)
    #expect(verification.intact && verification.verifiedUpTo == verification.entries, "\(verification.problems)")
    let entries = try await store.sql.raw("SELECT entry FROM log_entries").all().map { try $0.decode(column: "entry", as: Data.self) }
    #expect(Set(entries).count == entries.count, "an entry is in the log twice")
    try await store.close()
}

private struct SweptPerson {
    var pseudonym: String
    var due: Bool
    var ordinary: Set<String>
    var separated: Set<String>
}

private func sweepState(_ store: Store, cipher: Cipher) async throws -> (people: [SweptPerson], ledger: [String: [String]], ledgerLines: Int, loggedDestructions: Int) {
    var people: [String: SweptPerson] = [:]
    for row in try await store.sql.raw("SELECT id, due_on FROM subjects").all() {
        let id = try row.decode(column: "id", as: String.self)
        let due = try row.decode(column: "due_on", as: String?.self).map { $0 <= "2026-06-01" } ?? false
        people[id] = SweptPerson(pseudonym: cipher.pseudonym(id), due: due, ordinary: [], separated: [])
    }
    for row in try await store.sql.raw("SELECT DISTINCT subject_id, class FROM item_values").all() {
        people[try row.decode(column: "subject_id", as: String.self)]?.ordinary.insert(try row.decode(column: "class", as: String.self))
    }
    for row in try await store.sql.raw("SELECT DISTINCT subject_id, class FROM separated_values").all() {
        people[try row.decode(column: "subject_id", as: String.self)]?.separated.insert(try row.decode(column: "class", as: String.self))
    }
    var ledger: [String: [String]] = [:]
    let lines = try await store.sql.raw("SELECT subject, class FROM destruction_ledger").all()
    for row in lines { ledger[try row.decode(column: "subject", as: String.self), default: []].append(try row.decode(column: "class", as: String.self)) }
    let logged = try await store.sql.raw("SELECT COUNT(*) AS n FROM log_entries WHERE kind = 'destruction'").first()?.decode(column: "n", as: Int.self) ?? -1
    return (Array(people.values), ledger, lines.count, logged)
}

private func start(_ command: String, _ arguments: [String], directory: String, policy: String) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: command)
    process.arguments = arguments + ["--data", directory, "--policy", policy]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
}

/// The `jikim` command built beside the tests.
private func commandPath() throws -> String {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("jikim").path,
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/jikim").path,
    ]
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        Issue.record("the jikim command is not built: run `swift build` before `swift test` (looked in \(candidates))")
        throw CancellationError()
    }
    return found
}
