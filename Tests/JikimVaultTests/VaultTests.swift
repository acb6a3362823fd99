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

/// A vault on a fresh store (SQLite, or PostgreSQL when the suite runs against it) with the demo shop's policy, a
/// support agent and a marketer.
struct Fixture {
    let database: TestStore
    let vault: Vault
    var store: Store { database.store }
    var directory: String { database.directory }

    static func make(_ backend: TestBackend = .sqlite) async throws -> Fixture {
        let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/JikimServer/DemoPolicy/policy.yaml").path
        let policy = try PolicyFile.load(path: demo).policy
        let database = try await backend.open()
        var passwords = PasswordHasher()
        passwords.rounds = 1 << 10
        let vault = Vault(policy: policy, store: database.store, keys: .generate(), recorder: AccessLog(store: database.store), passwords: passwords)
        try await vault.addActor("agent", kind: .staff, by: "admin")
        try await vault.grant("customer_support", to: "agent", by: "admin")
        try await vault.addActor("marketer", kind: .staff, by: "admin")
        try await vault.grant("marketer", to: "marketer", by: "admin")
        return Fixture(database: database, vault: vault)
    }

    func close() async throws {
        await database.discard()
    }

    func accessRecords() async throws -> [String] {
        try await store.sql.raw("SELECT actor, operation, purpose, items, outcome FROM access_records ORDER BY seq").all().map {
            [try $0.decode(column: "actor", as: String.self), try $0.decode(column: "operation", as: String.self),
             try $0.decode(column: "purpose", as: String.self), try $0.decode(column: "items", as: String.self),
             try $0.decode(column: "outcome", as: String.self)].joined(separator: " ")
        }
    }
}

let kim = NewSubject(
    externalID: "member-0001", category: "member",
    values: ["email": "kim@example.kr", "password": "s3cret!", "name": "김지킴", "mobile": "010-1234-5678"],
    consents: ["marketing"]
)
let membership = Requester(actor: "agent", purpose: "membership", source: "127.0.0.1")

@Test("a person is stored encrypted and read back for an allowed purpose; each operation leaves its record", arguments: TestBackend.available)
func createAndRead(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let vault = fixture.vault
    try await vault.create(kim, by: membership)
    let values = try await vault.read(externalID: "member-0001", items: ["email", "name"], by: membership)
    #expect(values == ["email": "kim@example.kr", "name": "김지킴"])
    let byPhone = try await vault.read(lookup: "mobile", value: "01012345678", items: ["name"], by: membership)
    #expect(byPhone == ["name": "김지킴"])
    #expect(try await fixture.accessRecords() == [
        "agent create membership email,mobile,name,password allowed",
        "agent read membership email,name allowed",
        "agent read membership name allowed",
    ])
    try await fixture.close()
}

@Test("refusals name the failed condition and are recorded like any access", arguments: TestBackend.available)
func refusalsAreRecorded(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let vault = fixture.vault
    try await vault.create(kim, by: membership)
    await #expect(throws: VaultError.refused(.roleDoesNotGrant(actor: "agent", purpose: "advertising"))) {
        _ = try await vault.read(externalID: "member-0001", items: ["email"], by: Requester(actor: "agent", purpose: "advertising"))
    }
    await #expect(throws: VaultError.refused(.itemNotInPurpose(item: "card_number", purpose: "membership"))) {
        _ = try await vault.read(externalID: "member-0001", items: ["card_number"], by: membership)
    }
    await #expect(throws: VaultError.refused(.unknownActor("intruder"))) {
        _ = try await vault.read(externalID: "member-0001", items: ["email"], by: Requester(actor: "intruder", purpose: "membership"))
    }
    // The marketer may read the e-mail for advertising: the person consented to marketing.
    let marketing = try await vault.read(externalID: "member-0001", items: ["email"], by: Requester(actor: "marketer", purpose: "advertising"))
    #expect(marketing == ["email": "kim@example.kr"])
    let records = try await fixture.accessRecords()
    #expect(records.dropFirst() == [
        "agent read advertising email refused:role-does-not-grant",
        "agent read membership card_number refused:item-not-in-purpose",
        "intruder read membership email refused:unknown-actor",
        "marketer read advertising email allowed",
    ])
    try await fixture.close()
}

@Test("bad input is refused whole: nothing of the person is written", arguments: TestBackend.available)
func badInputWritesNothing(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let vault = fixture.vault
    var wrong = kim
    wrong.values["email"] = "not-an-address"
    await #expect(throws: VaultError.invalidValue(item: "email", .notAn("e-mail address"))) { try await vault.create(wrong, by: membership) }
    var unknown = kim
    unknown.values["shoe_size"] = "270"
    await #expect(throws: VaultError.undeclaredItem("shoe_size")) { try await vault.create(unknown, by: membership) }
    try await vault.create(kim, by: membership)
    var twin = kim
    twin.externalID = "member-0002"
    await #expect(throws: VaultError.duplicateIdentity(item: "email")) { try await vault.create(twin, by: membership) }
    let subjects = try await fixture.store.sql.raw("SELECT COUNT(*) AS n FROM subjects").first()?.decode(column: "n", as: Int.self)
    let values = try await fixture.store.sql.raw("SELECT COUNT(*) AS n FROM item_values").first()?.decode(column: "n", as: Int.self)
    #expect(subjects == 1)
    #expect(values == 3)
    try await fixture.close()
}

@Test("passwords are stored one-way: never readable", arguments: TestBackend.available)
func passwordsAreOneWay(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    try await fixture.vault.create(kim, by: membership)
    await #expect(throws: VaultError.secretNotReadable("password")) {
        _ = try await fixture.vault.read(externalID: "member-0001", items: ["password"], by: membership)
    }
    try await fixture.close()
}

@Test("role grants and revocations are recorded with who and when; a revoked role no longer grants", arguments: TestBackend.available)
func roleChanges(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let vault = fixture.vault
    try await vault.create(kim, by: membership)
    try await vault.revoke("customer_support", from: "agent", by: "officer")
    await #expect(throws: VaultError.refused(.roleDoesNotGrant(actor: "agent", purpose: "membership"))) {
        _ = try await vault.read(externalID: "member-0001", items: ["email"], by: membership)
    }
    let history = try await vault.roleHistory(of: "agent").map { "\($0.role) \($0.action) by \($0.by)" }
    #expect(history == ["- created by admin", "customer_support granted by admin", "customer_support revoked by officer"])
    await #expect(throws: VaultError.undeclaredRole("root")) { try await vault.grant("root", to: "agent", by: "officer") }
    try await fixture.close()
}

@Test("after a person's data keys are destroyed, no value of theirs is in the SQLite file or its WAL, and none can be read")
func cryptoShredding() async throws {
    let fixture = try await Fixture.make()
    let vault = fixture.vault
    try await vault.create(kim, by: membership)
    // Values are never stored in plaintext, even before destruction.
    let file = fixture.directory + "/jikim.sqlite"
    for path in [file, file + "-wal"] {
        let bytes = FileManager.default.contents(atPath: path) ?? Data()
        for value in ["kim@example.kr", "김지킴", "010-1234-5678", "s3cret!", "member-0001"] {
            #expect(bytes.range(of: Data(value.utf8)) == nil, "\(value) in \(path)")
        }
    }
    let wrappedBefore = try await fixture.store.sql.raw("SELECT sealed FROM data_keys").all().map { try $0.decode(column: "sealed", as: Data.self) }
    #expect(!wrappedBefore.isEmpty)
    #expect(try await vault.destroy(externalID: "member-0001", by: Requester(actor: "officer", purpose: "membership")) == wrappedBefore.count)
    for path in [file, file + "-wal"] {
        let bytes = FileManager.default.contents(atPath: path) ?? Data()
        for wrapped in wrappedBefore {
            #expect(bytes.range(of: wrapped.prefix(24)) == nil, "a destroyed data key remains in \(path)")
        }
    }
    await #expect(throws: VaultError.unknownSubject) {
        _ = try await vault.read(externalID: "member-0001", items: ["email"], by: membership)
    }
    let left = try await fixture.store.sql.raw("SELECT (SELECT COUNT(*) FROM subjects) + (SELECT COUNT(*) FROM item_values) + (SELECT COUNT(*) FROM data_keys) + (SELECT COUNT(*) FROM lookups) + (SELECT COUNT(*) FROM secrets) + (SELECT COUNT(*) FROM consent_events) AS n").first()?.decode(column: "n", as: Int.self)
    #expect(left == 0)
    #expect(try await fixture.accessRecords().last == "officer delete membership email,mobile,name,password allowed")
    try await fixture.close()
}

@Test("after a person's data keys are destroyed, a PostgreSQL dump holds no value of theirs nor their data keys",
      .enabled(if: TestBackend.postgresURL != nil, "needs JIKIM_TEST_POSTGRES_URL; .ci/run sets it"))
func cryptoShreddingOnPostgres() async throws {
    let fixture = try await Fixture.make(.postgres)
    let vault = fixture.vault
    try await vault.create(kim, by: membership)
    let values = ["kim@example.kr", "김지킴", "010-1234-5678", "s3cret!", "member-0001"]
    let wrapped = try await fixture.store.sql.raw("SELECT sealed FROM data_keys").all().map { try $0.decode(column: "sealed", as: Data.self) }
    let sealed = try await fixture.store.sql.raw("SELECT sealed FROM item_values").all().map { try $0.decode(column: "sealed", as: Data.self) }
    #expect(!wrapped.isEmpty && !sealed.isEmpty)
    func hex(_ data: Data) -> String { data.map { String(format: "%02x", $0) }.joined() }

    let before = try pgDump(schema: try #require(fixture.database.schema))
    for value in values { #expect(!before.contains(value), "\(value) in the dump before destruction") }
    #expect(before.contains(hex(wrapped[0].prefix(24))), "the dump shows bytea as hex, so the search below can find keys")

    #expect(try await vault.destroy(externalID: "member-0001", by: Requester(actor: "officer", purpose: "membership")) == wrapped.count)
    let after = try pgDump(schema: try #require(fixture.database.schema))
    for value in values { #expect(!after.contains(value), "\(value) in the dump") }
    for key in wrapped { #expect(!after.contains(hex(key.prefix(24))), "a destroyed data key remains in the dump") }
    for value in sealed { #expect(!after.contains(hex(value.prefix(24))), "a destroyed value's ciphertext remains in the dump") }
    await #expect(throws: VaultError.unknownSubject) {
        _ = try await vault.read(externalID: "member-0001", items: ["email"], by: membership)
    }
    try await fixture.close()
}

/// `pg_dump` of one schema of the test server, as text.
func pgDump(schema: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["pg_dump", "--schema=\(schema)", "--dbname=\(TestBackend.postgresURL ?? "")"]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw TestBackendError.noPostgres }
    return String(decoding: data, as: UTF8.self)
}

@Test("an export needs a stated reason without personal information; refused without one, and the reason is recorded", arguments: TestBackend.available)
func exportsStateTheirReason(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let vault = fixture.vault
    try await vault.create(kim, by: membership)
    await #expect(throws: VaultError.refused(.reasonRequired)) {
        _ = try await vault.export(externalID: "member-0001", items: ["email"], by: membership)
    }
    var withAddress = membership
    withAddress.reason = "send to kim@example.kr"
    await #expect(throws: VaultError.refused(.reasonRequired)) {
        _ = try await vault.export(externalID: "member-0001", items: ["email"], by: withAddress)
    }
    var stated = membership
    stated.reason = "member's request for a copy, ticket 118"
    #expect(try await vault.export(externalID: "member-0001", items: ["email", "name"], by: stated) == ["email": "kim@example.kr", "name": "김지킴"])
    #expect(try await fixture.accessRecords().suffix(3) == [
        "agent export membership email refused:reason-required",
        "agent export membership email refused:reason-required",
        "agent export membership email,name allowed",
    ])
    let reasons = try await fixture.store.sql.raw("SELECT reason FROM access_records ORDER BY seq").all().map { try $0.decode(column: "reason", as: String?.self) }
    #expect(reasons.suffix(3) == [nil, nil, "member's request for a copy, ticket 118"])
    try await fixture.close()
}
