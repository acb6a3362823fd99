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
    /// Taken while a line is written, so that lines from several threads never interleave.
    private static let output = Mutex(())

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let line = bytes(of: event, at: Date())
        Self.output.withLock { _ in Self.writeToStandardError(line) }
    }

    /// The line `log(event:)` writes: time, level, label and message, then the event's metadata and the handler's
    /// (the event's where both name a key; neither replaces the four). Built straight into bytes: every request
    /// logs a line, so no merged dictionary, `Data` or `FileHandle` is made for it.
    func bytes(of event: LogEvent, at time: Date) -> [UInt8] {
        var fields: [String: String] = [
            "time": Timestamp.string(time), "level": event.level.rawValue, "label": label, "message": event.message.description,
        ]
        fields.reserveCapacity(4 + metadata.count + (event.metadata?.count ?? 0))
        for (key, value) in event.metadata ?? [:] where fields[key] == nil { fields[key] = value.description }
        for (key, value) in metadata where fields[key] == nil { fields[key] = value.description }
        var bytes = FlatJSON.bytes(fields)
        bytes.append(0x0A)
        return bytes
    }

    /// Writes all of `bytes` to standard error, in one `write` unless the kernel takes less; gives up quietly on an
    /// error (a log line has nowhere else to go).
    private static func writeToStandardError(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = write(STDERR_FILENO, base + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
