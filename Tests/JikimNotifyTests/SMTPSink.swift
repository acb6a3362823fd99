import Foundation
import JikimTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A real SMTP server for the tests: `smtp_sink.py` (Python's aiosmtpd) run as a subprocess on 127.0.0.1, by the
/// tests' own Python environment (``PythonEnvironment``).
///
/// Call ``stop()`` in a `defer`: it ends the process and removes its directory. The process also ends by itself
/// when this test process goes away, since its standard input then closes.
final class SMTPSink {
    /// Why the sink could not start.
    enum Failure: Error, CustomStringConvertible {
        case aiosmtpdMissing
        case noPort(String)

        var description: String {
            switch self {
            case .aiosmtpdMissing:
                "aiosmtpd is not importable in the tests' Python environment (.build/python/tests), though "
                    + "scripts/requirements/tests.txt lists it: remove .build/python/tests to have it made anew"
            case .noPort(let said):
                "smtp_sink.py did not report its port (it said: \(said.debugDescription))"
            }
        }
    }

    /// What the sink received and what Python's e-mail parser decoded from it.
    struct Message: Decodable {
        var mail_from: String
        var mail_options: [String]
        var rcpt_tos: [String]
        var helo: String?
        var raw_base64: String
        var headers: [String: String]
        var subject: String
        var body: String?
        var content_type: String
        var charset: String?
        var defects: [String]

        /// The content as the server received it, after undoing the dot-stuffing.
        var raw: [UInt8] { Data(base64Encoded: raw_base64).map { Array($0) } ?? [] }
    }

    let port: Int
    let directory: URL
    private let process: Process
    private let input: Pipe

    /// Starts a sink that answers RCPT TO for each address in `refusing` with its code (450, 550).
    init(refusing: [String: Int] = [:]) async throws {
        let python = try PythonEnvironment.python("tests")
        directory = FileManager.default.temporaryDirectory.appending(path: "jikim-smtp-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "smtp_sink.py")
        process = Process()
        process.executableURL = URL(filePath: python)
        process.arguments =
            [script.path, directory.path]
            + refusing.sorted(by: { $0.key < $1.key }).flatMap { ["--refuse", "\($0.value):\($0.key)"] }
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()

        let said: String
        do {
            said = try await Self.firstLine(of: output.fileHandleForReading, within: .seconds(30))
        } catch {
            Self.end(process)
            throw error
        }
        let words = said.split(separator: " ")
        if words.count == 2, words[0] == "PORT", let port = Int(words[1]) {
            self.port = port
            return
        }
        Self.end(process)
        try? FileManager.default.removeItem(at: directory)
        throw said == "NO-AIOSMTPD" ? Failure.aiosmtpdMissing : Failure.noPort(said)
    }

    /// Ends the server and removes what it wrote.
    func stop() {
        Self.end(process)
        try? FileManager.default.removeItem(at: directory)
    }

    /// The messages received so far, in order.
    func messages() throws -> [Message] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        return try names.map {
            try JSONDecoder().decode(Message.self, from: Data(contentsOf: directory.appending(path: $0)))
        }
    }

    /// SIGTERM, then SIGKILL if the process is still there after five seconds; returns once it has exited.
    private static func end(_ process: Process) {
        if process.isRunning { process.terminate() }
        let giveUp = ContinuousClock.now + .seconds(5)
        while process.isRunning, ContinuousClock.now < giveUp { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    private static func firstLine(of handle: FileHandle, within limit: Duration) async throws -> String {
        let (chunks, continuation) = AsyncStream.makeStream(of: Data.self)
        handle.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                continuation.finish()
            } else {
                continuation.yield(data)
            }
        }
        defer { handle.readabilityHandler = nil }
        return try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                var seen = Data()
                for await chunk in chunks {
                    seen.append(chunk)
                    if let newline = seen.firstIndex(of: UInt8(ascii: "\n")) {
                        return String(decoding: seen[..<newline], as: UTF8.self)
                    }
                }
                return String(decoding: seen, as: UTF8.self)
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return "(nothing within \(limit))"
            }
            let first = try await group.next() ?? ""
            group.cancelAll()
            continuation.finish()
            return first
        }
    }
}
