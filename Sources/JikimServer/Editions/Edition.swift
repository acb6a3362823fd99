import Foundation
import Hummingbird
import JikimAccessLog
import JikimCore
import JikimPublishing
import JikimStore
import JikimVault
import Logging
import Prometheus
import SQLKit

/// What the server answers with under one version of the policy: the version in force, the vault that enforces it,
/// and every route built on them. A new edition is built whole when a version is published or takes effect, so
/// that each request is answered under one version from start to end.
struct Edition: Sendable {
    let publication: PolicyPublication
    /// The vault that enforces the version in force; nil without a key ring.
    let vault: Vault?
    let responder: RouterResponder<JikimRequestContext>
    /// The day (in Korea) the version in force was chosen for.
    let day: CivilDate

    var policy: Policy { publication.policy }

    /// Whether this edition is later than `other`: it knows more published versions, or as many on a later day.
    func supersedes(_ other: Edition) -> Bool {
        (publication.published, day.dayNumber) > (other.publication.published, other.day.dayNumber)
    }

    /// Builds the routes on `publication`. `published` is called after a version is published in the console, so
    /// that the console shows it at once.
    static func build(
        _ publication: PolicyPublication, day: CivilDate, configuration: ServerConfiguration, store: Store, renderer: PolicyRenderer,
        published: @escaping @Sendable () async -> Void
    ) -> Edition {
        let policy = publication.policy
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
            NoticesController(vault: vault, renderer: renderer, language: { privacy.language(of: $0) })
                .addRoutes(to: router.group("notices"))
            ConsoleController(vault: vault, log: AccessLog(store: store), renderer: renderer, publication: publication, publisher: PolicyPublisher(store: store),
                              language: { privacy.language(of: $0) }, clock: configuration.clock, reviews: reviews, published: published)
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
        LogController(store: store).addRoutes(to: router.group("log"))
        return Edition(publication: publication, vault: vault, responder: router.buildResponder(), day: day)
    }
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
