import Foundation
import JikimCore
import Testing

@Test("log entries are logged as sorted JSON with times in UTC and read back to the same entry")
func logEntryEncoding() throws {
    let at = try #require(Timestamp.date("2026-11-24T01:02:03.456Z"))
    let access = LogEntry.access(AccessRecord(actor: "kim", at: at, source: "10.0.0.7", subject: "9f3a", operation: .read,
                                              purpose: "service", items: ["email", "name"], outcome: .refused(code: "consent-not-given")))
    #expect(String(decoding: access.encoded(), as: UTF8.self) == #"{"actor":"kim","at":"2026-11-24T01:02:03.456Z","items":"email,name","kind":"access","operation":"read","outcome":"refused:consent-not-given","purpose":"service","source":"10.0.0.7","subject":"9f3a"}"#)
    let rights = LogEntry.rights(RightsChange(actor: "kim", action: "granted", role: "billing", by: "officer", at: at))
    let signOff = LogEntry.signOff(ReviewSignOff(month: "2026-11", reviewer: "officer", at: at, digest: "ab12", note: "no findings"))
    for entry in [access, rights, signOff] {
        #expect(LogEntry(encoded: entry.encoded()) == entry)
        #expect(entry.encoded() == entry.encoded())
    }
    #expect(LogEntry(encoded: Data("{\"kind\":\"access\"}".utf8)) == nil)
    #expect(LogEntry(encoded: Data("not json".utf8)) == nil)
}
