import Foundation
@testable import JikimServer
import Logging
import Testing

@Test("a log line is one JSON object whatever the message holds: quotes, backslashes, line breaks, control characters, Korean")
func logLinesAreJSON() throws {
    let message = "say \"hi\"\\ then\nnext\tline \u{1}\u{1f} 개인정보"
    let event = LogEvent(level: .info, message: "\(message)", metadata: ["path": "/v1/subjects/read"],
                         source: nil, file: #fileID, function: #function, line: #line)
    let line = JSONLogHandler(label: "jikim").bytes(of: event, at: Date(timeIntervalSince1970: 0))
    #expect(line.last == 0x0A && line.filter { $0 == 0x0A }.count == 1)
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: String])
    #expect(parsed == ["message": message, "level": "info", "label": "jikim", "path": "/v1/subjects/read", "time": "1970-01-01T00:00:00.000Z"])
    #expect(String(decoding: line, as: UTF8.self).hasPrefix(#"{"label":"jikim","level":"info","message":"#))
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

@Test("a log line holds the event's metadata and the handler's, the event's where both name a key, and never lets either replace time, level, label or message")
func logLineFields() throws {
    var handler = JSONLogHandler(label: "jikim")
    handler[metadataKey: "hb.request.id"] = "r-1"
    handler[metadataKey: "route"] = "handler's"
    handler[metadataKey: "level"] = "not a level"
    let event = LogEvent(level: .warning, message: "Request \"x\"\n", metadata: ["route": "event's", "message": "not the message", "n": .stringConvertible(3)],
                         source: nil, file: #fileID, function: #function, line: #line)
    let time = Date(timeIntervalSince1970: 1_765_000_000.123)
    let line = handler.bytes(of: event, at: time)
    #expect(line.last == 0x0A && line.filter { $0 == 0x0A }.count == 1)
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: String])
    #expect(parsed == ["time": "2025-12-06T05:46:40.123Z", "level": "warning", "label": "jikim", "message": "Request \"x\"\n",
                       "hb.request.id": "r-1", "route": "event's", "n": "3"])
}
