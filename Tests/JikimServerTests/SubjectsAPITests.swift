import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JikimAccessLog
import JikimCore
import JikimCrypto
import JikimPolicyFile
import JikimServer
import JikimStore
import JikimTestSupport
import JikimVault
import NIOCore
import Testing
import Yams

/// Jikim as the ATTO example runs it, with `kim` holding a service token: the API as a service calls it.
private func withAPI(_ body: @escaping @Sendable (any TestClientProtocol, String, Vault) async throws -> Void) async throws {
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-api-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: data) }
    let policyFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/atto-internet/policy.yaml").path
    let keys = KeyRing.generate()
    var configuration = ServerConfiguration(port: 0, policyFile: policyFile, dataDirectory: data)
    configuration.keys = keys
    try await withApplication(configuration, logger: quietLogger) { app in
        let store = try await Store.openSQLite(directory: data)
        let vault = Vault(policy: try PolicyArchive(currentFile: policyFile).current.policy, store: store, keys: keys, recorder: AccessLog(store: store))
        try await vault.addActor("kim", kind: .service, by: "admin")
        try await vault.grant("ssl_operations", to: "kim", by: "admin")
        try await vault.addActor("lee", kind: .staff, by: "admin")
        try await vault.grant("ssl_operations", to: "lee", by: "admin")
        // Lee's roles take a second factor: an authenticator enrolled as the console enrols one.
        let enrolled = try await StaffSessions.start(vault, "lee", at: Date())
        try await vault.endSession(token: enrolled)
        let token = try await vault.issueToken(for: "kim", by: "admin")
        try await store.close()
        try await app.test(.router) { client in try await body(client, token, vault) }
    }
}

private func post(_ client: some TestClientProtocol, _ path: String, token: String?, _ json: String) async throws -> (HTTPResponse.Status, [String: Any], String?) {
    var headers: HTTPFields = [.contentType: "application/json"]
    if let token { headers[.authorization] = "Bearer \(token)" }
    return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: json)) { response in
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
        return (response.status, object, response.headers[HTTPField.Name("X-Request-ID")!])
    }
}

private func errorCode(_ body: [String: Any]) -> String? { (body["error"] as? [String: Any])?["code"] as? String }

@Test("a service adds a person, reads them for a purpose, records a withdrawal of consent and is refused afterwards; errors have one shape")
func subjectsOverHTTP() async throws {
    try await withAPI { client, token, _ in
        let (unauthenticated, body, requestID) = try await post(client, "/v1/subjects/read", token: nil, #"{"id":"c-1","purpose":"service","items":["email"]}"#)
        #expect(unauthenticated == .unauthorized && errorCode(body) == "unauthenticated")
        #expect(requestID != nil && (body["error"] as? [String: Any])?["requestId"] as? String == requestID)

        let created = try await post(client, "/v1/subjects", token: token,
                                     #"{"id":"c-1","items":{"email":"minji@example.kr","name":"박민지"},"consents":["collection"],"purpose":"service"}"#)
        #expect(created.0 == .created && created.1["id"] as? String == "c-1")
        #expect(try await post(client, "/v1/subjects", token: token, #"{"id":"c-1","items":{"email":"x@example.kr"},"consents":["collection"],"purpose":"service"}"#).0 == .conflict)

        let read = try await post(client, "/v1/subjects/read", token: token, #"{"id":"c-1","purpose":"service","items":["email","name"]}"#)
        #expect(read.0 == .ok && (read.1["items"] as? [String: String]) == ["email": "minji@example.kr", "name": "박민지"])
        let refused = try await post(client, "/v1/subjects/read", token: token, #"{"id":"c-1","purpose":"marketing","items":["email"]}"#)
        // The service's roles do not grant marketing: that is decided, and named, before anything about the person.
        #expect(refused.0 == .forbidden && errorCode(refused.1) == "role-does-not-grant")

        let malformed = try await post(client, "/v1/subjects/read", token: token, #"{"id":"c-1","items":["email"]}"#)
        #expect(malformed.0 == .badRequest && errorCode(malformed.1) == "invalid-request")
        #expect(((malformed.1["error"] as? [String: Any])?["message"] as? String)?.contains("purpose") == true)
        #expect(try await post(client, "/v1/subjects/read", token: token, "not json").0 == .badRequest)
        #expect(try await post(client, "/v1/subjects/read", token: token, #"{"id":"nobody","purpose":"service","items":["email"]}"#).0 == .notFound)
        #expect(try await post(client, "/v1/subjects/read", token: "jk_nope_nope", #"{"id":"c-1","purpose":"service","items":["email"]}"#).0 == .unauthorized)
        // A request that authenticates no one is told so before anything about its body, as on the other routes.
        #expect(try await post(client, "/v1/subjects/read", token: "jk_nope_nope", "not json").0 == .unauthorized)
        #expect(try await post(client, "/v1/subjects/read", token: nil, #"{"id":"c-1"}"#).0 == .unauthorized)
        let gpc = { (token: String) in
            try await client.execute(uri: "/v1/subjects/read", method: .post,
                                     headers: [.contentType: "application/json", .authorization: "Bearer \(token)", HTTPField.Name("Sec-GPC")!: "1"],
                                     body: ByteBuffer(string: #"{"id":"c-1","purpose":"service","items":["email"]}"#)) { $0.status }
        }
        #expect(try await gpc(token) == .ok)
        #expect(try await gpc("jk_nope_nope") == .unauthorized)

        #expect(try await post(client, "/v1/subjects/correct", token: token, #"{"id":"c-1","purpose":"service","items":{"name":"박민지B"}}"#).0 == .noContent)
        #expect(try await post(client, "/v1/subjects/events", token: token, #"{"id":"c-1","purpose":"service","event":"last_activity"}"#).0 == .noContent)
        #expect(try await post(client, "/v1/subjects/events", token: token, #"{"id":"c-1","purpose":"service","event":"birthday"}"#).0 == .badRequest)
        #expect(try await post(client, "/v1/subjects/consents", token: token,
                               #"{"id":"c-1","purpose":"service","consent":"collection","action":"withdrawn","channel":"web"}"#).0 == .noContent)
        let afterWithdrawal = try await post(client, "/v1/subjects/read", token: token, #"{"id":"c-1","purpose":"service","items":["name"]}"#)
        #expect(afterWithdrawal.0 == .forbidden && errorCode(afterWithdrawal.1) == "consent-not-given")
    }
}

@Test("every operation of /openapi.yaml is served, and answers only with a status the document lists")
func routesMatchTheDocument() async throws {
    try await withAPI { client, token, _ in
        let text = try await client.execute(uri: "/openapi.yaml", method: .get) { response in
            #expect(response.status == .ok)
            return String(buffer: response.body)
        }
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        #expect(paths.count == 38)
        for (path, operations) in paths {
            for (method, operation) in operations {
                let listed = Set(((operation as? [String: Any])?["responses"] as? [String: Any] ?? [:]).keys)
                // A path parameter gets a value no request has: the route answers 404 with its own error body.
                let uri = path.replacingOccurrences(of: "{number}", with: "RQ-0000000000")
                    .replacingOccurrences(of: "{version}", with: "v0").replacingOccurrences(of: "{level}", with: "0")
                    .replacingOccurrences(of: "{index}", with: "000")
                let (status, served) = try await client.execute(uri: uri, method: method == "get" ? .get : .post,
                                                                headers: [.contentType: "application/json", .authorization: "Bearer \(token)"],
                                                                body: ByteBuffer(string: method == "get" ? "" : "{}")) {
                    ($0.status, $0.status != .notFound || $0.body.readableBytes > 0)
                }
                #expect(listed.contains(String(status.code)), "\(method) \(path) answered \(status.code), which the document does not list")
                #expect(served && status != .methodNotAllowed, "\(method) \(path) is not served")
            }
        }
    }
}

@Test("staff sign in for a session token and use it; five wrong passwords lock the account, answered as any refusal; a signed-out session no longer works")
func staffSessions() async throws {
    try await withAPI { client, token, vault in
        _ = try await post(client, "/v1/subjects", token: token, #"{"id":"c-9","items":{"name":"이름"},"consents":["collection"],"purpose":"service"}"#)
        let noCode = try await post(client, "/v1/sessions", token: nil, #"{"actor":"lee","password":"correct horse battery"}"#)
        #expect(noCode.0 == .unauthorized && (noCode.1["error"] as? [String: Any])?["code"] as? String == "second-factor-required")
        let code = try #require(StaffSessions.nextCode(vault, "lee", at: Date()))
        let signedIn = try await post(client, "/v1/sessions", token: nil, #"{"actor":"lee","password":"correct horse battery","code":"\#(code)"}"#)
        #expect(signedIn.0 == .created)
        let replayed = try await post(client, "/v1/sessions", token: nil, #"{"actor":"lee","password":"correct horse battery","code":"\#(code)"}"#)
        #expect(replayed.0 == .unauthorized, "a code is taken once")
        let session = try #require(signedIn.1["token"] as? String)
        #expect(session.hasPrefix("js_"))
        #expect(try await post(client, "/v1/subjects/read", token: session, #"{"id":"c-9","purpose":"service","items":["name"]}"#).0 == .ok)
        #expect(try await post(client, "/v1/sessions/end", token: session, "").0 == .noContent)
        #expect(try await post(client, "/v1/subjects/read", token: session, #"{"id":"c-9","purpose":"service","items":["name"]}"#).0 == .unauthorized)

        for attempt in 1...4 {
            let wrong = try await post(client, "/v1/sessions", token: nil, #"{"actor":"lee","password":"wrong"}"#)
            #expect(wrong.0 == .unauthorized && errorCode(wrong.1) == "sign-in-refused", "attempt \(attempt)")
        }
        let fifth = try await post(client, "/v1/sessions", token: nil, #"{"actor":"lee","password":"wrong"}"#)
        let unknown = try await post(client, "/v1/sessions", token: nil, #"{"actor":"nobody-here","password":"wrong"}"#)
        #expect(fifth.0 == .unauthorized && errorCode(fifth.1) == "sign-in-refused")
        let message = { (body: [String: Any]) in (body["error"] as? [String: Any])?["message"] as? String }
        #expect(unknown.0 == fifth.0 && message(unknown.1) != nil && message(unknown.1) == message(fifth.1), "an unknown actor looks the same")
        let locked = try await post(client, "/v1/sessions", token: nil, #"{"actor":"lee","password":"correct horse battery"}"#)
        #expect(locked.0 == .unauthorized && errorCode(locked.1) == "sign-in-refused", "locked: the right password is refused too")
    }
}
