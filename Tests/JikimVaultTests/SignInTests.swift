import Foundation
import JikimCore
import JikimVault
import JikimTestSupport
import Testing

@Test("five wrong passwords in a row lock a staff account until it is unlocked; lockout and unlock are recorded", arguments: TestBackend.available)
func lockout(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let vault = fixture.vault
    #expect(vault.lockoutAfter == 5)
    await #expect(throws: VaultError.weakPassword(minimumLength: 10)) { try await vault.setPassword("short", for: "agent", by: "admin") }
    try await vault.setPassword("correct horse battery", for: "agent", by: "admin")
    #expect(try await vault.signIn("agent", password: "correct horse battery") == .signedIn)

    for left in (1...4).reversed() {
        #expect(try await vault.signIn("agent", password: "wrong") == .refused(attemptsLeft: left))
    }
    #expect(try await vault.signIn("agent", password: "correct horse battery") == .signedIn, "a success resets the count")
    for _ in 1...4 { _ = try await vault.signIn("agent", password: "wrong") }
    #expect(try await vault.signIn("agent", password: "wrong") == .locked)
    #expect(try await vault.signIn("agent", password: "correct horse battery") == .locked)

    try await vault.unlock("agent", by: "officer")
    #expect(try await vault.signIn("agent", password: "correct horse battery") == .signedIn)
    #expect(try await vault.signIn("nobody", password: "anything at all") == .refused(attemptsLeft: 5))
    #expect(try await vault.signIn("marketer", password: "no password set") == .refused(attemptsLeft: 5))

    let history = try await vault.roleHistory(of: "agent").map { "\($0.action) by \($0.by)" }
    #expect(history.suffix(3) == ["password set by admin", "locked after 5 failed sign-ins by jikim", "unlocked by officer"])
    try await fixture.close()
}
