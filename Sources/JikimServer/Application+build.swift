import Foundation
import Hummingbird
import JikimAccessLog
import JikimPolicyFile
import JikimPublishing
import JikimStore
import Logging
import ServiceLifecycle

/// Why the server could not start.
public struct StartupError: Error, CustomStringConvertible {
    public var description: String
}

/// The application `jikim serve` runs.
public typealias JikimApplication = Application<RouterResponder<BasicRequestContext>>

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
        let app = try await buildApplication(configuration, store: store, logger: logger)
        let result = try await body(app)
        try await store.close()
        return result
    } catch {
        try? await store.close()
        throw error
    }
}

/// Builds the Jikim application on an open store: publishes the policy's versions into it and renders every
/// published version.
public func buildApplication(
    _ configuration: ServerConfiguration, store: Store, logger: Logger = Logger(label: "jikim")
) async throws -> JikimApplication {
    guard let policyFile = configuration.policyFile ?? ServerConfiguration.demoPolicyFile else {
        throw StartupError(description: "no policy file given and the demo policy is missing from this build")
    }
    let publication: PolicyPublication
    do {
        let archive = try PolicyArchive(currentFile: policyFile)
        let renderer = try PolicyRenderer(templateDirectory: configuration.templateDirectory)
        publication = try await PolicyPublication.publish(archive, in: store, renderer: renderer)
    } catch let error as StartupError {
        throw error
    } catch let error as any CustomStringConvertible {
        throw StartupError(description: error.description)
    }
    logger.info("publishing the privacy policy", metadata: [
        "policy": .string(policyFile), "version": .string(publication.currentVersion),
        "versions": .stringConvertible(publication.versions.count), "database": .string(store.location),
    ])

    let router = Router()
    router.add(middleware: LogRequestsMiddleware(.info))
    router.get("healthz") { _, _ in "ok\n" }
    PrivacyController(publication: publication).addRoutes(to: router.group("privacy"))

    var services: [any Service] = []
    if FileManager.default.fileExists(atPath: LogKeys.signerPath(configuration.dataDirectory)) {
        do {
            let signer = try LogKeys.signer(directory: configuration.dataDirectory)
            services.append(LogCheckpointer(store: store, signer: signer, dataDirectory: configuration.dataDirectory,
                                            interval: configuration.checkpointInterval, logger: logger))
        } catch {
            throw StartupError(description: String(describing: error))
        }
    }
    LogController(store: store).addRoutes(to: router.group("log"))

    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "jikim"),
        services: services,
        logger: logger
    )
}
