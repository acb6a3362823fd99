import Foundation
import JikimCore
import JikimStore
import JikimVault
import SQLKit
import JikimTestSupport
import Testing

@Test("a batch writes each person whole or refuses them whole, and the others go on", arguments: TestBackend.available)
func batchCreation(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let vault = fixture.vault
    try await vault.create(kim, by: membership)
    let advertising = Requester(actor: "marketer", purpose: "advertising")
    let batch = [
        NewSubject(externalID: "m-1", values: ["email": "one@example.kr", "mobile": "010-1111-1111"]),
        NewSubject(externalID: "m-2", values: ["email": "KIM@example.kr"]),             // clashes with a stored person
        NewSubject(externalID: "m-3", values: ["email": "three@example.kr"]),
        NewSubject(externalID: "m-4", values: ["email": "Three@Example.kr"]),            // clashes within the batch
        NewSubject(externalID: "m-1", values: ["email": "four@example.kr"]),             // external ID taken in the batch
        NewSubject(externalID: "m-5", values: ["email": "not an address"]),
        NewSubject(externalID: "member-0001", values: ["email": "five@example.kr"]),     // external ID already stored
    ]
    let results = try await vault.create(batch, by: membership)
    #expect(results.map(\.failure) == [
        nil, .duplicateIdentity(item: "email"), nil, .duplicateIdentity(item: "email"), .duplicateIdentity(item: "external ID"),
        .invalidValue(item: "email", .notAn("e-mail address")), .duplicateIdentity(item: "external ID"),
    ])
    #expect(try await vault.read(externalID: "m-3", items: ["email"], by: membership) == ["email": "three@example.kr"])
    #expect(try await vault.read(lookup: "mobile", value: "01011111111", items: ["email"], by: membership) == ["email": "one@example.kr"])

    // Consent is per person: only those who gave it are created for a purpose that rests on it.
    let consented = try await vault.create([
        NewSubject(externalID: "a-1", values: ["email": "a1@example.kr"], consents: ["marketing"]),
        NewSubject(externalID: "a-2", values: ["email": "a2@example.kr"]),
    ], by: advertising)
    #expect(consented.map(\.failure) == [nil, .refused(.consentNotGiven(consent: "marketing", purpose: "advertising"))])

    let records = try await fixture.accessRecords()
    #expect(records.dropFirst() == [
        "agent create membership email,mobile allowed",
        "agent create membership email allowed",
        "agent read membership email allowed",
        "agent read membership email allowed",
        "marketer create advertising email allowed",
        "marketer create advertising email refused:consent-not-given",
    ])
    let subjects = try await fixture.store.sql.raw("SELECT COUNT(*) AS n FROM subjects").first()?.decode(column: "n", as: Int.self)
    #expect(subjects == 4)
    try await fixture.close()
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}
