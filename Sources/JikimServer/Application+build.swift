import Foundation
import Hummingbird
import JikimAccessLog
import JikimCore
import JikimNotify
import JikimPolicyFile
import JikimPublishing
import JikimStore
import JikimVault
import SQLKit
import Logging
import Prometheus
import ServiceLifecycle

/// Why the server could not start.
public struct StartupError: Error, CustomStringConvertible {
    public var description: String
}

/// The application `jikim serve` runs: it answers with the edition of the policy in force (`Editions`).
public typealias JikimApplication = Application<EditionResponder>

/// Opens the store, builds the Jikim application on it, runs `body` with it, and closes the store whatever happens.
/// `jikim serve` and the tests both start Jikim this way.
public func withApplication<T: Sendable>(
    _ configuration: ServerConfiguration, logger: Logger = Logger(label: "jikim"),
    _ body: (JikimApplication) async throws -> T
) async throws -> T {
    let store: Store
    do {
        store = try await configuration.openStore(logger: logger)
    } catch {
        throw StartupError(description: error.description)
    }
    do {
        // What a stop left in the access log's outbox is in the log before the first request is answered.
        try await AccessLog(store: store).takeInOutbox()
    } catch {
        try? await store.close()
        throw StartupError(description: "the access log could not take in its outbox: \(error)")
    }
    do {
        let app = try await buildApplication(configuration, store: store, logger: logger)
        let result = try await body(app)
        try await store.close()
        return result
    } catch {
        try? await store.close()
        throw error
    }
}

/// Builds the Jikim application on an open store: publishes the policy file's versions into it, then answers with
/// the version the store says is in force, and takes up the versions published or taking effect while it runs.
public func buildApplication(
    _ configuration: ServerConfiguration, store: Store, logger: Logger = Logger(label: "jikim")
) async throws -> JikimApplication {
    guard let policyFile = configuration.policyFile ?? ServerConfiguration.demoPolicyFile else {
        throw StartupError(description: "no policy file given and the demo policy is missing from this build")
    }
    let editions: Editions
    let edition: Edition
    do {
        let archive = try PolicyArchive(currentFile: policyFile)
        try await PolicyPublication.publish(archive, in: store)
        editions = Editions(configuration: configuration, store: store,
                            renderer: try PolicyRenderer(templateDirectory: configuration.templateDirectory), logger: logger)
        try await editions.refresh()
        guard let first = editions.current else { throw StartupError(description: "the published policy could not be read") }
        edition = first
        if edition.publication.notYetInForce {
            logger.warning("no published version of the privacy policy has taken effect yet; the first to take effect is enforced until then",
                           metadata: ["version": .string(edition.publication.currentVersion)])
        }
    } catch let error as StartupError {
        throw error
    } catch let error as any CustomStringConvertible {
        throw StartupError(description: error.description)
    }
    logger.info("publishing the privacy policy", metadata: [
        "policy": .string(policyFile), "version": .string(edition.publication.currentVersion),
        "versions": .stringConvertible(edition.publication.versions.count), "database": .string(store.location),
    ])

    var services: [any Service] = [PolicyWatcher(editions: editions, interval: configuration.policyCheckInterval, logger: logger)]
    if FileManager.default.fileExists(atPath: LogKeys.signerPath(configuration.dataDirectory)) {
        do {
            let signer = try LogKeys.signer(directory: configuration.dataDirectory)
            services.append(LogCheckpointer(store: store, signer: signer, dataDirectory: configuration.dataDirectory,
                                            interval: configuration.checkpointInterval, logger: logger))
        } catch {
            throw StartupError(description: String(describing: error))
        }
    }
    if let first = edition.vault {
        services += retentionServices(configuration, vault: { editions.current?.vault ?? first }, policy: edition.policy, logger: logger)
    } else {
        logger.notice("no key file: the API, retention sweeps and notices are off until `jikim init` makes one")
    }

    return Application(
        responder: EditionResponder(editions: editions),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "jikim"),
        services: services,
        logger: logger
    )
}

/// The retention sweep, the request watcher and the notifier, each with the vault of the edition in force.
private func retentionServices(
    _ configuration: ServerConfiguration, vault: @escaping @Sendable () -> Vault, policy: Policy, logger: Logger
) -> [any Service] {
    var services: [any Service] = [
        RetentionSweeper(vault: vault, interval: configuration.sweepInterval, logger: logger),
        RequestWatcher(vault: vault, interval: configuration.sweepInterval, logger: logger, clock: configuration.clock),
    ]
    let delivery = configuration.notices
    let webhook = delivery.webhook.map { WebhookTransport(url: $0, bearerToken: delivery.webhookToken, timeout: .seconds(10)) }
    let smtp = delivery.smtpHost.map { host in
        SMTPTransport(host: host, port: delivery.smtpPort, from: delivery.smtpFrom ?? "jikim@localhost", timeout: .seconds(30))
    }
    if webhook != nil || smtp != nil {
        services.append(NoticeDispatcher(vault: vault, webhook: webhook, smtp: smtp, interval: configuration.deliveryInterval, logger: logger))
    } else if policy.dormancy != nil {
        logger.notice("no webhook or SMTP server configured: dormancy notices wait in the outbox")
    }
    return services
}
