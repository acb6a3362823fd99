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
