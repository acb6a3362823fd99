import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// What the test webhook was sent.
struct ReceivedRequest: Sendable {
    var method: String
    var path: String
    /// Header values by lower-case name.
    var headers: [String: String]
    var body: Data
}

/// Keeps the requests the test webhook received.
actor RequestLog {
    private(set) var requests: [ReceivedRequest] = []
    func add(_ request: ReceivedRequest) { requests.append(request) }
}

/// Runs `body` with the base URL of a real Hummingbird server on 127.0.0.1 (a port the system picks) whose
/// routes stand for webhooks that behave in different ways:
/// - `POST /hook`, `GET /hook`: 200, recording the request
/// - `POST /status/{code}`: answers with that status, recording the request
/// - `POST /slow`: answers 200 after two seconds
/// - `POST /see-other`: 303 to `/hook`, which a client follows with a GET
func withWebhookServer(_ body: (URL, RequestLog) async throws -> Void) async throws {
    let log = RequestLog()
    let router = Router()
    @Sendable func record(_ request: Request) async throws {
        let bytes = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        await log.add(
            ReceivedRequest(
                method: request.method.rawValue, path: request.uri.path, headers: headers,
                body: Data(bytes.readableBytesView)
            )
        )
    }
    router.post("hook") { request, _ -> HTTPResponse.Status in
        try await record(request)
        return .ok
    }
    router.get("hook") { request, _ -> HTTPResponse.Status in
        try await record(request)
        return .ok
    }
    router.post("status/:code") { request, context -> HTTPResponse.Status in
        try await record(request)
        let code = context.parameters.get("code", as: Int.self) ?? 500
        return HTTPResponse.Status(code: code)
    }
    router.post("slow") { _, _ -> HTTPResponse.Status in
        try await Task.sleep(for: .seconds(2))
        return .ok
    }
    router.post("see-other") { _, _ -> Response in
        Response(status: .seeOther, headers: [.location: "/hook"])
    }

    let (ports, portReported) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "webhook-test-server")
    logger.logLevel = .warning
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portReported.yield(channel.localAddress?.port ?? 0)
            portReported.finish()
        },
        logger: logger
    )
    // Stopped by a graceful shutdown, not by cancelling its task: cancelling the server while a connection it has
    // just accepted waits to be served trips a precondition in NIO (apple/swift-nio#3481).
    let services = ServiceGroup(services: [app], logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            // If the server stops (or never starts), nobody waits for a port any more.
            defer { portReported.finish() }
            try await services.run()
        }
        var reported = ports.makeAsyncIterator()
        guard let port = await reported.next(), port > 0, let url = URL(string: "http://127.0.0.1:\(port)") else {
            await services.triggerGracefulShutdown()
            throw WebhookServerDidNotStart()
        }
        do {
            try await body(url, log)
        } catch {
            await services.triggerGracefulShutdown()
            throw error
        }
        await services.triggerGracefulShutdown()
    }
}

struct WebhookServerDidNotStart: Error {}
