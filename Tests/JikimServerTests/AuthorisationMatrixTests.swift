import Foundation
import HTTPTypes
import HummingbirdTesting
import JikimCore
import JikimTestSupport
import JikimVault
@testable import JikimServer
import NIOCore
import Testing
import Yams

/// Every operation `/openapi.yaml` lists, called with each kind of credential: none, a wrong secret, a revoked
/// token, an expired session, an actor with no role, a role without the purpose (or duty), and the right role. The
/// first four must be 401, the next two 403, the last past the door (neither, and no 5xx). An operation added to the
/// document without its row here fails the test, and so does a row for an operation the document no longer lists.
@Suite("Authorisation matrix")
struct AuthorisationMatrixTests {
    /// Who calls.
    enum Caller: String, CaseIterable {
        case none, wrongSecret, revoked, expiredSession, noRole, wrongRole, rightRole
    }

    /// One operation's row: how to call it, and whose credentials are the right and the wrong role for it.
    struct Row {
        var method: HTTPRequest.Method
        var path: String
        var body: String = ""
        /// The actor whose role grants what the call needs, and one whose roles do not.
        var right: String = "kim"
        var wrong: String = "park"
    }

    /// The rows, by operation (`operationId`, or `METHOD path` for the public pages, which need no credential).
    static func rows(number: String, newID: @escaping () -> String) -> [String: Row?] {
        let person = #""id":"m-1""#
        return [
            // Public: anyone may call them; a credential changes nothing.
            "GET /healthz": nil, "GET /readyz": nil, "GET /metrics": nil, "startSession": nil, "endSession": nil,
            "GET /requests": nil, "POST /requests": nil, "POST /requests/status": nil, "POST /requests/verify": nil,
            "POST /requests/resend": nil, "POST /requests/withdraw": nil, "POST /requests/transmission": nil,
            "GET /privacy": nil, "GET /notices/breach": nil, "GET /privacy/versions": nil, "GET /privacy/versions/{version}": nil,
            "GET /log/checkpoint": nil, "GET /log/proof/inclusion": nil, "GET /log/proof/consistency": nil,
            "GET /log/tile/{level}/{index}": nil, "GET /.well-known/gpc.json": nil,
            // People's data: a role that grants the purpose stated.
            "createSubject": Row(method: .post, path: "/v1/subjects", body: "{\"id\":\"\(newID())\",\"purpose\":\"membership\",\"items\":{\"name\":\"김\",\"email\":\"\(newID())@example.kr\"}}"),
            "readSubject": Row(method: .post, path: "/v1/subjects/read", body: "{\(person),\"purpose\":\"membership\",\"items\":[\"name\"]}"),
            "readSeparatedSubject": Row(method: .post, path: "/v1/subjects/read-separated",
                                        body: "{\(person),\"purpose\":\"tax_records\",\"items\":[\"payment_record\"]}", right: "accountant", wrong: "kim"),
            "correctSubject": Row(method: .post, path: "/v1/subjects/correct", body: "{\(person),\"purpose\":\"membership\",\"items\":{\"name\":\"김민지\"}}"),
            "recordEvent": Row(method: .post, path: "/v1/subjects/events", body: "{\(person),\"purpose\":\"membership\",\"event\":\"last_activity\"}"),
            "changeConsent": Row(method: .post, path: "/v1/subjects/consents",
                                 body: "{\(person),\"purpose\":\"membership\",\"consent\":\"marketing\",\"action\":\"given\"}"),
            "provideSubject": Row(method: .post, path: "/v1/subjects/provide",
                                  body: "{\(person),\"purpose\":\"orders\",\"recipient\":\"courier\",\"items\":[\"name\"]}"),
            // People's requests and the provision notice: a role that handles requests.
            "usageNotice": Row(method: .post, path: "/v1/subjects/usage-notice", body: "{\(person),\"year\":2026}"),
            "listRequests": Row(method: .get, path: "/v1/requests"),
            "fileRequest": Row(method: .post, path: "/v1/requests", body: "{\(person),\"kind\":\"access\",\"filer\":\"staff\"}"),
            "showRequest": Row(method: .get, path: "/v1/requests/\(number)"),
            "completeRequest": Row(method: .post, path: "/v1/requests/\(number)/complete"),
            "refuseRequest": Row(method: .post, path: "/v1/requests/\(number)/refuse", body: #"{"ground":"art35-4-2"}"#),
            "postponeRequest": Row(method: .post, path: "/v1/requests/\(number)/postpone", body: #"{"note":"the records are archived off site"}"#),
            "showAgentDocument": Row(method: .get, path: "/v1/requests/\(number)/document"),
            "confirmAgent": Row(method: .post, path: "/v1/requests/\(number)/confirm-agent"),
            "withdrawRequest": Row(method: .post, path: "/v1/requests/\(number)/withdraw"),
            // The access log's review: a role that reviews it.
            "showLogReview": Row(method: .get, path: "/v1/log/review?month=2026-11", right: "officer", wrong: "kim"),
            "signOffLogReview": Row(method: .post, path: "/v1/log/review/sign-off", body: #"{"month":"2026-11","digest":"0","note":"read"}"#,
                                    right: "officer", wrong: "kim"),
        ]
    }

    /// The operations the document lists, by `operationId` or `METHOD path`, with whether they need a credential.
    static func documented(_ shop: Shop) async throws -> [String: Bool] {
        let text = try await shop.client.execute(uri: "/openapi.yaml", method: .get) { String(buffer: $0.body) }
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations: [String: Bool] = [:]
        for (path, methods) in paths {
            for (method, value) in methods where ["get", "post", "put", "patch", "delete"].contains(method) {
                let operation = value as? [String: Any] ?? [:]
                let key = operation["operationId"] as? String ?? "\(method.uppercased()) \(path)"
                operations[key] = (operation["security"] as? [Any]).map { !$0.isEmpty } ?? true
            }
        }
        return operations
    }

    @Test("every operation of /openapi.yaml has its row, and each credential gets the answer its row expects")
    func matrix() async throws {
        try await withShop { shop in
            try await addMinji(shop)
            let vault = shop.vault
            for (actor, kind, role) in [("nobody", "service", nil), ("officer", "staff", "privacy_officer"), ("accountant", "service", "accountant")] {
                try await vault.addActor(actor, kind: kind == "service" ? .service : .staff, by: "admin")
                if let role { try await vault.grant(role, to: actor, by: "admin") }
            }
            var tokens: [String: String] = ["kim": shop.token]
            for actor in ["park", "nobody", "officer", "accountant"] { tokens[actor] = try await vault.issueToken(for: actor, by: "admin") }
            let revoked = try await vault.issueToken(for: "kim", by: "admin")
            try await vault.revokeToken(revoked.split(separator: "_")[1].description, by: "admin")
            let kimParts = shop.token.split(separator: "_", maxSplits: 2)
            let wrongSecret = "\(kimParts[0])_\(kimParts[1])_\(String(repeating: "x", count: kimParts[2].count))"
            let session = try await StaffSessions.start(vault, "lee", at: shop.clock.now)
            let filed = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"access","filer":"staff"}"#)
            let number = try #require((filed.body["request"] as? [String: Any])?["number"] as? String)
            var created = 0
            let rows = Self.rows(number: number) {
                created += 1
                return "matrix-\(created)"
            }

            // Every operation has its row, and every row its operation.
            let documented = try await Self.documented(shop)
            #expect(Set(documented.keys) == Set(rows.keys), "operations without a row: \(Set(documented.keys).subtracting(rows.keys).sorted()); rows without an operation: \(Set(rows.keys).subtracting(documented.keys).sorted())")
            for (operation, secured) in documented { #expect((rows[operation] ?? nil) != nil || !secured, "\(operation) needs a credential but its row says public") }

            func send(_ row: Row, _ credential: String?) async throws -> HTTPResponse.Status {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let credential { headers[.authorization] = "Bearer \(credential)" }
                return try await shop.client.execute(uri: row.path, method: row.method, headers: headers,
                                                     body: row.body.isEmpty ? nil : ByteBuffer(string: row.body)) { $0.status }
            }
            let start = shop.clock.now
            for (operation, row) in rows.sorted(by: { $0.key < $1.key }) {
                guard let row else { continue }
                for caller in Caller.allCases {
                    let credential: String? = switch caller {
                    case .none: nil
                    case .wrongSecret: wrongSecret
                    case .revoked: revoked
                    case .expiredSession: session
                    case .noRole: tokens["nobody"]
                    case .wrongRole: tokens[row.wrong]
                    case .rightRole: tokens[row.right]
                    }
                    if caller == .expiredSession { shop.clock.set(start.addingTimeInterval(Vault.sessionLength + 60)) }
                    let status = try await send(row, credential)
                    shop.clock.set(start)
                    switch caller {
                    case .none, .wrongSecret, .revoked, .expiredSession:
                        #expect(status == .unauthorized, "\(operation) with \(caller): \(status.code)")
                    case .noRole, .wrongRole:
                        #expect(status == .forbidden, "\(operation) with \(caller): \(status.code)")
                    case .rightRole:
                        #expect(status != .unauthorized && status != .forbidden && status.code < 500, "\(operation) with \(caller): \(status.code)")
                    }
                }
            }
        }
    }

    @Test("a caller without the role is refused whether or not the person named exists: nothing tells who is there")
    func noEnumerationOfPeople() async throws {
        try await withShop { shop in
            try await addMinji(shop)
            let vault = shop.vault
            try await vault.addActor("nobody", kind: .service, by: "admin")
            try await vault.addActor("accountant", kind: .service, by: "admin")
            try await vault.grant("accountant", to: "accountant", by: "admin")
            let tokens = ["kim": shop.token, "park": try await vault.issueToken(for: "park", by: "admin"),
                          "nobody": try await vault.issueToken(for: "nobody", by: "admin"),
                          "accountant": try await vault.issueToken(for: "accountant", by: "admin")]
            let rows = Self.rows(number: "RQ-0") { "unused" }
            for operation in ["readSubject", "readSeparatedSubject", "correctSubject", "recordEvent", "changeConsent", "provideSubject"] {
                guard let row = rows[operation] ?? nil else {
                    Issue.record("no row for \(operation)")
                    continue
                }
                let unknown = row.body.replacingOccurrences(of: #""id":"m-1""#, with: #""id":"nobody-here""#)
                for (actor, expected) in [("nobody", HTTPResponse.Status.forbidden), (row.wrong, .forbidden), (row.right, .notFound)] {
                    let status = try await shop.client.execute(
                        uri: row.path, method: row.method,
                        headers: [.contentType: "application/json", .authorization: "Bearer \(tokens[actor] ?? "")"],
                        body: ByteBuffer(string: unknown)) { $0.status }
                    #expect(status == expected, "\(operation) as \(actor) about an unknown person: \(status.code)")
                }
            }
        }
    }
}
