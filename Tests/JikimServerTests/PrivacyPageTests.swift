import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JikimServer
import Testing

@Test("the server publishes the demo policy in Korean by default and in English on request")
func privacyPages() async throws {
    try await withDemoServer { app in
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok && response.headers[HTTPField.Name("X-Request-ID")!] != nil)
            }
            try await client.execute(uri: "/privacy", method: .get) { response in
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                // A page runs no script, loads nothing from elsewhere and cannot be framed by another site.
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'") && policy.contains("form-action 'self'"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name("X-Request-ID")!]?.isEmpty == false)
                #expect(String(buffer: response.body).contains("<h1>주식회사 지킴데모 개인정보 처리방침</h1>"))
            }
            try await client.execute(uri: "/privacy", method: .get, headers: [.acceptLanguage: "en-GB,en;q=0.9,ko;q=0.3"]) { response in
                #expect(String(buffer: response.body).contains("<h1>Jikim Demo Co., Ltd. Privacy Policy</h1>"))
            }
            try await client.execute(uri: "/privacy?lang=en", method: .get, headers: [.acceptLanguage: "ko"]) { response in
                #expect(String(buffer: response.body).contains("Privacy Policy</h1>"))
            }
            try await client.execute(uri: "/privacy/versions", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("/privacy/versions/2025-01-01"))
                #expect(body.contains("/privacy/versions/2026-09-01"))
            }
            try await client.execute(uri: "/privacy/versions/2026-09-01?lang=en", method: .get) { response in
                #expect(String(buffer: response.body).contains("is now provided to a new recipient"))
            }
            try await client.execute(uri: "/privacy/versions/1999-01-01", method: .get) { response in
                #expect(response.status == .notFound && response.headers[.xContentTypeOptions] == "nosniff")
            }
            // Without keys (no `jikim init` yet) the request pages and the API say why they cannot serve.
            try await client.execute(uri: "/requests", method: .get) { response in
                #expect(response.status == .serviceUnavailable && String(buffer: response.body).contains("개인정보 보호책임자"))
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            }
            try await client.execute(uri: "/requests/status", method: .post) { response in
                #expect(response.status == .serviceUnavailable)
            }
            try await client.execute(uri: "/v1/subjects/read", method: .post) { response in
                #expect(response.status == .serviceUnavailable && String(buffer: response.body).contains("no-keys"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff" && response.headers[.contentSecurityPolicy] == nil)
            }
        }
    }
}

@Test("a published version cannot be changed silently: the server refuses to start and says why")
func changedPublishedVersionIsRefused() async throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: base) }
    let data = base.appendingPathComponent("data").path
    try await withApplication(ServerConfiguration(port: 0, dataDirectory: data), logger: quietLogger) { _ in }

    let demo = try #require(ServerConfiguration.demoPolicyFile)
    let edited = base.appendingPathComponent("policy.yaml")
    let text = try String(contentsOfFile: demo, encoding: .utf8).replacingOccurrences(of: "02-000-0000", with: "02-111-1111")
    try FileManager.default.createDirectory(at: base.appendingPathComponent("history"), withIntermediateDirectories: true)
    try text.write(to: edited, atomically: true, encoding: .utf8)
    try FileManager.default.copyItem(
        atPath: (demo as NSString).deletingLastPathComponent + "/history/2025-01-01.yaml",
        toPath: base.appendingPathComponent("history/2025-01-01.yaml").path)
    do {
        try await withApplication(ServerConfiguration(port: 0, policyFile: edited.path, dataDirectory: data), logger: quietLogger) { _ in }
        Issue.record("the server started with a changed published version")
    } catch let error as StartupError {
        #expect(error.description == "version '2026-09-01' was already published with different content; a published version cannot change, so give the changed policy a new version id")
    }
}
