import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JikimServer
import Testing

/// `/healthz` says the process serves; `/readyz` that its store answers too.
@Test
func healthAndReadiness() async throws {
    try await withDemoServer { app in
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok && String(buffer: response.body) == "ok\n")
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok && String(buffer: response.body) == "ready\n")
            }
        }
    }
}

/// `/metrics` counts every request by route, method and status, and its duration, in Prometheus's text format.
@Test
func requestMetrics() async throws {
    try await withDemoServer { app in
        try await app.test(.router) { client in
            for _ in 0..<2 {
                try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/no-such-page", method: .get) { #expect($0.status == .notFound) }
            // With no key file the API answers that it is off: an error thrown past the metrics, counted as one.
            try await client.execute(uri: "/v1/subjects/read", method: .post) { #expect($0.status == .serviceUnavailable) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4")
                let lines = Set(String(buffer: response.body).split(separator: "\n").map(String.init))
                let healthz = #"http_route="/healthz",http_request_method="GET",http_response_status_code="200""#
                #expect(lines.contains("hb_requests{\(healthz)} 2"))
                #expect(lines.contains("http_server_request_duration_count{\(healthz)} 2"))
                #expect(lines.contains(#"hb_requests{http_route="NotFound",http_request_method="GET",http_response_status_code="404"} 1"#))
                #expect(lines.contains(#"hb_request_errors{http_route="NotFound",http_request_method="GET",error_type="404"} 1"#))
                #expect(lines.contains(#"hb_requests{http_route="/v1/**",http_request_method="POST",http_response_status_code="503"} 1"#))
                #expect(lines.contains(#"hb_request_errors{http_route="/v1/**",http_request_method="POST",error_type="503"} 1"#))
                // No series that can only be zero: no errors of answered routes, no durations of failed ones.
                #expect(!lines.contains { $0.hasPrefix(#"hb_request_errors{http_route="/healthz""#) })
                #expect(!lines.contains { $0.hasPrefix(#"http_server_request_duration_count{http_route="NotFound""#) })
                // Only this request is in progress: the others were counted out when they were answered.
                #expect(lines.contains(#"http_server_active_requests{http_request_method="GET"} 1.0"#))
                #expect(lines.contains(#"http_server_active_requests{http_request_method="POST"} 0.0"#))
            }
        }
    }
}
