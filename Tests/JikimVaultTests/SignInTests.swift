import Foundation
import JikimAccessLog
import JikimCore
import JikimCrypto
import JikimStore
import JikimTestSupport
import JikimVault
import SQLKit
import Testing

/// The fixture's vault again, on a clock the test moves.
private func clocked(_ fixture: Fixture, _ clock: ManualClock) -> Vault {
    var passwords = PasswordHasher()
    passwords.rounds = 1 << 10
    return Vault(policy: fixture.vault.policy, store: fixture.store, keys: fixture.vault.keyRing, recorder: AccessLog(store: fixture.store),
                 passwords: passwords, clock: clock.function)
}

@Test("every five wrong passwords lock a staff account for a time that doubles; a success or an administrator ends it; each step is recorded",
      arguments: TestBackend.available)
func lockout(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let clock = ManualClock(seoul("2026-12-01", 9))
    let vault = clocked(fixture, clock)
    #expect(vault.lockoutAfter == 5)
    await #expect(throws: VaultError.weakPassword(minimumLength: 10)) { try await vault.setPassword("short", for: "agent", by: "admin") }
    try await vault.setPassword("correct horse battery", for: "agent", by: "admin")
    #expect(try await vault.signIn("agent", password: "correct horse battery") == .signedIn)

    for _ in 1...4 { #expect(try await vault.signIn("agent", password: "wrong") == .refused) }
    #expect(try await vault.signIn("agent", password: "correct horse battery") == .signedIn, "a success ends the count")
    for _ in 1...5 { #expect(try await vault.signIn("agent", password: "wrong") == .refused) }
    #expect(try await vault.signIn("agent", password: "correct horse battery") == .refused, "locked: not even the right password")
    clock.set(clock.now.addingTimeInterval(61))
    for _ in 1...5 { #expect(try await vault.signIn("agent", password: "wrong") == .refused) }
    clock.set(clock.now.addingTimeInterval(61))
    #expect(try await vault.signIn("agent", password: "correct horse battery") == .refused, "the second lock lasts 2 minutes")
    clock.set(clock.now.addingTimeInterval(60))
    #expect(try await vault.signIn("agent", password: "correct horse battery") == .signedIn)

    for _ in 1...5 { _ = try await vault.signIn("agent", password: "wrong") }
    try await vault.unlock("agent", by: "officer")
    #expect(try await vault.signIn("agent", password: "correct horse battery") == .signedIn, "an administrator lifts a lock at once")
    #expect(Vault.lockDuration(1) == 60 && Vault.lockDuration(3) == 240 && Vault.lockDuration(40) == 86_400)

    let history = try await vault.roleHistory(of: "agent").map { "\($0.action) by \($0.by)" }
    #expect(history.filter { $0 == "sign-in failed by jikim" }.count == 16)
    #expect(history.contains("locked for 1 min after 5 failed sign-ins by jikim"))
    #expect(history.contains("locked for 2 min after 10 failed sign-ins by jikim"))
    #expect(history.contains("sign-in refused: unknown, disabled, without password or locked by jikim"))
    #expect(history.suffix(2) == ["locked for 1 min after 5 failed sign-ins by jikim", "unlocked by officer"])
    try await fixture.close()
}

@Test("an unknown actor, an actor without a password and a wrong password get the same answer; the name typed for an unknown actor is not kept",
      arguments: TestBackend.available)
func sameAnswerForEveryone(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let vault = fixture.vault
    try await vault.setPassword("correct horse battery", for: "agent", by: "admin")
    #expect(try await vault.signIn("nobody", password: "anything at all") == .refused)
    #expect(try await vault.signIn("marketer", password: "no password set") == .refused)
    #expect(try await vault.signIn("agent", password: "wrong") == .refused)
    #expect(try await vault.startSession("nobody", password: "anything at all") == .refused)
    try await AccessLog(store: fixture.store).takeInOutbox()
    let log = try await fixture.store.sql.raw("SELECT entry FROM log_entries").all()
        .map { String(decoding: try $0.decode(column: "entry", as: Data.self), as: UTF8.self) }
    #expect(!log.contains { $0.contains("nobody") })
    #expect(log.filter { $0.contains("sign-in refused") }.count == 3)
    try await fixture.close()
}

@Test("100 wrong passwords sent at once check at most five before the account locks, on every back end; the right one is then refused",
      arguments: TestBackend.available)
func concurrentGuesses(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let clock = ManualClock(seoul("2026-12-01", 9))
    let vault = clocked(fixture, clock)
    try await vault.setPassword("correct horse battery", for: "agent", by: "admin")
    let outcomes = try await withThrowingTaskGroup(of: Vault.SignIn.self) { group in
        for n in 0..<100 {
            // Each from its own address, so that only the account's count stops them.
            group.addTask { try await vault.signIn("agent", password: "guess \(n)", source: "198.51.100.\(n)") }
        }
        return try await group.reduce(into: [Vault.SignIn]()) { $0.append($1) }
    }
    #expect(outcomes.allSatisfy { $0 == .refused })
    #expect(try await vault.signIn("agent", password: "correct horse battery", source: "203.0.113.1") == .refused)
    let history = try await vault.roleHistory(of: "agent").map(\.action)
    #expect(history.filter { $0 == "sign-in failed" || $0.hasPrefix("locked for") }.count == 5, "only five passwords were checked")
    #expect(history.filter { $0.hasPrefix("sign-in refused") }.count == 96)
    try await fixture.close()
}

@Test("a source with 20 failures within the hour is refused, without its attempts counting against accounts; other sources are not",
      arguments: TestBackend.available)
func sourceLimit(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let clock = ManualClock(seoul("2026-12-01", 9))
    let vault = clocked(fixture, clock)
    try await vault.setPassword("correct horse battery", for: "agent", by: "admin")
    for n in 0..<Vault.failuresPerSource {
        #expect(try await vault.signIn("someone-\(n)", password: "guess", source: "192.0.2.7") == .refused)
    }
    #expect(try await vault.signIn("agent", password: "correct horse battery", source: "192.0.2.7") == .refused)
    for _ in 1...10 { _ = try await vault.signIn("agent", password: "wrong", source: "192.0.2.7") }
    #expect(try await vault.signIn("agent", password: "correct horse battery", source: "192.0.2.8") == .signedIn,
            "the throttled source's attempts did not lock the account")
    try await vault.unlock("agent", by: "officer")
    #expect(try await vault.signIn("agent", password: "correct horse battery", source: "192.0.2.7") == .signedIn,
            "an administrator's unlock lets the address in too")
    for n in 0..<Vault.failuresPerSource { _ = try await vault.signIn("someone-\(n)", password: "guess", source: "192.0.2.7") }
    #expect(try await vault.signIn("agent", password: "correct horse battery", source: "192.0.2.7") == .refused)
    clock.set(clock.now.addingTimeInterval(3601))
    #expect(try await vault.signIn("agent", password: "correct horse battery", source: "192.0.2.7") == .signedIn, "the hour is over")
    try await fixture.close()
}

@Test("the public form takes a few filings an hour from one address and fewer naming one contact; the counts survive a restart",
      arguments: TestBackend.available)
func filingLimits(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let clock = ManualClock(seoul("2026-12-01", 10))
    let vault = clocked(fixture, clock)
    for _ in 0..<3 { #expect(try await vault.allowFiling(source: "10.0.0.1", contact: "minji@example.kr")) }
    // A fourth code to the same inbox within the hour is refused, from any address, however the contact is written.
    #expect(try await !vault.allowFiling(source: "10.0.0.2", contact: " MINJI@example.kr"))
    // Another server, or this one restarted, on the same store counts on from there.
    let restarted = clocked(fixture, clock)
    for n in 0..<7 { #expect(try await restarted.allowFiling(source: "10.0.0.1", contact: "other\(n)@example.kr")) }
    #expect(try await !restarted.allowFiling(source: "10.0.0.1", contact: "eleventh@example.kr"))
    // An hour on, both have room again.
    clock.set(clock.now.addingTimeInterval(3601))
    #expect(try await vault.allowFiling(source: "10.0.0.1", contact: "minji@example.kr"))
    // Neither the address nor the contact is kept, only keyed digests.
    let keys = try await fixture.store.sql.raw("SELECT key FROM rate_limits").all().map { try $0.decode(column: "key", as: String.self) }
    #expect(!keys.isEmpty && !keys.contains { $0.contains("10.0.0") || $0.contains("example") })
    try await fixture.close()
}

@Test("a role that reads people takes a second factor: enrolled once, each code taken once, wrong codes lock as wrong passwords do, a reset enrols anew, key rotation keeps it",
      arguments: TestBackend.available)
func secondFactor(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let clock = ManualClock(seoul("2026-12-01", 9))
    let vault = clocked(fixture, clock)
    #expect(try await vault.requiresSecondFactor("agent"), "customer support reads people's information")
    try await vault.setPassword("correct horse battery", for: "agent", by: "admin")
    #expect(try await vault.startSession("agent", password: "correct horse battery") == .secondFactorNeeded(enrolled: false))
    guard case .pending(let token, enrolled: false) = try await vault.startSession("agent", password: "correct horse battery", allowPending: true),
          let shown = try await vault.enrolmentSecret(token), let secret = TOTP.data(base32: shown.base32)
    else {
        Issue.record("no pending session with an enrolment")
        return
    }
    #expect(try await vault.enrolmentSecret(token)?.base32 == shown.base32, "a reload shows the same key")
    #expect(try await vault.authenticate(token: token) == nil, "a pending session authenticates nothing")
    let now = TOTP.counter(at: clock.now)
    #expect(try await vault.completeSecondFactor(token: token, code: TOTP.code(secret: secret, counter: now + 3)) == false)
    #expect(try await vault.completeSecondFactor(token: token, code: TOTP.code(secret: secret, counter: now)))
    #expect(try await vault.authenticate(token: token) == "agent")
    #expect(try await vault.secondFactorEnrolled("agent"))

    // The API's way: the code with the password; a code taken before is refused.
    #expect(try await vault.startSession("agent", password: "correct horse battery", code: TOTP.code(secret: secret, counter: now)) == .refused)
    guard case .started = try await vault.startSession("agent", password: "correct horse battery", code: TOTP.code(secret: secret, counter: now + 1)) else {
        Issue.record("the next code was not taken")
        return
    }
    // Wrong codes count as failed sign-ins: the fifth failure in a row locks.
    clock.set(clock.now.addingTimeInterval(300))
    for _ in 1...5 { #expect(try await vault.startSession("agent", password: "correct horse battery", code: "000000") == .refused) }
    let code = TOTP.code(secret: secret, counter: TOTP.counter(at: clock.now))
    #expect(try await vault.startSession("agent", password: "correct horse battery", code: code) == .refused, "locked")
    #expect(try await vault.roleHistory(of: "agent").map(\.action).contains { $0.hasPrefix("locked for 1 min after") })

    // Rotation rewraps the secret's key with the people's; the secret still works.
    clock.set(clock.now.addingTimeInterval(120))
    let rotated = Vault(policy: vault.policy, store: fixture.store, keys: vault.keyRing.rotated(), recorder: AccessLog(store: fixture.store),
                        passwords: { var hasher = PasswordHasher(); hasher.rounds = 1 << 10; return hasher }(), clock: clock.function)
    try await rotated.rewrapDataKeys()
    #expect(try await rotated.dataKeysByVersion().keys.sorted() == [2])
    guard case .started = try await rotated.startSession("agent", password: "correct horse battery",
                                                         code: TOTP.code(secret: secret, counter: TOTP.counter(at: clock.now))) else {
        Issue.record("the rewrapped secret did not work: \(try await rotated.roleHistory(of: "agent").suffix(4).map(\.action))")
        return
    }
    try await rotated.resetSecondFactor("agent", by: "officer")
    #expect(try await rotated.startSession("agent", password: "correct horse battery") == .secondFactorNeeded(enrolled: false))
    try await fixture.close()
}
