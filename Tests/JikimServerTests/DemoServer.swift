import Foundation
import JikimServer
import Logging

/// The servers the tests start log warnings and errors only, so a passing run prints results rather than a line for
/// every request.
let quietLogger: Logger = {
    var logger = Logger(label: "jikim-test")
    logger.logLevel = .warning
    return logger
}()

/// Runs `body` with the server on the bundled demo policy and no key file, in a data directory of its own that is
/// removed afterwards.
func withDemoServer(_ body: (JikimApplication) async throws -> Void) async throws {
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: data) }
    try await withApplication(ServerConfiguration(port: 0, dataDirectory: data), logger: quietLogger, body)
}
