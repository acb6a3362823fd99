import Foundation

/// Instants stored as ISO 8601 text in UTC, which sorts as time does.
public enum Timestamp {
    public static func now() -> String { string(Date()) }

    public static func string(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}

extension Timestamp {
    public static func date(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
