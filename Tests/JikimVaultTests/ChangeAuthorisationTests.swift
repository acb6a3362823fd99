import Foundation
import JikimCore
import JikimTestSupport
import JikimVault
import Testing

/// Consents, lifecycle events, suspensions and legal holds change what happens to a person as surely as a write of
/// their values: each needs a role that grants the purpose it is stated for, and each refusal is in the access log.
@Test("a consent, an event, a suspension or a hold from an actor whose roles do not grant the purpose is refused, recorded, and changes nothing",
      arguments: TestBackend.available)
func changesNeedARoleThatGrantsThePurpose(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let vault = fixture.vault
    try await vault.create(kim, by: membership)
    try await vault.addActor("intruder", kind: .service, by: "admin")  // no role at all
    let roleless = Requester(actor: "intruder", purpose: "membership", source: "127.0.0.1")
    let marketer = Requester(actor: "marketer", purpose: "membership", source: "127.0.0.1")  // a role, not for membership

    for requester in [roleless, marketer] {
        let refusal = VaultError.refused(.roleDoesNotGrant(actor: requester.actor, purpose: "membership"))
        await #expect(throws: refusal) {
            try await vault.changeConsent(externalID: "member-0001", consent: "marketing", .withdrawn, channel: "web", by: requester)
        }
        await #expect(throws: refusal) {
            try await vault.recordEvent(externalID: "member-0001", .membershipWithdrawal, by: requester)
        }
        await #expect(throws: refusal) {
            try await vault.setSuspension(externalID: "member-0001", purpose: "advertising", .suspended, reason: nil, by: requester)
        }
        await #expect(throws: refusal) {
            try await vault.setHold(externalID: "member-0001", reason: "dispute under review", by: requester)
        }
        await #expect(throws: refusal) {
            try await vault.consentHistory(externalID: "member-0001", by: requester)
        }
    }
    // Nothing changed: the consent still holds, no event moved the person's retention, nothing is suspended.
    let advertising = Requester(actor: "marketer", purpose: "advertising")
    #expect(try await vault.read(externalID: "member-0001", items: ["email"], by: advertising) == ["email": "kim@example.kr"])
    #expect(try await vault.consentHistory(externalID: "member-0001", by: membership).map(\.action) == [.given])

    let records = try await fixture.accessRecords()
    for actor in ["intruder", "marketer"] {
        #expect(records.contains("\(actor) consent membership consent:marketing refused:role-does-not-grant"))
        #expect(records.contains("\(actor) lifecycle membership event:membership_withdrawal refused:role-does-not-grant"))
        #expect(records.contains("\(actor) suspension membership purpose:advertising refused:role-does-not-grant"))
        #expect(records.contains("\(actor) hold membership hold:set refused:role-does-not-grant"))
    }
    // The role that grants the purpose may.
    try await vault.recordEvent(externalID: "member-0001", .lastActivity, by: membership)
    #expect(try await fixture.accessRecords().last == "agent lifecycle membership event:last_activity allowed")
    try await fixture.close()
}
