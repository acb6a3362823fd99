import Hummingbird
import JikimPolicyFile
import JikimPublishing
import Logging

/// Why the server could not start.
public struct StartupError: Error, CustomStringConvertible {
    public var description: String
}

/// Builds the Jikim application; `jikim serve` and the tests both use it.
public func buildApplication(_ configuration: ServerConfiguration, logger: Logger = Logger(label: "jikim")) throws -> some ApplicationProtocol {
    guard let policyFile = configuration.policyFile ?? ServerConfiguration.demoPolicyFile else {
        throw StartupError(description: "no policy file given and the demo policy is missing from this build")
    }
    let publication: PolicyPublication
    do {
        let archive = try PolicyArchive(currentFile: policyFile)
        let renderer = try PolicyRenderer(templateDirectory: configuration.templateDirectory)
        publication = try PolicyPublication(archive: archive, renderer: renderer)
    } catch let error as any CustomStringConvertible {
        throw StartupError(description: error.description)
    }
    logger.info("publishing policy", metadata: [
        "file": .string(policyFile), "version": .string(publication.currentVersion),
    ])

    let router = Router()
    router.add(middleware: LogRequestsMiddleware(.info))
    router.get("healthz") { _, _ in "ok\n" }
    PrivacyController(publication: publication).addRoutes(to: router.group("privacy"))

    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "jikim"),
        logger: logger
    )
}
