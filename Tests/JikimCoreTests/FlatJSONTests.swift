import Foundation
import JikimCore
import Testing

/// Log entries were written by `JSONEncoder` before `FlatJSON`; the bytes must not change.
@Test("a flat object's bytes are JSONEncoder's (sorted keys, slashes unescaped) for every kind of character")
func flatObjectsMatchJSONEncoder() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var generator = SystemRandomNumberGenerator()
    let alphabet: [Character] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{8}", "\u{c}", "\u{0}", "\u{1}", "\u{1f}",
                                 "\u{7f}", "é", "가", "개", "😀", "\u{2028}", "\u{2029}", "\u{feff}", ",", ":", "{", "}", "_", "-"]
    var cases: [[String: String]] = [[:], ["kind": "access"], ["": ""]]
    for _ in 0..<2_000 {
        var fields: [String: String] = [:]
        for _ in 0..<Int.random(in: 1...8, using: &generator) {
            let key = String((0..<Int.random(in: 1...10, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
            fields[key] = String((0..<Int.random(in: 0...30, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
        }
        cases.append(fields)
    }
    for fields in cases {
        let expected = String(decoding: try encoder.encode(fields), as: UTF8.self)
        #expect(FlatJSON.object(fields) == expected, "\(fields.debugDescription)")
    }
}

@Test("a log entry's bytes read back as the same entry")
func flatEntriesRoundTrip() throws {
    let record = AccessRecord(actor: "kim", at: Date(timeIntervalSince1970: 1_795_000_000.123), source: "10.0.0.5", subject: "ps_1",
                              operation: .export, purpose: "membership", items: ["email", "name"], outcome: .allowed,
                              reason: "member asked \"why\" \\ by letter\n2nd line / 가나다")
    let entry = LogEntry.access(record)
    #expect(LogEntry(encoded: entry.encoded()) == entry)
}
