import Dispatch
import HTTPTypes
import Hummingbird
import Metrics
import Synchronization

/// Counts requests, their errors and their duration by route, method and status, and the requests in progress by
/// method — the metrics, labels and dimensions of Hummingbird's `MetricsMiddleware` (`hb.requests`,
/// `hb.request.errors`, `http.server.request.duration`, `http.server.active_requests`) — but records them when the
/// response is ready rather than once its body is written, and lists only series that can count something.
///
/// Hummingbird's middleware wraps every response body in a closure that records after the write, and a body that is
/// a closure is written part by part: the head, the body and its end each handed to the connection's event loop and
/// each a system call of its own. A response whose body is one buffer goes out in one write: two `write` calls and
/// two wake-ups of the event loop fewer a response (BENCHMARKS.md). Small bodies are written in microseconds, so
/// the duration measured ends that much sooner.
///
/// The metrics are made by `factory` — the server's registry, served at `/metrics` — whatever the process's
/// swift-metrics system was bootstrapped with.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    private let cache: Cache

    init(factory: any MetricsFactory) {
        cache = Cache(factory: factory)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let active = cache.active(request.method)
        active.increment()
        defer { active.decrement() }
        do {
            let response = try await next(request, context)
            let metrics = cache.endpoint(Endpoint(route: context.endpointPath ?? "Unknown", method: request.method, status: response.status, failed: false))
            metrics.requests.increment()
            metrics.duration?.recordNanoseconds(DispatchTime.now().uptimeNanoseconds - start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            let metrics = cache.endpoint(Endpoint(route: context.endpointPath ?? "NotFound", method: request.method, status: status, failed: true))
            metrics.requests.increment()
            metrics.errors?.increment()
            throw error
        }
    }

    struct Endpoint: Hashable {
        let route: String
        let method: HTTPRequest.Method
        let status: HTTPResponse.Status
        /// Ended by an error thrown past the middleware rather than by a response.
        let failed: Bool
    }

    /// A request answered has its duration recorded; one that failed counts as an error. Each is made only for
    /// the routes and statuses that had one, so that `/metrics` lists no series that can only ever be zero.
    struct EndpointMetrics: Sendable {
        let requests: Counter
        let duration: Timer?
        let errors: Counter?

        init(_ endpoint: Endpoint, factory: any MetricsFactory) {
            let dimensions = [
                ("http.route", endpoint.route), ("http.request.method", endpoint.method.rawValue),
                ("http.response.status_code", String(endpoint.status.code)),
            ]
            requests = Counter(label: "hb.requests", dimensions: dimensions, factory: factory)
            if endpoint.failed {
                duration = nil
                errors = Counter(label: "hb.request.errors", dimensions: [
                    ("http.route", endpoint.route), ("http.request.method", endpoint.method.rawValue),
                    ("error.type", String(endpoint.status.code)),
                ], factory: factory)
            } else {
                duration = Timer(label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds, factory: factory)
                errors = nil
            }
        }
    }

    /// The metrics made so far, so that a request looks its own up rather than asking the metrics factory for them.
    final class Cache: Sendable {
        private let factory: any MetricsFactory
        private let endpoints = Mutex<[Endpoint: EndpointMetrics]>([:])
        private let methods = Mutex<[HTTPRequest.Method: Meter]>([:])

        init(factory: any MetricsFactory) {
            self.factory = factory
        }

        func endpoint(_ endpoint: Endpoint) -> EndpointMetrics {
            endpoints.withLock { made in
                if let metrics = made[endpoint] { return metrics }
                let metrics = EndpointMetrics(endpoint, factory: factory)
                made[endpoint] = metrics
                return metrics
            }
        }

        func active(_ method: HTTPRequest.Method) -> Meter {
            methods.withLock { made in
                if let meter = made[method] { return meter }
                let meter = Meter(label: "http.server.active_requests", dimensions: [("http.request.method", method.rawValue)], factory: factory)
                made[method] = meter
                return meter
            }
        }
    }
}
