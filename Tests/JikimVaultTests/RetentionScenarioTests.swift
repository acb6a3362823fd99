import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import JikimTestSupport
import JikimVault
import SQLKit
import Testing

@Test("Koscom Cloud: a member withdraws; misuse records stay separated 1 year, payment and contract records 5 years, login records 3 months, the rest is destroyed at once", arguments: TestBackend.available)
func koscomMemberWithdraws(_ backend: TestBackend) async throws {
    let scenario = try await RetentionScenario.make("koscom-cloud", backend: backend, start: seoul("2026-03-10", 10))
    defer { Task { await scenario.close() } }
    let vault = scenario.vault
    try await vault.create(NewSubject(externalID: "m-1", values: [
        "email": "member@example.kr", "password": "correct horse", "organisation_name": "지킴데모", "representative_name": "홍길동",
        "contact_name": "김담당", "ip_address": "203.0.113.9", "access_log": "2026-03-10 login", "visit_time": "2026-03-10 10:00",
        "service_use_record": "plan: basic", "misuse_record": "none",
    ]), by: scenario.requester("member_management"))
    try await vault.correct(externalID: "m-1", values: ["payment_record": "2026-03 invoice 55,000", "card_number": "4111-1111-1111-1111",
                                                         "business_registration_number": "123-45-67890"],
                            by: scenario.requester("service_contract"))

    scenario.clock.set(seoul("2026-09-15", 14))
    try await vault.recordEvent(externalID: "m-1", .membershipWithdrawal, by: scenario.requester("member_management"))
    let first = try await scenario.sweep("2026-09-15")
    let destroyedAtOnce = Set(["email", "password", "contact_name", "card_number"].map(scenario.retentionClass))
    #expect(first.destroyed == destroyedAtOnce.count)
    let kept = try await scenario.storage(of: "m-1")
    #expect(kept.ordinary.isEmpty)
    #expect(kept.separated == Set(["misuse_record", "payment_record", "organisation_name", "representative_name", "business_registration_number",
                                   "service_use_record", "ip_address"].map(scenario.retentionClass)))

    // Ordinary purposes no longer see the separated items; the rule that keeps them does, and that read is recorded.
    await #expect(throws: VaultError.self) {
        try await vault.read(externalID: "m-1", items: ["misuse_record"], by: scenario.requester("member_management"))
    }
    let misuse = try await vault.readSeparated(externalID: "m-1", items: ["misuse_record"], by: scenario.requester("misuse"))
    #expect(misuse == ["misuse_record": "none"])
    await #expect(throws: VaultError.refused(.itemNotInPurpose(item: "email", purpose: "misuse"))) {
        try await vault.readSeparated(externalID: "m-1", items: ["email"], by: scenario.requester("misuse"))
    }
    // An ordinary purpose is not a rule that keeps anything separately: the refusal says what a separate read names.
    await #expect(throws: VaultError.refused(.noRetentionRule("member_management"))) {
        try await vault.readSeparated(externalID: "m-1", items: ["misuse_record"], by: scenario.requester("member_management"))
    }
    let readSeparated = try await scenario.store.sql.raw("SELECT COUNT(*) AS n FROM access_records WHERE operation = 'read-separated'").first()?
        .decode(column: "n", as: Int.self)
    #expect(readSeparated == 3)
    // What was destroyed cannot be read: its value and its key are gone.
    #expect(try await vault.read(externalID: "m-1", items: ["email"], by: scenario.requester("member_management")).isEmpty)

    // Login records: 3 months from 2026-09-15 (14:00, so the day itself is not counted) end on 12-15.
    #expect(try await scenario.sweep("2026-12-15").destroyed == 0)
    #expect(try await scenario.sweep("2026-12-16").destroyed == 1)
    // Misuse records: 1 year, to 2027-09-15.
    #expect(try await scenario.sweep("2027-09-15").destroyed == 0)
    #expect(try await scenario.sweep("2027-09-16").destroyed == 1)
    // Contracts, payments, tax books: 5 years, to 2031-09-15; then nothing of the member is left.
    #expect(try await scenario.sweep("2031-09-15").destroyed == 0)
    let last = try await scenario.sweep("2031-09-16")
    #expect(last.removed == 1)
    #expect(try await vault.dueCount(on: CivilDate(iso: "2099-01-01")!) == 0)
    await #expect(throws: VaultError.unknownSubject) {
        try await vault.read(externalID: "m-1", items: ["payment_record"], by: scenario.requester("service_contract"))
    }

    let ledger = try await scenario.ledger()
    let byDay = Dictionary(grouping: ledger) { $0.split(separator: "@").last.map(String.init) ?? "" }.mapValues(\.count)
    // On 2031-09-16 three classes go: the items only contracts keep, those payments and tax books keep, and those all three keep.
    #expect(byDay == ["2026-09-15": destroyedAtOnce.count, "2026-12-16": 1, "2027-09-16": 1, "2031-09-16": 3])
    #expect(ledger.contains("\(scenario.retentionClass("misuse_record"))@2027-09-16"))
    #expect(ledger.contains("\(scenario.retentionClass("ip_address"))@2026-12-16"))
    let reasons = try await vault.destructionLedger().map(\.reason)
    #expect(reasons.contains("misuse: 1 year from membership_withdrawal"))
    #expect(reasons.contains("login_records: 3 months from purpose_achieved"))
    for table in ["subjects", "data_keys", "item_values", "separated_values", "lookups", "secrets"] {
        let left = try await scenario.store.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self)
        #expect(left == 0, "\(table) still holds rows")
    }
}

@Test("ATTO INTERNET: a year without activity brings a notice 30 days ahead, then separation; activity restores; withdrawal waits for the officer's approval, and a legal hold stops destruction", arguments: TestBackend.available)
func attoDormancyAndApproval(_ backend: TestBackend) async throws {
    let scenario = try await RetentionScenario.make("atto-internet", backend: backend, start: seoul("2026-01-05", 10))
    defer { Task { await scenario.close() } }
    let vault = scenario.vault
    try await vault.create(NewSubject(externalID: "c-1", values: [
        "email": "minji@example.kr", "name": "박민지", "company_name": "민지상사", "access_ip": "203.0.113.7",
    ], consents: ["collection"]), by: scenario.requester("service"))
    scenario.clock.set(seoul("2026-02-01", 9))
    try await vault.recordEvent(externalID: "c-1", .lastActivity, by: scenario.requester("service"))

    // One year from 2026-02-01 ends on 2027-02-01: dormant from 02-02, told 30 days before counted backwards
    // (01-03 to 02-01 whole), so on 01-02.
    #expect(try await scenario.sweep("2027-01-01").subjects == 0)
    #expect(try await scenario.sweep("2027-01-02").notices == 1)
    #expect(try await scenario.sweep("2027-01-03").subjects == 0)
    let messages = try await vault.dueMessages()
    #expect(messages.count == 1)
    #expect(messages.first?.recipient == "minji@example.kr")
    #expect(messages.first?.body.contains("2027년 2월 2일") == true)
    try await vault.recordDelivery(of: try #require(messages.first).seq, transport: "webhook", error: nil)
    #expect(try await vault.dueMessages().isEmpty)

    let dormant = try await scenario.sweep("2027-02-02")
    #expect(dormant.separated == 4)
    await #expect(throws: VaultError.self) {
        try await vault.read(externalID: "c-1", items: ["email"], by: scenario.requester("service"))
    }
    // The separated person's e-mail no longer finds them, and is free for a new registration.
    await #expect(throws: VaultError.unknownSubject) {
        try await vault.read(lookup: "email", value: "minji@example.kr", items: ["name"], by: scenario.requester("service"))
    }

    scenario.clock.set(seoul("2027-03-01", 11))
    try await vault.recordEvent(externalID: "c-1", .lastActivity, by: scenario.requester("service"))
    #expect(try await scenario.sweep("2027-03-01").restored == 4)
    let back = try await vault.read(lookup: "email", value: "minji@example.kr", items: ["name"], by: scenario.requester("service"))
    #expect(back == ["name": "박민지"])

    scenario.clock.set(seoul("2027-04-01", 15))
    try await vault.recordEvent(externalID: "c-1", .membershipWithdrawal, by: scenario.requester("service"))
    let withdrawn = try await scenario.sweep("2027-04-01")
    #expect(withdrawn.separated == 4 && withdrawn.destroyed == 0)
    // Access records (3 months) are due on 2027-07-02; the officer must approve.
    let due = try await scenario.sweep("2027-07-02")
    #expect(due.proposed == 1 && due.destroyed == 0)
    #expect(try await scenario.sweep("2027-07-02").subjects == 0, "a proposal is not made twice")
    await #expect(throws: VaultError.self) {
        try await vault.decide(batch: "D-2027-07-02", approve: false, reason: nil, by: "officer")
    }
    try await vault.decide(batch: "D-2027-07-02", approve: false, reason: "check with the CA first", by: "officer")
    let again = try await scenario.sweep("2027-07-03")
    #expect(again.proposed == 1)
    try await vault.decide(batch: "D-2027-07-03", approve: true, reason: nil, by: "officer")
    #expect(try await scenario.sweep("2027-07-03").destroyed == 1)
    let line = try #require(try await vault.destructionLedger().last)
    #expect(line.approvedBy == "officer" && line.executedBy == Vault.sweepActor && line.basis == "law:communications_secrets_act")
    #expect(try await vault.destructionBatches().map(\.state) == [.approved, .rejected])

    // A legal hold stops the destruction due in 2032; lifting it makes it due at once.
    try await vault.setHold(externalID: "c-1", reason: "dispute 2027-12", by: scenario.requester("service"))
    let held = try await scenario.sweep("2037-04-02")
    #expect(held.held == 3 && held.proposed == 0 && held.destroyed == 0)
    try await vault.liftHold(externalID: "c-1", by: scenario.requester("service"))
    #expect(try await scenario.sweep("2037-04-02").proposed == 3)
}

@Test("Colabox: when the purpose is achieved on a month's last day, website visits (3 months) go on 09-01, service use (1 year, internal policy) the next year, contracts after 5")
func colaboxPurposeAchieved() async throws {
    let scenario = try await RetentionScenario.make("colabox", start: seoul("2025-04-01", 9))
    defer { Task { await scenario.close() } }
    let vault = scenario.vault
    try await vault.create(NewSubject(externalID: "u-1", values: [
        "company": "코라박스", "email": "user@example.kr", "region": "서울", "service_use_record": "plan A",
        "website_visit_record": "2025-04-01", "cookie": "sid=1",
    ]), by: scenario.requester("contract"))
    scenario.clock.set(seoul("2026-05-31", 11))
    try await vault.recordEvent(externalID: "u-1", .purposeAchieved, by: scenario.requester("contract"))
    let first = try await scenario.sweep("2026-05-31")
    #expect(first.destroyed == 1, "region and cookie share the class kept only until the purpose is achieved")
    #expect(first.separated == 3)
    #expect(try await scenario.sweep("2026-08-31").destroyed == 0)
    #expect(try await scenario.sweep("2026-09-01").destroyed == 1)
    #expect(try await scenario.sweep("2027-06-01").destroyed == 1)
    #expect(try await scenario.sweep("2031-06-01").removed == 1)
    #expect(try await scenario.ledger().map { $0.split(separator: "@").last.map(String.init) ?? "" }
        == ["2026-05-31", "2026-09-01", "2027-06-01", "2031-06-01"])
}

@Test("OMPASS: a withdrawal destroys the service logs at once and keeps contact details apart for the e-commerce act's 5 years")
func ompassWithdrawal() async throws {
    let scenario = try await RetentionScenario.make("ompass", start: seoul("2025-01-10", 9))
    defer { Task { await scenario.close() } }
    let vault = scenario.vault
    try await vault.create(NewSubject(externalID: "o-1", values: [
        "first_name": "Jiwoo", "email": "jiwoo@example.com", "ompass_log": "auth ok", "login_time": "2025-01-10 09:00",
    ], consents: ["collection"]), by: scenario.requester("service_supply"))
    scenario.clock.set(seoul("2025-12-31", 23, 30))
    try await vault.recordEvent(externalID: "o-1", .membershipWithdrawal, by: scenario.requester("service_supply"))
    let first = try await scenario.sweep("2025-12-31")
    #expect(first.destroyed == 1 && first.separated == 1)
    // 5 years from 2025-12-31 (a year's last day, 23:30) end on 2030-12-31.
    #expect(try await scenario.sweep("2030-12-31").destroyed == 0)
    #expect(try await scenario.sweep("2031-01-01").removed == 1)
}

@Test("RSUPPORT: from a leap day, 3 months end on 05-31 and 3 years on the last day of February")
func rsupportLeapDay() async throws {
    let scenario = try await RetentionScenario.make("rsupport", start: seoul("2023-06-01", 9))
    defer { Task { await scenario.close() } }
    let vault = scenario.vault
    try await vault.create(NewSubject(externalID: "r-1", values: [
        "email": "user@example.kr", "ip_address": "198.51.100.4", "os": "Linux",
    ]), by: scenario.requester("user_management"))
    scenario.clock.set(seoul("2024-02-29", 15))
    try await vault.recordEvent(externalID: "r-1", .purposeAchieved, by: scenario.requester("user_management"))
    #expect(try await scenario.sweep("2024-02-29").destroyed == 1)
    #expect(try await scenario.sweep("2024-05-31").destroyed == 0)
    #expect(try await scenario.sweep("2024-06-01").destroyed == 1)
    #expect(try await scenario.sweep("2027-02-28").destroyed == 0)
    #expect(try await scenario.sweep("2027-03-01").removed == 1)
}

@Test("an event at midnight counts its own day: 3 months from 2026-11-20 00:00 end on 2027-02-19")
func midnightEvent() async throws {
    let scenario = try await RetentionScenario.make("rsupport", start: seoul("2026-01-01", 9))
    defer { Task { await scenario.close() } }
    try await scenario.vault.create(NewSubject(externalID: "r-2", values: ["ip_address": "198.51.100.5"]),
                                    by: scenario.requester("user_management"))
    scenario.clock.set(seoul("2026-11-20", 8))
    try await scenario.vault.recordEvent(externalID: "r-2", .purposeAchieved, at: seoul("2026-11-20"), by: scenario.requester("user_management"))
    #expect(try await scenario.sweep("2027-02-19").destroyed == 0)
    #expect(try await scenario.sweep("2027-02-20").removed == 1)
}

@Test("a dry run counts what is due and changes nothing")
func dryRun() async throws {
    let scenario = try await RetentionScenario.make("rsupport", start: seoul("2026-01-01", 9))
    defer { Task { await scenario.close() } }
    try await scenario.vault.create(NewSubject(externalID: "r-3", values: ["ip_address": "198.51.100.6", "os": "Linux"]),
                                    by: scenario.requester("user_management"))
    try await scenario.vault.recordEvent(externalID: "r-3", .purposeAchieved, by: scenario.requester("user_management"))
    let planned = try await scenario.vault.sweep(on: CivilDate(iso: "2026-01-01"), dryRun: true)
    #expect(planned.destroyed == 1 && planned.separated == 1)
    #expect(try await scenario.ledger().isEmpty)
    let done = try await scenario.vault.sweep(on: CivilDate(iso: "2026-01-01"))
    #expect(done == planned)
}

@Test("a person who cannot be swept does not stop the others: they are put off to the next day and named by pseudonym", arguments: TestBackend.available)
func failingPersonIsPutOff(_ backend: TestBackend) async throws {
    let scenario = try await RetentionScenario.make("atto-internet", backend: backend, start: seoul("2026-01-05", 10))
    defer { Task { await scenario.close() } }
    let vault = scenario.vault
    for id in ["c-1", "c-2", "c-3"] {
        try await vault.create(NewSubject(externalID: id, values: ["email": "\(id)@example.kr", "name": "이름"], consents: ["collection"]),
                               by: scenario.requester("service"))
    }
    // c-2's data keys can no longer be unwrapped, so its dormancy notice cannot be addressed.
    let broken = try #require(try await scenario.store.sql.raw("SELECT id FROM subjects ORDER BY id").all().dropFirst().first?
        .decode(column: "id", as: String.self))
    try await scenario.store.sql.update("data_keys").set("sealed", to: SQLBind(Data(repeating: 7, count: 60)))
        .where("subject_id", .equal, SQLBind(broken)).run()
    let report = try await scenario.sweep("2026-12-07")
    #expect(report.notices == 2)
    #expect(report.failed.map(\.subject) == [Cipher(keys: vault.keyRing).pseudonym(broken)])
    let due = try await scenario.store.sql.select().column("due_on").from("subjects").where("id", .equal, SQLBind(broken)).first()?
        .decode(column: "due_on", as: String?.self)
    #expect(due == "2026-12-08")
    #expect(try await scenario.sweep("2026-12-07").subjects == 0, "nobody is tried twice in a day")
}

@Test("LS E-Link: a withdrawal destroys the real-time location at once; communications records go after 3 months, tax and contract records after 5 years, commercial books after 10")
func lselinkWithdrawal() async throws {
    let scenario = try await RetentionScenario.make("lselink", start: seoul("2026-03-10", 10))
    defer { Task { await scenario.close() } }
    let vault = scenario.vault
    try await vault.create(NewSubject(externalID: "e-1", values: ["user_id": "evdriver", "name": "홍길동", "mobile": "010-0000-0000"],
                                      consents: ["collection", "location"]), by: scenario.requester("membership"))
    try await vault.correct(externalID: "e-1", values: ["payment_history": "2026-03 7,700원"], by: scenario.requester("charging"))
    try await vault.correct(externalID: "e-1", values: ["access_ip": "203.0.113.7"], by: scenario.requester("improvement"))
    try await vault.correct(externalID: "e-1", values: ["realtime_location": "37.5665,126.9780"], by: scenario.requester("location_service"))

    scenario.clock.set(seoul("2026-09-15", 14))
    try await vault.recordEvent(externalID: "e-1", .membershipWithdrawal, by: scenario.requester("membership"))
    try await scenario.sweepApproved("2026-09-15")
        #expect(try await scenario.storage(of: "e-1").separated.isSuperset(of: ["access_ip", "mobile", "payment_history"].map(scenario.retentionClass)))
    #expect(try await scenario.sweepApproved("2026-12-15").destroyed == 0)
    #expect(try await scenario.sweepApproved("2026-12-16").destroyed == 1, "communications records: 3 months")
    #expect(try await scenario.ledger().contains("\(scenario.retentionClass("access_ip"))@2026-12-16"))
    #expect(try await scenario.sweepApproved("2031-09-16").destroyed == 1, "the mobile number: contracts and complaints, 5 years")
    #expect(try await scenario.sweepApproved("2036-09-15").destroyed == 0)
    #expect(try await scenario.sweepApproved("2036-09-16").removed == 1, "commercial books: 10 years")
}

@Test("Busan Metropolitan Corporation: a tenant's file is kept 30 years after its purpose is achieved — not for ever because other files' people are — a person in two files is kept by both, and the website's generated records not at all")
func bmcTenancyFile() async throws {
    let scenario = try await RetentionScenario.make("bmc", start: seoul("2026-01-05", 10))
    defer { Task { await scenario.close() } }
    let vault = scenario.vault
    try await vault.create(NewSubject(externalID: "t-1", category: "housing_rental",
                                      values: ["name": "김임차", "contact": "051-000-0000", "household_info": "3인 가구"]),
                           by: scenario.requester("housing_rental"))
    // A petitioner's name falls under the VOC file, kept permanently: their items stay.
    try await vault.create(NewSubject(externalID: "v-1", category: "voc", values: ["name": "박민원", "contact": "051-000-0001"]),
                           by: scenario.requester("voc"))
    try await vault.recordEvent(externalID: "v-1", .purposeAchieved, by: scenario.requester("voc"))
    // A tenant who also filed a petition is in both files: the VOC file keeps what it holds of them.
    try await vault.create(NewSubject(externalID: "b-1", categories: ["housing_rental", "voc"],
                                      values: ["name": "최양쪽", "contact": "051-000-0002", "household_info": "2인 가구"]),
                           by: scenario.requester("housing_rental"))
    try await vault.correct(externalID: "t-1", values: ["visit_record": "2026-01-05"], by: scenario.requester("website"))
    scenario.clock.set(seoul("2026-06-30", 17))
    try await vault.recordEvent(externalID: "t-1", .purposeAchieved, by: scenario.requester("housing_rental"))
    try await vault.recordEvent(externalID: "b-1", .purposeAchieved, by: scenario.requester("housing_rental"))
    let first = try await scenario.sweep("2026-06-30")
    #expect(first.destroyed == 1, "the website's records are kept only until the purpose is achieved")
    #expect(try await scenario.storage(of: "t-1").ordinary.contains(scenario.retentionClass("household_info")),
            "the file says nothing of storing it apart: it stays where it is")
    #expect(try await scenario.sweep("2056-06-30").destroyed == 0)
    #expect(try await scenario.sweep("2056-07-01").removed == 1, "the tenant is gone")
    #expect(try await vault.read(externalID: "v-1", items: ["name"], by: scenario.requester("voc")) == ["name": "박민원"], "the petitioner's file is permanent")
    #expect(try await vault.read(externalID: "b-1", items: ["name", "contact"], by: scenario.requester("voc")) == ["name": "최양쪽", "contact": "051-000-0002"],
            "in both files: the VOC file keeps their name and contact")
    #expect(!(try await scenario.storage(of: "b-1").ordinary.contains(scenario.retentionClass("household_info"))),
            "what only the tenancy file held of them is gone with the tenant's")
}

@Test("연세척병원: a patient's treatment records outlive the website membership by the Medical Service Act's 10 years; a member who never was a patient goes at withdrawal, not kept for ever by the files of other people")
func yonseichukTreatmentRecords() async throws {
    let scenario = try await RetentionScenario.make("yonseichuk", start: seoul("2025-03-02", 9))
    defer { Task { await scenario.close() } }
    let vault = scenario.vault
    try await vault.create(NewSubject(externalID: "p-1", category: "patient", values: ["user_id": "patient1", "password": "correct horse"],
                                      consents: ["member"]), by: scenario.requester("website_membership"))
    // The infection reports keep a mobile number for ever, but only of the people they report.
    try await vault.create(NewSubject(externalID: "w-1", values: ["user_id": "visitor1", "mobile": "010-0000-0001"], consents: ["member"]),
                           by: scenario.requester("website_membership"))
    try await vault.recordEvent(externalID: "w-1", .membershipWithdrawal, by: scenario.requester("website_membership"))
    try await vault.correct(externalID: "p-1", values: ["diagnosis_prescription": "요추 염좌; 처방 3일"], by: scenario.requester("file_patient"))
    scenario.clock.set(seoul("2025-08-20", 11))
    try await vault.recordEvent(externalID: "p-1", .membershipWithdrawal, by: scenario.requester("website_membership"))
    let first = try await scenario.sweepApproved("2025-08-20")
    #expect(first.destroyed >= 1, "the website's own items go at once")
    #expect(first.removed == 1, "the member who never was a patient is gone, mobile number and all")
    #expect(try await scenario.ledger().contains { $0.hasPrefix(scenario.retentionClass("password") + "@") })
    #expect(try await scenario.sweepApproved("2035-08-20").destroyed == 0)
    #expect(try await scenario.sweepApproved("2035-08-21").removed == 1, "medical records: 10 years")
}

@Test("크라우드티켓: a withdrawn member's data goes 3 months later; payment and contract records stay apart for the e-commerce act's 5 years")
func crowdticketWithdrawal() async throws {
    let scenario = try await RetentionScenario.make("crowdticket", start: seoul("2025-05-01", 9))
    defer { Task { await scenario.close() } }
    let vault = scenario.vault
    try await vault.create(NewSubject(externalID: "c-1", values: ["name": "이관객", "email": "fan@example.kr", "nickname": "관객1"],
                                      consents: ["collection"]), by: scenario.requester("membership"))
    try await vault.correct(externalID: "c-1", values: ["address": "서울시 성동구"], by: scenario.requester("service_use"))
    scenario.clock.set(seoul("2025-10-10", 16))
    try await vault.recordEvent(externalID: "c-1", .membershipWithdrawal, by: scenario.requester("membership"))
    #expect(try await scenario.sweep("2026-01-10").destroyed == 0)
    #expect(try await scenario.sweep("2026-01-11").destroyed >= 1, "member information: 3 months after withdrawal")
    #expect(try await scenario.ledger().contains("\(scenario.retentionClass("nickname"))@2026-01-11"))
    #expect(try await scenario.storage(of: "c-1").separated.contains(scenario.retentionClass("address")))
    #expect(try await scenario.sweep("2030-10-10").destroyed == 0)
    #expect(try await scenario.sweep("2030-10-11").removed == 1, "payment records: 5 years")
}

@Test("a guest's order details go a year after collection while a member's are kept until withdrawal: the category stored with the person decides", arguments: TestBackend.available)
func retentionByCategory(_ backend: TestBackend) async throws {
    let scenario = try await RetentionScenario.make("crowdticket", backend: backend, start: seoul("2025-05-01", 9)) { policy in
        policy.subjects = [Category(id: "member", name: LocalizedText("회원")), Category(id: "guest", name: LocalizedText("비회원"))]
        for index in policy.retention.indices where policy.retention[index].id == "member_information" {
            policy.retention[index].subjects = ["member"]
        }
        policy.retention.append(RetentionRule(id: "guest_information", items: ["name", "email", "nickname"], term: .period(Period(1, .years), from: .collection),
                                              basis: .internalPolicy, separate: false, subjects: ["guest"]))
    }
    defer { Task { await scenario.close() } }
    let vault = scenario.vault
    for (id, category) in [("m-1", "member"), ("g-1", "guest")] {
        try await vault.create(NewSubject(externalID: id, category: category, values: ["name": "이관객", "email": "\(id)@example.kr", "nickname": "관객"],
                                          consents: ["collection"]), by: scenario.requester("membership"))
    }
    #expect(try await scenario.sweep("2026-05-01").destroyed == 0)
    let yearLater = try await scenario.sweep("2026-05-02")
    #expect(yearLater.destroyed == 1, "the guest's nickname class, a year after collection")
    #expect(try await vault.read(externalID: "g-1", items: ["nickname"], by: scenario.requester("membership")).isEmpty)
    #expect(try await vault.read(externalID: "m-1", items: ["nickname"], by: scenario.requester("membership")) == ["nickname": "관객"])
}
