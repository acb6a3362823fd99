import Foundation
import JikimCore
import JikimStore
import JikimTestSupport
import JikimVault
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
