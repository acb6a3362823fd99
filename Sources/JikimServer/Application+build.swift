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

/// The application `jikim serve` runs.
public typealias JikimApplication = Application<RouterResponder<JikimRequestContext>>

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

/// Builds the Jikim application on an open store: publishes the policy's versions into it and renders every
/// published version.
public func buildApplication(
    _ configuration: ServerConfiguration, store: Store, logger: Logger = Logger(label: "jikim")
) async throws -> JikimApplication {
    guard let policyFile = configuration.policyFile ?? ServerConfiguration.demoPolicyFile else {
        throw StartupError(description: "no policy file given and the demo policy is missing from this build")
    }
    let publication: PolicyPublication
    let policy: Policy
    let renderer: PolicyRenderer
    do {
        let archive = try PolicyArchive(currentFile: policyFile)
        policy = archive.current.policy
        renderer = try PolicyRenderer(templateDirectory: configuration.templateDirectory)
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

    let router = Router(context: JikimRequestContext.self)
    router.add(middleware: ResponseHeadersMiddleware())
    // Every error, on the API and on the public pages (a malformed form, an unknown version), in the one JSON shape
    // with its code and request ID.
    router.add(middleware: APIErrorMiddleware())
    router.add(middleware: RequestLogMiddleware(level: .info))
    router.add(middleware: RequestMetricsMiddleware(factory: configuration.metricsFactory))
    router.get("healthz") { _, _ in "ok\n" }
    router.get("readyz") { _, _ -> String in
        do {
            _ = try await store.sql.raw("SELECT 1 AS ready").first()
        } catch {
            throw APIError(status: .serviceUnavailable, code: "store-unavailable", message: "the store cannot be reached")
        }
        return "ready\n"
    }
    let metrics = configuration.metrics
    router.get("metrics") { _, _ -> Response in
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer())))
    }
    router.get("openapi.yaml") { _, _ -> Response in
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "OpenAPI"),
              let document = FileManager.default.contents(atPath: url.path)
        else { throw HTTPError(.notFound) }
        return Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(bytes: document)))
    }
    let privacy = PrivacyController(publication: publication)
    privacy.addRoutes(to: router.group("privacy"))
    router.get(".well-known/gpc.json") { _, _ -> Response in
        // Global Privacy Control: this site honours the signal (https://privacycg.github.io/gpc-spec/#gpc-support-resource).
        let lastUpdate = policy.version.effective?.description ?? policy.version.id
        return try jsonResponse(GPCSupport(gpc: true, lastUpdate: lastUpdate))
    }
    let vault = configuration.keys.map {
        Vault(policy: policy, store: store, keys: $0, recorder: AccessLog(store: store), clock: configuration.clock)
    }
    let api = router.group("v1")
    if let vault {
        SubjectsController(vault: vault).addRoutes(to: api.group("subjects").add(middleware: TokenAuthenticator(vault: vault)))
        SessionsController(vault: vault).addRoutes(to: api.group("sessions"))
        RequestsController(vault: vault).addRoutes(to: api.group("requests").add(middleware: TokenAuthenticator(vault: vault)))
        let reviews = ReviewSummaries()
        LogReviewController(vault: vault, log: AccessLog(store: store), policy: policy, renderer: renderer,
                            language: { privacy.language(of: $0) }, clock: configuration.clock, reviews: reviews)
            .addRoutes(to: api.group("log/review").add(middleware: TokenAuthenticator(vault: vault)))
        RequestPagesController(vault: vault, renderer: renderer, language: { privacy.language(of: $0) })
            .addRoutes(to: router.group("requests"))
        ConsoleController(vault: vault, log: AccessLog(store: store), renderer: renderer, versions: publication.versions,
                          language: { privacy.language(of: $0) }, clock: configuration.clock, reviews: reviews)
            .addRoutes(to: router.group("console"))
    } else {
        api.post("**") { _, _ -> Response in
            throw APIError(status: .serviceUnavailable, code: "no-keys", message: "this Jikim has no key file yet: run `jikim init`")
        }
        // The request pages need the keys too: they say so, and where else to ask, rather than not being there.
        let unavailable: @Sendable (Request, JikimRequestContext) async throws -> Response = { _, _ in
            Response(status: .serviceUnavailable, headers: [.contentType: "text/html; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: requestsUnavailablePage)))
        }
        router.get("requests", use: unavailable)
        router.post("requests", use: unavailable)
        router.post("requests/**", use: unavailable)
    }

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
    services += retentionServices(configuration, vault: vault, logger: logger)

    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "jikim"),
        services: services,
        logger: logger
    )
}

/// The retention sweep and the notifier, when the key ring is there to run them with.
private func retentionServices(_ configuration: ServerConfiguration, vault: Vault?, logger: Logger) -> [any Service] {
    guard let vault else {
        logger.notice("no key file: the API, retention sweeps and notices are off until `jikim init` makes one")
        return []
    }
    let policy = vault.policy
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

/// The GPC support resource.
struct GPCSupport: Encodable {
    var gpc: Bool
    var lastUpdate: String
}

/// What the request pages answer before `jikim init` has made the keys they need.
private let requestsUnavailablePage = """
    <!doctype html>
    <html lang="ko"><head><meta charset="utf-8"><title>개인정보 열람 등 요구 / Requests about your information</title></head><body>
    <p>이 화면에서는 아직 요구를 접수할 수 없습니다. <a href="/privacy">개인정보 처리방침</a>에 안내된 개인정보 보호책임자에게 전자우편이나 서면으로 요구하실 수 있습니다.</p>
    <p lang="en">Requests cannot be filed here yet. You can make yours to the privacy officer by e-mail or in writing: see the <a href="/privacy?lang=en">privacy policy</a> for how to reach them.</p>
    <!-- The operator has not run `jikim init`: this Jikim has no keys to keep requests with. -->
    </body></html>
    """
