import Foundation
import JikimCrypto
import Testing

@Test("a value opens only with its own data key, person and item")
func valuesAreBoundToTheirPlace() throws {
    let vault = Cipher(keys: .generate())
    let (key, wrapped) = try vault.newDataKey(subject: "s1", retentionClass: "member")
    let sealed = try vault.seal("kim@example.kr", item: "email", subject: "s1", key: key)
    #expect(!sealed.contains(Data("kim@example.kr".utf8)))
    let unwrapped = try vault.unwrap(wrapped, subject: "s1", retentionClass: "member")
    #expect(try vault.open(sealed, item: "email", subject: "s1", key: unwrapped) == "kim@example.kr")
    #expect(throws: (any Error).self) { try vault.open(sealed, item: "name", subject: "s1", key: unwrapped) }
    #expect(throws: (any Error).self) { try vault.open(sealed, item: "email", subject: "s2", key: unwrapped) }
    #expect(throws: (any Error).self) { try vault.unwrap(wrapped, subject: "s2", retentionClass: "member") }
    let (otherKey, _) = try vault.newDataKey(subject: "s1", retentionClass: "member")
    #expect(throws: (any Error).self) { try vault.open(sealed, item: "email", subject: "s1", key: otherKey) }
}

@Test("rotation re-wraps data keys under the new key version; old wrappings still open until re-wrapped")
func rotation() throws {
    let before = Cipher(keys: .generate())
    let (key, wrapped) = try before.newDataKey(subject: "s1", retentionClass: "member")
    let sealed = try before.seal("010-1234-5678", item: "mobile", subject: "s1", key: key)
    let after = Cipher(keys: before.keys.rotated())
    #expect(after.keys.currentVersion == 2)
    let rewrapped = try after.rewrap(wrapped, subject: "s1", retentionClass: "member")
    #expect(rewrapped.keyVersion == 2)
    let opened = try after.unwrap(rewrapped, subject: "s1", retentionClass: "member")
    #expect(try after.open(sealed, item: "mobile", subject: "s1", key: opened) == "010-1234-5678")
    #expect(after.blindIndex("01012345678", item: "mobile") == before.blindIndex("01012345678", item: "mobile"))
    #expect(after.pseudonym("s1") == before.pseudonym("s1"))
}

@Test("blind indexes and pseudonyms are keyed and differ per item")
func blindIndexes() {
    let one = Cipher(keys: .generate()), two = Cipher(keys: .generate())
    #expect(one.blindIndex("a@b.kr", item: "email") == one.blindIndex("a@b.kr", item: "email"))
    #expect(one.blindIndex("a@b.kr", item: "email") != one.blindIndex("a@b.kr", item: "login"))
    #expect(one.blindIndex("a@b.kr", item: "email") != two.blindIndex("a@b.kr", item: "email"))
    #expect(one.pseudonym("s1").count == 32)
    #expect(one.pseudonym("s1") != two.pseudonym("s1"))
}

@Test("the key file round-trips, is created 0600, is never overwritten, and is refused when others can read it")
func keyFile() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-keys-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("keys.json").path
    let ring = KeyRing.generate()
    try ring.create(path: path)
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
    #expect(mode?.intValue == 0o600)
    #expect(try KeyRing.load(path: path).serialized() == ring.serialized())
    #expect(throws: KeyError.keyFileExists(path)) { try KeyRing.generate().create(path: path) }
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    #expect(throws: KeyError.keyFileReadableByOthers(path: path, mode: "644")) { try KeyRing.load(path: path) }
    #expect(throws: KeyError.missingKeyFile(path + ".missing")) { try KeyRing.load(path: path + ".missing") }
    #expect(throws: KeyError.self) { try KeyRing.parse(Data("{}".utf8), source: "JIKIM_KEYS") }
}

@Test("passwords are stored one-way and verified, never read")
func passwords() throws {
    var hasher = PasswordHasher()
    hasher.rounds = 1 << 10  // fast for the test; the default is 2^15
    let stored = try hasher.hash("correct horse")
    #expect(stored.hasPrefix("scrypt$1024$8$1$"))
    #expect(!stored.contains("correct horse"))
    #expect(hasher.verify("correct horse", against: stored))
    #expect(!hasher.verify("wrong horse", against: stored))
    #expect(!hasher.verify("correct horse", against: "plain"))
    #expect(try hasher.hash("correct horse") != stored)
}
