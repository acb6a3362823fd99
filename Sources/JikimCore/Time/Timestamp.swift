import Foundation

/// Instants stored as ISO 8601 text in UTC, which sorts as time does.
public enum Timestamp {
    public static func now() -> String { string(Date()) }

    /// `2026-11-24T01:02:03.456Z`: rounded to the millisecond (a formatter would truncate, so that a time read back
    /// from its text could be written as the millisecond before). Every access record carries one, so it is made by
    /// arithmetic rather than by a date formatter.
    public static func string(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, fraction) = floorDivision(milliseconds, 1000)
        let (days, second) = floorDivision(seconds, 86_400)
        let day = CivilDate(dayNumber: Int(days))
        var text = ""
        text.reserveCapacity(24)
        append(day.year, width: 4, to: &text)
        text.append("-")
        append(day.month, width: 2, to: &text)
        text.append("-")
        append(day.day, width: 2, to: &text)
        text.append("T")
        append(Int(second / 3600), width: 2, to: &text)
        text.append(":")
        append(Int(second % 3600 / 60), width: 2, to: &text)
        text.append(":")
        append(Int(second % 60), width: 2, to: &text)
        text.append(".")
        append(Int(fraction), width: 3, to: &text)
        text.append("Z")
        return text
    }

    /// The instant `text` names: the form `string(_:)` writes, read by arithmetic, or any other ISO 8601 form with a
    /// time zone, read by Foundation.
    public static func date(_ text: String) -> Date? {
        if let date = fastDate(text) { return date }
        return try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` exactly, or nil.
    private static func fastDate(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "."), bytes[23] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let dayOfMonth = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), let millisecond = number(20..<23),
              hour < 24, minute < 60, second < 60, let day = CivilDate(year: year, month: month, day: dayOfMonth)
        else { return nil }
        let seconds = Int64(day.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Date(timeIntervalSince1970: Double(seconds * 1000 + Int64(millisecond)) / 1000)
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    private static func append(_ value: Int, width: Int, to text: inout String) {
        let digits = String(value)
        if digits.count < width { text.append(String(repeating: "0", count: width - digits.count)) }
        text.append(digits)
    }
}
