import Foundation
import JikimCore
import Logging
import Synchronization

/// A swift-log handler that writes one JSON object a line to standard error — time, level, label, message and
/// metadata — for log collectors. Jikim's messages and metadata name pseudonyms, codes and counts, never a
/// person's information.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private static let output = Mutex(FileHandle.standardError)

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [
            "time": Timestamp.string(Date()), "level": event.level.rawValue, "label": label, "message": event.message.description,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) where fields[key] == nil {
            fields[key] = value.description
        }
        var bytes = FlatJSON.bytes(fields)
        bytes.append(0x0A)
        let line = Data(bytes)
        Self.output.withLock { $0.write(line) }
    }

    /// One JSON object a line, keys sorted (`FlatJSON`: every request logs a line, and an encoder per line costs more
    /// than the request).
    static func line(_ fields: [String: String]) -> String {
        FlatJSON.object(fields) + "\n"
    }
}
