import Foundation
import Synchronization

/// The Python that tests run their independent peers with (an SMTP server, a JSON Schema validator): a virtual
/// environment under `.build/python/NAME` with the pinned packages of `scripts/requirements/NAME.txt`, made by
/// `scripts/python-env` on first use, so `swift test` needs nothing installed by hand.
public enum PythonEnvironment {
    /// The repository the tests run from, found from this file's place in it.
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Why no Python could be had.
    public struct Unavailable: Error, CustomStringConvertible {
        public let name: String
        public let said: String
        public var description: String {
            "scripts/python-env \(name) could not make the tests' Python environment: \(said)"
        }
    }

    private static let made = Mutex<[String: Result<String, Unavailable>]>([:])

    /// The path of the environment's interpreter, made (once per process, and once per requirements file on this
    /// machine) if need be.
    public static func python(_ name: String) throws(Unavailable) -> String {
        if let known = made.withLock({ $0[name] }) { return try known.get() }
        let result = make(name)
        made.withLock { $0[name] = result }
        return try result.get()
    }

    private static func make(_ name: String) -> Result<String, Unavailable> {
        let process = Process()
        process.executableURL = repository.appendingPathComponent("scripts/python-env")
        process.arguments = [name]
        process.currentDirectoryURL = repository
        let output = Pipe()
        // What the script says goes to a file, so however much it says, it cannot block on a full pipe.
        let errorsFile = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-python-env-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: errorsFile) }
        do {
            _ = FileManager.default.createFile(atPath: errorsFile.path, contents: nil)
            process.standardOutput = output
            process.standardError = try FileHandle(forWritingTo: errorsFile)
            try process.run()
        } catch {
            return .failure(Unavailable(name: name, said: "\(error)"))
        }
        let path = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        process.waitUntilExit()
        let message = ((try? String(contentsOf: errorsFile, encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, !path.isEmpty else {
            return .failure(Unavailable(name: name, said: message.isEmpty ? "exit \(process.terminationStatus)" : message))
        }
        return .success(path)
    }
}
