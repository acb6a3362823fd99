import Foundation
import JikimCore
import Testing

@Test("timestamps are written by arithmetic as Foundation's ISO 8601 formatter writes them (to the millisecond, rounded), and read back")
func timestampsMatchFoundation() throws {
    var generator = SystemRandomNumberGenerator()
    let formatter = Date.ISO8601FormatStyle()
    for _ in 0..<2_000 {
        // Whole milliseconds from 1950 to 2100.
        let milliseconds = Int64.random(in: -631_152_000_000...4_102_444_800_000, using: &generator)
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        let text = Timestamp.string(date)
        // Foundation writes the whole seconds; the milliseconds are the instant's, rounded (a formatter truncates).
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let whole = Date(timeIntervalSince1970: Double(fraction < 0 ? seconds - 1 : seconds)).formatted(formatter)
        #expect(text == whole.dropLast() + "." + String(format: "%03d", fraction < 0 ? fraction + 1000 : fraction) + "Z", "\(milliseconds)")
        let read = try #require(Timestamp.date(text))
        #expect(Int64((read.timeIntervalSince1970 * 1000).rounded()) == milliseconds, "\(text)")
    }
    #expect(Timestamp.string(Date(timeIntervalSince1970: 0.0004)) == "1970-01-01T00:00:00.000Z")
    #expect(Timestamp.string(Date(timeIntervalSince1970: 0.0006)) == "1970-01-01T00:00:00.001Z")
    #expect(Timestamp.string(Date(timeIntervalSince1970: -0.001)) == "1969-12-31T23:59:59.999Z")
    // Other ISO 8601 forms are still read; malformed text is not.
    // Forms other than Jikim's own (another offset, no fraction) go to Foundation and name the same instant.
    func milliseconds(_ text: String) -> Int64? { Timestamp.date(text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } }
    let written = try #require(milliseconds("2026-11-24T01:02:03.456Z"))
    #expect(milliseconds("2026-11-24T10:02:03.456+0900") == written)
    #expect(milliseconds("2026-11-24T01:02:03Z") == written - 456)
    #expect(Timestamp.date("2026-13-24T01:02:03.456Z") == nil)
    #expect(Timestamp.date("not a time") == nil)
}
