import Foundation

/// Instants stored as ISO 8601 text in UTC, which sorts as time does.
public enum Timestamp {
    public static func now() -> String { string(Date()) }

    /// `2026-11-24T01:02:03.456Z`: rounded to the millisecond (the formatter alone would truncate, so that a time
    /// read back from its text could be written as the millisecond before).
    public static func string(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let whole = fraction < 0 ? seconds - 1 : seconds
        let text = Date(timeIntervalSince1970: Double(whole))
            .formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
        let digits = String(fraction < 0 ? fraction + 1000 : fraction)
        return String(text.dropLast()) + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }
}

extension Timestamp {
    public static func date(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
