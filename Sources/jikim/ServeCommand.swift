import ArgumentParser
import Foundation
import Hummingbird
import JikimCrypto
import JikimServer
import Logging
import Metrics
import Prometheus

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the privacy policy, the request form, the API and the staff console (/privacy, /requests, /v1, /console).",
        discussion: "Without a policy file, publishes the bundled demo policy. On a data directory that does not exist yet, makes it (as jikim init does) and a first administrator, whose one-time link to choose a password is printed once. Stops gracefully on SIGTERM."
    )

    @Option(help: "The address to listen on (env JIKIM_HOST).")
    var host: String = ProcessInfo.processInfo.environment["JIKIM_HOST"] ?? "127.0.0.1"

    @Option(help: "The port to listen on (env JIKIM_PORT).")
    var port: Int = ProcessInfo.processInfo.environment["JIKIM_PORT"].flatMap(Int.init) ?? 8080

    @Option(name: .customLong("policy"), help: "The policy file to publish (env JIKIM_POLICY); the bundled demo policy when absent.")
    var policyOption: String?
    var policy: String? { policyOption ?? ProcessInfo.processInfo.environment["JIKIM_POLICY"] }

    @Option(name: .customLong("templates"), help: "A directory of templates that replace the bundled ones (env JIKIM_TEMPLATES).")
    var templatesOption: String?
    var templates: String? { templatesOption ?? ProcessInfo.processInfo.environment["JIKIM_TEMPLATES"] }

    @Option(help: "The data directory, for the embedded SQLite database (env JIKIM_DATA).")
    var data: String = ProcessInfo.processInfo.environment["JIKIM_DATA"] ?? "jikim-data"

    @Option(name: .customLong("database"), help: "A postgres:// URL to keep the data in PostgreSQL instead of SQLite in the data directory (env JIKIM_DATABASE_URL).")
    var databaseOption: String?
    var database: String? { databaseOption ?? ProcessInfo.processInfo.environment["JIKIM_DATABASE_URL"] }

    @Option(name: .customLong("keys"), help: "The key file (env JIKIM_KEY_FILE); <data>/keys.json when absent. Without keys, retention sweeps and notices are off.")
    var keysOption: String?
    var keys: String? { keysOption ?? ProcessInfo.processInfo.environment["JIKIM_KEY_FILE"] }

    @Option(help: "Seconds between retention sweeps.")
    var sweepEvery = 60

    @Option(name: .customLong("notify-webhook"), help: "A webhook that takes notices to people as JSON (env JIKIM_NOTIFY_WEBHOOK); an SMS or messaging gateway, say.")
    var notifyWebhookOption: String?
    var notifyWebhook: String? { notifyWebhookOption ?? ProcessInfo.processInfo.environment["JIKIM_NOTIFY_WEBHOOK"] }

    @Option(name: .customLong("smtp"), help: "An SMTP server, HOST or HOST:PORT, for notices to e-mail addresses (env JIKIM_SMTP).")
    var smtpOption: String?
    var smtp: String? { smtpOption ?? ProcessInfo.processInfo.environment["JIKIM_SMTP"] }

    @Option(name: .customLong("smtp-from"), help: "The sender of e-mailed notices (env JIKIM_SMTP_FROM).")
    var smtpFromOption: String?
    var smtpFrom: String? { smtpFromOption ?? ProcessInfo.processInfo.environment["JIKIM_SMTP_FROM"] }

    @Option(help: "Log lines as json or text (env JIKIM_LOG_FORMAT); auto: json when standard error is not a terminal.")
    var logFormat: String = ProcessInfo.processInfo.environment["JIKIM_LOG_FORMAT"] ?? "auto"

    func validate() throws {
        if !["json", "text", "auto"].contains(logFormat) { throw ValidationError("--log-format must be json or text") }
        guard sweepEvery >= 1 else { throw ValidationError("--sweep-every must be at least 1 second") }
        if let notifyWebhook, URL(string: notifyWebhook)?.scheme?.hasPrefix("http") != true {
            throw ValidationError("--notify-webhook must be an http or https URL")
        }
        if let smtp, Self.hostAndPort(smtp) == nil {
            throw ValidationError("--smtp must be HOST or HOST:PORT")
        }
    }

    func run() async throws {
        if FirstRun.applies(data: data, database: database) {
            let said = try await fail { try await FirstRun.prepare(data: data, policy: policy, keys: keys, host: host, port: port) }
            FileHandle.standardOutput.write(Data((said + "\n").utf8))
        }
        let json = logFormat == "auto" ? isatty(STDERR_FILENO) == 0 : logFormat == "json"
        LoggingSystem.bootstrap { label in
            if json {
                var handler = JSONLogHandler(label: label)
                handler.logLevel = .info
                return handler
            }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        var configuration = ServerConfiguration(
            host: host, port: port, policyFile: policy, templateDirectory: templates, dataDirectory: data,
            databaseURL: database
        )
        MetricsSystem.bootstrap(configuration.metricsFactory)
        configuration.keys = try fail { try keyRing(file: keys, data: data) }
        configuration.sweepInterval = .seconds(sweepEvery)
        let server = smtp.flatMap(Self.hostAndPort)
        configuration.notices = NoticeDelivery(
            webhook: notifyWebhook.flatMap(URL.init(string:)), webhookToken: ProcessInfo.processInfo.environment["JIKIM_NOTIFY_WEBHOOK_TOKEN"],
            smtpHost: server?.host, smtpPort: server?.port ?? 25, smtpFrom: smtpFrom)
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

extension ServeCommand {
    /// `HOST` or `HOST:PORT`; nil when it is neither.
    static func hostAndPort(_ text: String) -> (host: String, port: Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1 where !parts[0].isEmpty: return (parts[0], 25)
        case 2 where !parts[0].isEmpty: return Int(parts[1]).flatMap { (1...65_535).contains($0) ? (parts[0], $0) : nil }
        default: return nil
        }
    }
}
