import ArgumentParser
import Foundation
import Hummingbird
import JikimServer
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Publish the privacy policy over HTTP (/privacy, /privacy/versions, /healthz).",
        discussion: "Without a policy file, publishes the bundled demo policy. Stops gracefully on SIGTERM."
    )

    @Option(help: "The address to listen on (env JIKIM_HOST).")
    var host: String = ProcessInfo.processInfo.environment["JIKIM_HOST"] ?? "127.0.0.1"

    @Option(help: "The port to listen on (env JIKIM_PORT).")
    var port: Int = ProcessInfo.processInfo.environment["JIKIM_PORT"].flatMap(Int.init) ?? 8080

    @Option(help: "The policy file to publish (env JIKIM_POLICY); the bundled demo policy when absent.")
    var policy: String? = ProcessInfo.processInfo.environment["JIKIM_POLICY"]

    @Option(help: "A directory of templates that replace the bundled ones (env JIKIM_TEMPLATES).")
    var templates: String? = ProcessInfo.processInfo.environment["JIKIM_TEMPLATES"]

    @Option(help: "The data directory, for the embedded SQLite database (env JIKIM_DATA).")
    var data: String = ProcessInfo.processInfo.environment["JIKIM_DATA"] ?? "jikim-data"

    @Option(help: "A postgres:// URL to keep the data in PostgreSQL instead of SQLite in the data directory (env JIKIM_DATABASE_URL).")
    var database: String? = ProcessInfo.processInfo.environment["JIKIM_DATABASE_URL"]

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let configuration = ServerConfiguration(
            host: host, port: port, policyFile: policy, templateDirectory: templates, dataDirectory: data,
            databaseURL: database
        )
        do {
            try await withApplication(configuration) { app in
                try await app.runService()
            }
        } catch let error as StartupError {
            printError("jikim serve: \(error.description)")
            throw ExitCode.failure
        }
    }
}
