import Foundation
import JikimCore
import JikimCrypto
import JikimTestSupport
import JikimVault
import Testing

@Test("requests and the provision ledger on every back end: a form request confirmed by its code, a correction held and made, a deletion through retention", arguments: TestBackend.available)
func requestsOnEveryBackEnd(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let vault = fixture.vault
    let staff = Requester(actor: "agent", purpose: Vault.requestPurpose)
    try await vault.create(NewSubject(externalID: "member-0001", category: "member", values: kim.values, consents: ["delivery", "marketing", "optional_profile"]),
                           by: membership)
    try await vault.correct(externalID: "member-0001", values: ["address": "부산시 해운대구 1"], by: Requester(actor: "agent", purpose: "orders"))
    let orders = Requester(actor: "agent", purpose: "orders")
    #expect(try await vault.provide(externalID: "member-0001", to: "courier", items: ["name", "address"], by: orders)["address"] == "부산시 해운대구 1")

    // Through the form: the code goes to the stored e-mail address; a wrong one is refused, the right one confirms.
    let filed = try await vault.fileRequest(.access, targets: RequestTargets(), contact: "email", value: "kim@EXAMPLE.kr")
    #expect(filed.summary.state == .verifying)
    let message = try #require(try await vault.dueMessages().first { $0.kind == "one-time-code" })
    #expect(message.recipient == "kim@example.kr")
    let code = String(try #require(message.body.firstMatch(of: /코드는 (\d{6})/)).1)
    await #expect(throws: VaultError.self) { try await vault.verifyRequest(followToken: filed.followToken, code: "12345") }
    #expect(try await vault.verifyRequest(followToken: filed.followToken, code: code).state == .inProgress)
    let access = try await vault.completeRequest(filed.summary.number, by: staff)
    #expect(access.access?["ko"]?.provisions.map(\.recipient) == ["데모택배 주식회사"])
    #expect(try await vault.requestAnswer(followToken: filed.followToken)?.access?["en"]?.items.contains { $0.id == "email" } == true)

    // An agent on the form: the document kept sealed and read back whole; the request waits for staff to confirm it.
    var scan = Data("%PDF-1.7\n".utf8)
    scan.append(contentsOf: (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
    let document = try AgentDocument.check(scan).get()
    let agent = try await vault.fileRequest(.access, targets: RequestTargets(), contact: "email", value: "kim@example.kr", agent: .attorney, document: document)
    #expect(agent.summary.state == .verifying && agent.summary.agentDocumentSHA256 == sha256Hex(scan))
    #expect(try await vault.agentDocument(agent.summary.number, by: staff) == document)
    #expect(try await vault.confirmAgent(agent.summary.number, by: staff).state == .inProgress)
    try await vault.withdrawRequest(agent.summary.number, by: staff)

    let correction = try await vault.fileRequest(.correction, externalID: "member-0001", targets: RequestTargets(),
                                                 values: ["address": "부산시 해운대구 2"], filer: .staff, by: staff)
    await #expect(throws: VaultError.refused(.correctionPending(item: "address"))) {
        try await vault.read(externalID: "member-0001", items: ["address"], by: orders)
    }
    #expect(try await vault.completeRequest(correction.summary.number, by: staff).recipientsNotified == ["courier"])
    #expect(try await vault.read(externalID: "member-0001", items: ["address"], by: orders) == ["address": "부산시 해운대구 2"])

    // Deleting an optional item deletes it alone, with its ledger line; a required one would end the membership.
    let coupon = Requester(actor: "marketer", purpose: "birthday_coupon")
    try await vault.correct(externalID: "member-0001", values: ["birthday": "1990-01-02"], by: coupon)
    await #expect(throws: VaultError.self) {
        try await vault.fileRequest(.deletion, externalID: "member-0001", targets: RequestTargets(items: ["name"]), filer: .staff, by: staff)
    }
    let some = try await vault.fileRequest(.deletion, externalID: "member-0001", targets: RequestTargets(items: ["birthday"]), filer: .staff, by: staff)
    #expect(try await vault.completeRequest(some.summary.number, by: staff).deleted == ["birthday"])
    #expect(try await vault.read(externalID: "member-0001", items: ["birthday", "email"], by: coupon).keys.sorted() == ["email"])
    #expect(try await vault.destructionLedger().map(\.items) == [["birthday"]])
    // The access answer given earlier held copies of the values: it went with the deleted item; the request stays.
    #expect(try await vault.requestAnswer(followToken: filed.followToken) == nil)
    #expect(try await vault.requestStatus(followToken: filed.followToken).summary.state == .completed)

    let deletion = try await vault.fileRequest(.deletion, externalID: "member-0001", targets: RequestTargets(), filer: .staff, by: staff)
    let outcome = try #require(try await vault.completeRequest(deletion.summary.number, by: staff).retention?["en"])
    // The demo policy asks the officer to approve destructions: the member information waits, and is no longer used.
    #expect(outcome.awaitingApproval.contains("E-mail address"))
    await #expect(throws: VaultError.refused(.awaitingDestruction(item: "email"))) {
        try await vault.read(externalID: "member-0001", items: ["email"], by: membership)
    }
    #expect(try await vault.requests(.open, by: "agent").isEmpty)
    #expect(try await vault.requests(.all, by: "agent").count == 5)
    #expect(try await vault.pruneRequestRecords() == 0) // all closed today, kept 3 years
    await #expect(throws: VaultError.refused(.roleDoesNotGrant(actor: "marketer", purpose: Vault.requestPurpose))) {
        try await vault.requests(.all, by: "marketer")
    }
    let records = try await fixture.accessRecords()
    #expect(records.contains { $0.hasPrefix("agent provide orders name,address allowed") })
    #expect(records.contains { $0.hasPrefix("agent request rights-request request:deletion,step:completed") })
    try await fixture.close()
}

@Test("the year's usage notices go to everyone provided that year, each to their own contact, and to no one else")
func usageNoticesForTheYear() async throws {
    let fixture = try await Fixture.make()
    let vault = fixture.vault
    for (id, email, mobile) in [("member-0001", "kim@example.kr", "010-0000-0001"), ("member-0002", "lee@example.kr", "010-0000-0002")] {
        try await vault.create(NewSubject(externalID: id, category: "member", values: ["email": email, "name": "이름", "mobile": mobile],
                                          consents: ["delivery"]), by: membership)
    }
    let orders = Requester(actor: "agent", purpose: "orders")
    _ = try await vault.provide(externalID: "member-0001", to: "courier", items: ["name"], by: orders)
    let year = CivilDate(seoul: Date()).year
    #expect(try await vault.sendUsageNotices(year: year, by: "agent") == 1)
    #expect(try await vault.sendUsageNotices(year: year, by: "agent") == 0, "a year's notice is written once")
    #expect(try await vault.sendUsageNotices(year: year - 1, by: "agent") == 0)
    let notices = try await vault.dueMessages().filter { $0.kind == "usage-notice:\(year)" }
    #expect(notices.map(\.recipient) == ["kim@example.kr"])
    #expect(notices.first?.body.contains("데모택배 주식회사 (상품 배송): 이름") == true)
    await #expect(throws: VaultError.self) { try await vault.sendUsageNotices(year: year, by: "marketer") }
    try await fixture.close()
}
