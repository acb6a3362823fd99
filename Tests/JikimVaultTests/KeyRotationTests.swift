import Foundation
import JikimAccessLog
import JikimCore
import JikimCrypto
import JikimStore
import JikimTestSupport
import JikimVault
import SQLKit
import Testing

@Test("rotation re-wraps every data key under the new version; a vault still on the old key file reloads it and reads on", arguments: TestBackend.available)
func keyRotation(_ backend: TestBackend) async throws {
    let fixture = try await Fixture.make(backend)
    let keyFile = fixture.directory + "/keys.json"
    try fixture.vault.keyRing.create(path: keyFile)
    let running = Vault(policy: fixture.vault.policy, store: fixture.store, keys: try KeyRing.load(path: keyFile),
                        reloadKeys: { try KeyRing.load(path: keyFile) }, recorder: AccessLog(store: fixture.store))
    let stale = Vault(policy: fixture.vault.policy, store: fixture.store, keys: try KeyRing.load(path: keyFile), recorder: AccessLog(store: fixture.store))
    try await running.create(kim, by: membership)
    let before = try await running.dataKeysByVersion()
    #expect(before.keys.sorted() == [1])

    let rotated = try KeyRing.load(path: keyFile).rotated()
    try rotated.write(path: keyFile)
    let rotating = Vault(policy: fixture.vault.policy, store: fixture.store, keys: rotated, recorder: AccessLog(store: fixture.store))
    #expect(try await rotating.rewrapDataKeys(batchSize: 1) == before[1])
    #expect(try await rotating.dataKeysByVersion() == [2: before[1] ?? 0])

    #expect(try await running.read(externalID: "member-0001", items: ["email"], by: membership) == ["email": "kim@example.kr"])
    #expect(running.keyRing.currentVersion == 2)
    await #expect(throws: VaultError.self) {
        try await stale.read(externalID: "member-0001", items: ["email"], by: membership)
    }
    // Version 1 wraps nothing now and can go; the current version cannot.
    #expect(try rotated.retiring(1).versions == [2])
    #expect(throws: KeyError.retiringCurrentKey(2)) { try rotated.retiring(2) }
    let mode = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? NSNumber
    #expect(mode?.intValue == 0o600)
    try await fixture.close()
}
