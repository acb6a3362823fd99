import Foundation
import JikimAccessLog
import JikimCore
import JikimCrypto
import JikimStore
import JikimTestSupport
@testable import JikimVault
import SQLKit
import Testing

@Test("a service token authenticates its actor until it is revoked or the actor disabled; a wrong secret, id or kind authenticates no one",
      arguments: TestBackend.available)
func serviceTokens(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let vault = fixture.vault
    let token = try await vault.issueToken(for: "agent", by: "admin")
    #expect(try await vault.authenticate(token: token) == "agent")
    let parts = token.split(separator: "_", maxSplits: 2).map(String.init)
    let (id, secret) = (parts[1], parts[2])
    for presented in ["jk_\(id)_wrong", "jk_unknown_\(secret)", "js_\(id)_\(secret)", "jk_\(id)", "Bearer \(token)", "",
                      "jk_\(id)_\(secret)x", "jk_\(String(repeating: "a", count: 17))_\(secret)"] {
        #expect(try await vault.authenticate(token: presented) == nil, "\(presented.prefix(8))…")
    }
    try await fixture.store.transaction { sql in
        try await sql.raw("UPDATE actors SET disabled_at = \(bind: Timestamp.string(Date())) WHERE id = 'agent'").run()
    }
    #expect(try await vault.authenticate(token: token) == nil)
    try await fixture.store.transaction { sql in try await sql.raw("UPDATE actors SET disabled_at = NULL WHERE id = 'agent'").run() }
    #expect(try await vault.authenticate(token: token) == "agent")

    await #expect(throws: VaultError.self) { try await vault.revokeToken("unknown", by: "admin") }
    try await vault.revokeToken(id, by: "admin")
    #expect(try await vault.authenticate(token: token) == nil)
    // Issuing and revoking are changes of rights, in the actor's history.
    let history = try await vault.roleHistory(of: "agent").map(\.action)
    #expect(history.contains("token issued: \(id)") && history.contains("token revoked: \(id)"))
    try await fixture.close()
}

@Test("what a token authenticated is kept until anything is written through the store, and a change made by another store is seen within the cache's age",
      arguments: TestBackend.available)
func tokenCache(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let age = Duration.seconds(1)
    let vault = Vault(policy: fixture.vault.policy, store: fixture.store, keys: fixture.vault.keyRing, recorder: AccessLog(store: fixture.store),
                      tokenCacheAge: age)
    let token = try await vault.issueToken(for: "agent", by: "admin")
    let id = token.split(separator: "_", maxSplits: 2).map(String.init)[1]
    // Another store on the same database, as another process or server would be: its changes are not counted by
    // this store, so a token it revokes is still taken here — for no longer than the cache's age.
    let other = switch backend {
    case .sqlite: try await Store.openSQLite(directory: fixture.directory)
    case .postgres: try await Store.openPostgres(url: try #require(TestBackend.postgresURL), schema: try #require(fixture.database.schema))
    }
    let elsewhere = Vault(policy: vault.policy, store: other, keys: vault.keyRing, recorder: AccessLog(store: other))

    let cached = ContinuousClock.now
    #expect(try await vault.authenticate(token: token) == "agent")
    try await elsewhere.revokeToken(id, by: "admin")
    let stillTaken = try await vault.authenticate(token: token)
    // (Unless the machine was so slow that the entry is already past its age.)
    if cached.duration(to: .now) < age { #expect(stillTaken == "agent", "kept: the revocation was not made through this store") }
    try await Task.sleep(for: age)
    #expect(try await vault.authenticate(token: token) == nil)
    try await other.close()

    // A change through this store is seen by the next call, however recent the entry.
    let second = try await vault.issueToken(for: "agent", by: "admin")
    #expect(try await vault.authenticate(token: second) == "agent")
    try await fixture.store.transaction { sql in
        try await sql.raw("UPDATE actors SET disabled_at = \(bind: Timestamp.string(Date())) WHERE id = 'agent'").run()
    }
    #expect(try await vault.authenticate(token: second) == nil)
    try await fixture.store.transaction { sql in try await sql.raw("UPDATE actors SET disabled_at = NULL WHERE id = 'agent'").run() }
    #expect(try await vault.authenticate(token: second) == "agent")
    // A wrong secret for a kept token is refused, not taken from the cache.
    #expect(try await vault.authenticate(token: String(second.dropLast()) + (second.hasSuffix("A") ? "B" : "A")) == nil)
    try await fixture.close()
}

@Test("a staff session kept in the token cache ends when its time is up")
func sessionExpiryWithCache() async throws {
    let fixture = try await Fixture.make()
    let clock = ManualClock(Date())
    var passwords = PasswordHasher()
    passwords.rounds = 1 << 10
    let vault = Vault(policy: fixture.vault.policy, store: fixture.store, keys: fixture.vault.keyRing, recorder: AccessLog(store: fixture.store),
                      passwords: passwords, clock: clock.function)
    let token = try await StaffSessions.start(vault, "agent", at: clock.now)
    let expires = clock.now.addingTimeInterval(Vault.sessionLength)
    #expect(try await vault.authenticate(token: token) == "agent")
    #expect(try await vault.authenticate(token: token) == "agent")
    clock.set(expires.addingTimeInterval(1))
    #expect(try await vault.authenticate(token: token) == nil)
    try await fixture.close()
}

@Test("a token's public ID is its kind and ID, whatever characters the ID was drawn with, and nothing for what is not a token")
func tokenPublicIDs() {
    #expect(Vault.publicID(ofToken: "jk_Cy-N7Sy_JML9yYyIdT294V0") == "jk_Cy-N7Sy")
    #expect(Vault.publicID(ofToken: "js_abc123_secret") == "js_abc123")
    for text in ["jk_abc", "xx_abc_def", "jk__secret", "jk_a b_c", "jk_\(String(repeating: "a", count: 17))_s"] {
        #expect(Vault.publicID(ofToken: text) == nil, "\(text)")
    }
    // Drawn as issued: always a public ID.
    for _ in 0..<200 { #expect(Vault.publicID(ofToken: "jk_\(Vault.randomText(bytes: 6))_\(Vault.randomText(bytes: 32))") != nil) }
}
