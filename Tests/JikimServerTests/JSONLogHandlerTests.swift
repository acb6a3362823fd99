import Foundation
@testable import JikimServer
import Testing

@Test("a log line is one JSON object whatever the message holds: quotes, backslashes, line breaks, control characters, Korean")
func logLinesAreJSON() throws {
    let fields = ["message": "say \"hi\"\\ then\nnext\tline \u{1}\u{1f} 개인정보", "level": "info", "path": "/v1/subjects/read"]
    let line = JSONLogHandler.line(fields)
    #expect(line.hasSuffix("}\n") && line.filter { $0 == "\n" }.count == 1)
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
    #expect(parsed == fields)
    #expect(line.hasPrefix(#"{"level":"info","message":"#))
}

@Test("a read's answer written by hand is the bytes the JSON encoder gives for it, whatever the values hold")
func itemsAnswersAreTheEncodersBytes() throws {
    let samples: [[String: String]] = [
        [:], ["email": "kim@example.kr"], ["name": "김지킴", "note": "say \"hi\"\\ then\nnext\tline \u{1}\u{1f} \u{2028} / 😀", "a": ""],
        Dictionary(uniqueKeysWithValues: (0..<50).map { ("item_\($0)", String(repeating: "값\($0)", count: $0)) }),
    ]
    for values in samples {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes] // as `jsonResponse` encodes
        #expect(itemsJSON(values) == Array(try encoder.encode(["items": values])))
    }
}
