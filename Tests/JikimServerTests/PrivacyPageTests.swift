import Hummingbird
import HummingbirdTesting
import JikimServer
import Testing

@Test("the server publishes the demo policy in Korean by default and in English on request")
func privacyPages() async throws {
    let app = try buildApplication(ServerConfiguration(port: 0))
    try await app.test(.router) { client in
        try await client.execute(uri: "/healthz", method: .get) { response in
            #expect(response.status == .ok)
        }
        try await client.execute(uri: "/privacy", method: .get) { response in
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
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
            #expect(response.status == .notFound)
        }
    }
}
