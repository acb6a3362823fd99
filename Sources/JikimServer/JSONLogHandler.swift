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
        let bytes = Data(Self.line(fields).utf8)
        Self.output.withLock { $0.write(bytes) }
    }

    /// One JSON object a line, keys sorted; written by hand, since every request logs a line and an encoder per
    /// line costs more than the request.
    static func line(_ fields: [String: String]) -> String {
        var line = "{"
        for (index, key) in fields.keys.sorted().enumerated() {
            if index > 0 { line += "," }
            appendQuoted(key, to: &line)
            line += ":"
            appendQuoted(fields[key] ?? "", to: &line)
        }
        return line + "}\n"
    }

    /// `text` as a JSON string (RFC 8259): quotes, backslashes and control characters escaped.
    static func appendQuoted(_ text: String, to line: inout String) {
        line += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20:
                line += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }
}
