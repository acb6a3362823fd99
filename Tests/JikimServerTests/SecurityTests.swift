import Foundation
import HTTPTypes
import HummingbirdTesting
import JikimCore
@testable import JikimServer
import JikimStore
import NIOCore
import SQLKit
import Testing

/// The findings of the attack on `jikim serve` (issue 26), each as a case that failed before its fix.
@Suite("Security regressions")
struct SecurityTests {
    @Test("a cross-site post of the public form — another Origin, Sec-Fetch-Site cross-site, text/plain, or no token — files nothing")
    func crossSiteFormsAreRefused() async throws {
        try await withShop { shop in
            let fields = "kind=access&contact_item=email&contact=minji%40example.kr"
            let cases: [(HTTPFields, String, HTTPResponse.Status)] = [
                ([.contentType: "application/x-www-form-urlencoded", .origin: "https://evil.example", .cookie: "jikim_csrf=\(browserCSRF)"],
                 fields + "&csrf=\(browserCSRF)", .forbidden),
                ([.contentType: "application/x-www-form-urlencoded", .secFetchSite: "cross-site", .cookie: "jikim_csrf=\(browserCSRF)"],
                 fields + "&csrf=\(browserCSRF)", .forbidden),
                ([.contentType: "text/plain", .cookie: "jikim_csrf=\(browserCSRF)"], fields + "&csrf=\(browserCSRF)", .unsupportedMediaType),
                ([.contentType: "application/x-www-form-urlencoded"], fields, .forbidden),
                ([.contentType: "application/x-www-form-urlencoded", .cookie: "jikim_csrf=\(browserCSRF)"],
                 fields + "&csrf=" + String(repeating: "U", count: 43), .forbidden),
                // `Origin: null` (what a browser sends under `Referrer-Policy: no-referrer`) is not vouched for by anything
                // but `Sec-Fetch-Site: same-origin`.
                ([.contentType: "application/x-www-form-urlencoded", .origin: "null", .cookie: "jikim_csrf=\(browserCSRF)"],
                 fields + "&csrf=\(browserCSRF)", .forbidden),
                ([.contentType: "application/x-www-form-urlencoded", .origin: "null", .secFetchSite: "cross-site", .cookie: "jikim_csrf=\(browserCSRF)"],
                 fields + "&csrf=\(browserCSRF)", .forbidden),
            ]
            for (headers, body, expected) in cases {
                for path in ["/requests", "/requests/withdraw", "/requests/status"] {
                    let status = try await shop.client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) { $0.status }
                    #expect(status == expected, "\(path) \(headers)")
                }
            }
            #expect(try #require(try await get(shop, "/v1/requests?filter=all").body["requests"] as? [[String: Any]]).isEmpty)
            // The same form posted by a browser from its own page under no-referrer: Origin null, Sec-Fetch-Site same-origin.
            let own: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: "null", .secFetchSite: "same-origin",
                                   .cookie: "jikim_csrf=\(browserCSRF)"]
            let status = try await shop.client.execute(uri: "/requests", method: .post, headers: own, body: ByteBuffer(string: fields + "&csrf=\(browserCSRF)")) {
                $0.status
            }
            #expect(status == .created, "\(status)")
        }
    }

    @Test("the form page sets its token in an HttpOnly, SameSite=Strict cookie and puts it in every form")
    func formsCarryTheirToken() async throws {
        try await withShop { shop in
            let (cookie, page) = try await shop.client.execute(uri: "/requests", method: .get) { ($0.headers[.setCookie] ?? "", String(buffer: $0.body)) }
            let token = try #require(cookie.split(separator: ";").first?.split(separator: "=").last.map(String.init))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/requests"))
            let forms = page.components(separatedBy: "<form ").count - 1
            #expect(forms >= 2 && page.components(separatedBy: "name=\"csrf\" value=\"\(token)\"").count - 1 == forms)
        }
    }

    @Test("a JSON body over 2 MiB answers 413 in the one error shape, signed in or not")
    func oversizedBodies() async throws {
        try await withShop { shop in
            let huge = "{\"actor\":\"lee\",\"password\":\"" + String(repeating: "x", count: 3 << 20) + "\"}"
            for (path, token) in [("/v1/sessions", nil as String?), ("/v1/subjects/read", shop.token)] {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let token { headers[.authorization] = "Bearer \(token)" }
                let (status, body) = try await shop.client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: huge)) {
                    ($0.status, (try? JSONSerialization.jsonObject(with: Data($0.body.readableBytesView))) as? [String: Any] ?? [:])
                }
                #expect(status == .contentTooLarge, "\(path)")
                #expect((body["error"] as? [String: Any])?["code"] as? String == "body-too-large")
            }
        }
    }

    @Test("names, channels and categories are bounded before anything is recorded: long item names, an e-mail as channel, free text as category")
    func boundedFields() async throws {
        try await withShop { shop in
            try await addMinji(shop)
            let before = try await logSize(shop)
            let longNames = (0..<200).map { "\"\(String(repeating: "a", count: 9_000))\($0)\"" }.joined(separator: ",")
            let read = try await call(shop, "/v1/subjects/read", #"{"id":"m-1","purpose":"membership","items":[\#(longNames)]}"#)
            #expect(read.status == .badRequest)
            let channel = try await call(shop, "/v1/subjects", #"{"id":"m-2","purpose":"membership","channel":"kim@example.kr","items":{"name":"김"}}"#)
            #expect(channel.status == .badRequest)
            let phone = try await call(shop, "/v1/subjects/consents", #"{"id":"m-2","purpose":"membership","consent":"delivery","action":"given","channel":"web01012345678"}"#)
            #expect(phone.status == .badRequest)
            let category = try await call(shop, "/v1/subjects", #"{"id":"m-2","purpose":"membership","category":"Kim Minji, 010-1234-5678","items":{"name":"김"}}"#)
            #expect(category.status == .badRequest)
            let categories = try await call(shop, "/v1/subjects", #"{"id":"m-2","purpose":"membership","categories":["member","Kim Minji, 010-1234-5678"],"items":{"name":"김"}}"#)
            #expect(categories.status == .badRequest)
            let undeclared = try await call(shop, "/v1/subjects", #"{"id":"m-2","purpose":"membership","categories":["member","guest"],"items":{"name":"김"}}"#)
            #expect(undeclared.status == .unprocessableContent, "each category the person is in is checked against the policy")
            let control = try await call(shop, "/v1/subjects", "{\"id\":\"m\\u0000-2\",\"purpose\":\"membership\",\"items\":{\"name\":\"김\"}}")
            #expect(control.status == .badRequest)
            #expect(try await logSize(shop) == before, "nothing was recorded")
        }
    }

    /// How many access records there are.
    private func logSize(_ shop: Shop) async throws -> Int {
        try await shop.store.sql.raw("SELECT COUNT(*) AS n FROM access_records").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test("a malformed form and an unknown policy version answer the one error shape, with a code and the request ID")
    func publicErrorsHaveTheOneShape() async throws {
        try await withShop { shop in
            let malformed: HTTPFields = [.contentType: "multipart/form-data", .cookie: "jikim_csrf=\(browserCSRF)"]
            for (path, method, headers) in [("/requests", HTTPRequest.Method.post, malformed), ("/privacy/versions/1999-01-01", .get, [:])] {
                let (status, requestID, body) = try await shop.client.execute(uri: path, method: method, headers: headers, body: ByteBuffer(string: "x")) {
                    ($0.status, $0.headers[.requestID], (try? JSONSerialization.jsonObject(with: Data($0.body.readableBytesView))) as? [String: Any] ?? [:])
                }
                let error = body["error"] as? [String: Any]
                #expect(status == .badRequest || status == .notFound, "\(path)")
                #expect(error?["code"] as? String != nil && error?["requestId"] as? String == requestID && requestID != nil, "\(path): \(body)")
            }
        }
    }

    @Test("the server's log keeps no one-time password link: its secret is cut from the path")
    func linksStayOutOfTheLog() {
        #expect(RequestLogMiddleware<JikimRequestContext>.loggable("/console/password/pl_abc_secret") == "/console/password/…")
        #expect(RequestLogMiddleware<JikimRequestContext>.loggable("/console/requests/RQ-1") == "/console/requests/RQ-1")
    }
}
