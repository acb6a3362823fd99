import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JikimCore
import JikimServer
import JikimStore
import SQLKit
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
                // The store's commits (opening it committed its migrations), in buckets below the default's 5 ms.
                let commits = lines.first { $0.hasPrefix("jikim_store_commit_duration_seconds_count ") }
                #expect(commits.flatMap { Int($0.split(separator: " ")[1]) }.map { $0 > 0 } == true)
                #expect(lines.contains { $0.hasPrefix(#"jikim_store_commit_duration_seconds_bucket{le="0.001"}"#) })
                #expect(lines.contains { $0.hasPrefix(#"jikim_store_commit_transactions_bucket{le="1.0"}"#) })
            }
        }
    }
}

/// Entries a stop left in the access log's outbox (committed with their change, not yet in the log's file) are in
/// the log once the server has started, before it answers anything.
@Test
func startingTakesInTheLogsOutbox() async throws {
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: data) }
    let left = (0..<3).map { n in
        LogEntry.rights(RightsChange(actor: "staff-\(n)", action: "granted", role: "support", by: "officer", at: Date(timeIntervalSince1970: 1_790_000_000 + Double(n))))
    }
    var store = try await Store.openSQLite(directory: data)
    try await store.transaction { sql in
        try await sql.insertRows(into: "log_outbox", columns: ["entry"], rows: left.map { [.blob($0.encoded())] })
    }
    try await store.close()
    try await withApplication(ServerConfiguration(port: 0, dataDirectory: data), logger: quietLogger) { app in
        let beside = try await Store.openSQLite(directory: data)
        let logged = try await beside.sql.statement("SELECT entry FROM log_entries ORDER BY idx").all().map { try $0.decode(column: "entry", as: Data.self) }
        #expect(logged == left.map { $0.encoded() })
        try await beside.close()
    }
    // Opened again, nothing is taken in twice.
    try await withApplication(ServerConfiguration(port: 0, dataDirectory: data), logger: quietLogger) { _ in }
    store = try await Store.openSQLite(directory: data)
    #expect(try await store.sql.statement("SELECT COUNT(*) AS n FROM log_entries").first()?.decode(column: "n", as: Int.self) == 3)
    try await store.close()
}
