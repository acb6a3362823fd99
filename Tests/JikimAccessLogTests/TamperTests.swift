import Foundation
import JikimCore
import JikimStore
import JikimTestSupport
import SQLKit
import Testing
@testable import JikimAccessLog

/// A log of 1,000 entries with signed checkpoints at 300, 600 and 1,000, in a fresh store.
struct SignedLog {
    let database: TestStore
    var directory: String { database.directory }
    var store: Store { database.store }
    let log: AccessLog
    let signer: NoteSigner
    let origin = "jikim.test/log"
    /// The latest checkpoint's note, as a witness outside the database would keep it.
    var witness = ""

    static func make(_ backend: TestBackend = .sqlite) async throws -> SignedLog {
        let database = try await backend.open()
        let store = database.store
        var signed = SignedLog(database: database, log: AccessLog(store: store), signer: try .generate(name: "jikim.test/log"))
        var next = 0
        for size in [300, 600, 1_000] {
            let batch = (next..<size).map(entry)
            _ = try await store.transaction { sql in try await signed.log.append(batch, in: sql) }
            signed.witness = try await signed.log.checkpoint(signer: signed.signer, origin: signed.origin).note
            next = size
        }
        return signed
    }

    func verify(witnesses: [String] = []) async throws -> LogVerification {
        try await log.verify(verifier: signer.verifier, origin: origin, witnesses: witnesses, chunk: 128)
    }

    func sql(_ text: String) async throws {
        try await store.sql.raw(SQLQueryString(text)).run()
    }

    func close() async throws {
        await database.discard()
    }

    /// Runs `body` on a fresh signed log and closes it whatever happens (an open SQLite connection must not be
    /// dropped).
    static func with(_ backend: TestBackend = .sqlite, _ body: (SignedLog) async throws -> Void) async throws {
        let signed = try await make(backend)
        do {
            try await body(signed)
        } catch {
            try? await signed.close()
            throw error
        }
        try await signed.close()
    }
}

@Test("an untouched log verifies against all its checkpoints", arguments: TestBackend.available)
func intactLog(_ backend: TestBackend) async throws {
    try await SignedLog.with(backend) { signed in
        let result = try await signed.verify(witnesses: [signed.witness])
        #expect(result.intact)
        #expect(result.entries == 1_000 && result.checkpoints == 3 && result.verifiedUpTo == 1_000)
        // Noted for the console's dashboard, the latest first.
        #expect(try await signed.log.latestVerification() == nil)
        let at = Date(timeIntervalSince1970: 1_796_000_000)
        try await signed.log.note(result, at: at)
        try await signed.sql("DELETE FROM log_entries WHERE idx = 500")
        try await signed.log.note(try await signed.verify(), at: at.addingTimeInterval(60))
        let latest = try #require(try await signed.log.latestVerification())
        #expect(latest.at == at.addingTimeInterval(60) && !latest.intact && latest.firstBadIndex == 500 && latest.entries == 999)
    }
}

@Test("each kind of tampering is detected and the first bad index named", arguments: [
    ("an entry changed", "UPDATE log_entries SET entry = CAST('{\"kind\":\"rights\"}' AS BLOB) WHERE idx = 500", [LogProblem.entryAltered(index: 500)], 500),
    ("an entry changed with its leaf hash", "UPDATE log_entries SET entry = X'00', leaf = (SELECT leaf FROM log_entries WHERE idx = 7) WHERE idx = 500",
     [.entryAltered(index: 500), .checkpointMismatch(size: 600, firstUnverified: 300), .checkpointMismatch(size: 1_000, firstUnverified: 600), .headMismatch(headSize: 1_000, entries: 1_000)], 500),
    ("an entry removed", "DELETE FROM log_entries WHERE idx = 500",
     [.checkpointMismatch(size: 600, firstUnverified: 300), .entryMissing(index: 500), .headMismatch(headSize: 1_000, entries: 999), .rolledBack(checkpointSize: 1_000, logSize: 999)], 500),
    ("an entry inserted at the end", "INSERT INTO log_entries (idx, at, kind, entry, leaf) SELECT 1000, at, kind, entry, leaf FROM log_entries WHERE idx = 3",
     [.headMismatch(headSize: 1_000, entries: 1_001)], 1_001),
    ("two entries swapped", "UPDATE log_entries SET idx = -1 WHERE idx = 400; UPDATE log_entries SET idx = 400 WHERE idx = 401; UPDATE log_entries SET idx = 401 WHERE idx = -1",
     [.checkpointMismatch(size: 600, firstUnverified: 300), .checkpointMismatch(size: 1_000, firstUnverified: 600), .headMismatch(headSize: 1_000, entries: 1_000)], 300),
    ("a checkpoint altered", "UPDATE log_checkpoints SET note = REPLACE(note, char(10) || '600' || char(10), char(10) || '601' || char(10)) WHERE size = 600",
     [.checkpointInvalid(size: 601, reason: CheckpointError.badSignature.description)], 601),
] as [(String, String, [LogProblem], UInt64)])
func tampering(_ what: String, _ statement: String, _ expected: [LogProblem], _ firstBad: UInt64) async throws {
    try await SignedLog.with { signed in
        for part in statement.split(separator: ";") { try await signed.sql(String(part)) }
        let result = try await signed.verify()
        #expect(!result.intact, "\(what) went unnoticed")
        #expect(Set(result.problems) == Set(expected), "\(what)")
        #expect(result.firstBadIndex == firstBad, "\(what)")
    }
}

@Test("a forged checkpoint, signed by another key, is refused")
func forgedCheckpoint() async throws {
    try await SignedLog.with { signed in
        let forger = try NoteSigner.generate(name: "jikim.test/log")
        let forged = try Checkpoint(origin: signed.origin, size: 600, root: Data(repeating: 7, count: 32)).signed(by: forger)
        try await signed.store.sql.update("log_checkpoints").set("note", to: SQLBind(forged)).where("size", .equal, SQLBind(600)).run()
        let result = try await signed.verify()
        #expect(result.problems == [.checkpointInvalid(size: 600, reason: CheckpointError.notSigned(by: "jikim.test/log").description)])
    }
}

@Test("a log cut short together with its later checkpoints is caught by a checkpoint kept elsewhere")
func rollback() async throws {
    try await SignedLog.with { signed in
        try await signed.sql("DELETE FROM log_entries WHERE idx >= 600")
        try await signed.sql("DELETE FROM log_checkpoints WHERE size > 600")
        // The attacker also rewinds the head to what it was at 600 entries.
        var frontier = Frontier()
        for n in 0..<600 { frontier.append(leaf: TreeHash.leaf(entry(n).encoded())) }
        try await signed.store.sql.update("log_head").set("size", to: SQLBind(600)).set("frontier", to: SQLBind(frontier.packed)).run()
        #expect(try await signed.verify().intact, "without a witness the shorter log is self-consistent")
        let result = try await signed.verify(witnesses: [signed.witness])
        #expect(result.problems == [.rolledBack(checkpointSize: 1_000, logSize: 600)])
    }
}

@Test("checkpoints are C2SP signed notes: origin, size, base64 root, a blank line and an em-dash signature line")
func checkpointFormat() throws {
    let signer = try NoteSigner.generate(name: "example.com/log")
    let note = try Checkpoint(origin: "example.com/log", size: 5, root: Data(repeating: 1, count: 32)).signed(by: signer)
    let lines = note.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[0] == "example.com/log" && lines[1] == "5" && lines[2] == Substring(Data(repeating: 1, count: 32).base64EncodedString()))
    #expect(lines[3].isEmpty && lines[4].hasPrefix("— example.com/log "))
    #expect(try Checkpoint(note: note, verifier: signer.verifier, origin: "example.com/log").size == 5)
    #expect(throws: CheckpointError.wrongOrigin(found: "example.com/log", expected: "other/log")) {
        try Checkpoint(note: note, verifier: signer.verifier, origin: "other/log")
    }
    #expect(try NoteSigner(parsing: signer.encoded).verifier.encoded == signer.verifier.encoded)
    #expect(try NoteVerifier(parsing: signer.verifier.encoded).encoded == signer.verifier.encoded)
    #expect(throws: NoteKeyError.badName("has space")) { try NoteSigner.generate(name: "has space") }
}

@Test("on every back end, an entry changed or removed is found and named", arguments: TestBackend.available)
func tamperingOnEveryBackend(_ backend: TestBackend) async throws {
    try await SignedLog.with(backend) { signed in
        try await signed.store.sql.update("log_entries").set("entry", to: SQLBind(Data("{}".utf8))).where("idx", .equal, SQLBind(500)).run()
        try await signed.store.sql.delete(from: "log_entries").where("idx", .equal, SQLBind(700)).run()
        let result = try await signed.verify(witnesses: [signed.witness])
        #expect(result.problems.contains(.entryAltered(index: 500)))
        #expect(result.problems.contains(.entryMissing(index: 700)))
        #expect(result.firstBadIndex == 500)
    }
}
