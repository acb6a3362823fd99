import Foundation
import JikimCore
import JikimVault
import JikimTestSupport
import Testing

@Test("withdrawing a consent stops processing that rests on it at once; giving it again restores it; the ledger keeps both", arguments: TestBackend.available)
func consentWithdrawal(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let vault = fixture.vault
    let advertising = Requester(actor: "marketer", purpose: "advertising")
    try await vault.create(kim, by: membership)
    #expect(try await vault.read(externalID: "member-0001", items: ["email"], by: advertising) == ["email": "kim@example.kr"])

    try await vault.changeConsent(externalID: "member-0001", consent: "marketing", .withdrawn, channel: "web", by: membership)
    await #expect(throws: VaultError.refused(.consentNotGiven(consent: "marketing", purpose: "advertising"))) {
        try await vault.read(externalID: "member-0001", items: ["email"], by: advertising)
    }
    // Membership rests on the contract, not on the marketing consent.
    #expect(try await vault.read(externalID: "member-0001", items: ["email"], by: membership) == ["email": "kim@example.kr"])

    try await vault.changeConsent(externalID: "member-0001", consent: "marketing", .given, channel: "phone", by: membership)
    #expect(try await vault.read(externalID: "member-0001", items: ["email"], by: advertising) == ["email": "kim@example.kr"])

    let history = try await vault.consentHistory(externalID: "member-0001", by: membership)
    #expect(history.map { "\($0.consent) \($0.action.rawValue) \($0.channel) \($0.policyVersion)" } == [
        "marketing given import 2026-09-01", "marketing withdrawn web 2026-09-01", "marketing given phone 2026-09-01",
    ])
    await #expect(throws: VaultError.undeclaredConsent("newsletter")) {
        try await vault.changeConsent(externalID: "member-0001", consent: "newsletter", .given, channel: "web", by: membership)
    }
    let records = try await fixture.accessRecords()
    #expect(records.contains("agent consent membership consent:marketing allowed"))
    #expect(records.contains("marketer read advertising email refused:consent-not-given"))
    try await fixture.close()
}

@Test("while processing for a purpose is suspended at the person's request, reads for it are refused and recorded; other purposes go on", arguments: TestBackend.available)
func suspension(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let vault = fixture.vault
    let advertising = Requester(actor: "marketer", purpose: "advertising")
    try await vault.create(kim, by: membership)
    try await vault.setSuspension(externalID: "member-0001", purpose: "advertising", .suspended, reason: "request 2026-114", by: membership)
    await #expect(throws: VaultError.refused(.processingSuspended(purpose: "advertising"))) {
        try await vault.read(externalID: "member-0001", items: ["email"], by: advertising)
    }
    #expect(try await vault.read(externalID: "member-0001", items: ["email"], by: membership) == ["email": "kim@example.kr"])
    try await vault.setSuspension(externalID: "member-0001", purpose: "advertising", .resumed, reason: "request withdrawn", by: membership)
    #expect(try await vault.read(externalID: "member-0001", items: ["email"], by: advertising) == ["email": "kim@example.kr"])

    await #expect(throws: VaultError.refused(.undeclaredPurpose("telepathy"))) {
        try await vault.setSuspension(externalID: "member-0001", purpose: "telepathy", .suspended, reason: nil, by: membership)
    }
    await #expect(throws: VaultError.unknownSubject) {
        try await vault.setSuspension(externalID: "nobody", purpose: "advertising", .suspended, reason: nil, by: membership)
    }
    let records = try await fixture.accessRecords()
    #expect(records.filter { $0.hasPrefix("agent suspension membership purpose:advertising allowed") }.count == 2)
    #expect(records.contains("marketer read advertising email refused:processing-suspended"))
    try await fixture.close()
}
