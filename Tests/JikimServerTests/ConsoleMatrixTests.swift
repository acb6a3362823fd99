import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JikimAccessLog
import JikimCore
import JikimTestSupport
import JikimPublishing
@testable import JikimServer
import JikimVault
import NIOCore
import Testing

/// Every route of the console, with each kind of caller: no session, a session whose roles lack the duty the page
/// needs, a forged CSRF token on a form, and the right role. The first is sent to the sign-in page, the next two are
/// 403 and change nothing, the last gets past the door (no 401, 403 or 5xx). A console route added without its row
/// here fails the test, and so does a row for a route that is gone.
@Suite("Console authorisation matrix")
struct ConsoleMatrixTests {
    struct Row {
        var method: HTTPRequest.Method
        /// The route as the router lists it.
        var route: String
        /// The path called.
        var path: String
        var form: String = ""
        /// Who has the duty the route needs; nil for a page every signed-in member of staff may see.
        var right: String? = "officer"
        /// A route anyone may call, signed in or not (sign-in, a password link).
        var isPublic = false
        /// A route for a session that waits for its second factor (called with one).
        var pending = false
    }

    static func rows(number: String, link: String) -> [Row] {
        [
            Row(method: .get, route: "/console", path: "/console", right: nil),
            Row(method: .get, route: "/console/sign-in", path: "/console/sign-in", right: nil, isPublic: true),
            Row(method: .post, route: "/console/sign-in", path: "/console/sign-in", form: "actor=nobody&password=wrong", right: nil, isPublic: true),
            Row(method: .get, route: "/console/password/{token}", path: "/console/password/\(link)", right: nil, isPublic: true),
            Row(method: .post, route: "/console/password/{token}", path: "/console/password/pl_none_none", form: "password=a&confirm=b", right: nil, isPublic: true),
            Row(method: .get, route: "/console/second-factor", path: "/console/second-factor", right: nil, pending: true),
            Row(method: .post, route: "/console/second-factor", path: "/console/second-factor", form: "code=000000", right: nil, pending: true),
            Row(method: .get, route: "/console/requests", path: "/console/requests?state=all&kind=access&page=1", right: "lee"),
            Row(method: .get, route: "/console/requests/{number}", path: "/console/requests/\(number)", right: "lee"),
            Row(method: .get, route: "/console/requests/{number}/document", path: "/console/requests/\(number)/document", right: "lee"),
            Row(method: .post, route: "/console/requests/{number}/confirm-agent", path: "/console/requests/\(number)/confirm-agent", right: "lee"),
            Row(method: .post, route: "/console/requests/{number}/postpone", path: "/console/requests/\(number)/postpone",
                form: "note=the%20records%20are%20being%20moved", right: "lee"),
            Row(method: .post, route: "/console/requests/{number}/refuse", path: "/console/requests/\(number)/refuse",
                form: "ground=none-of-them", right: "lee"),
            Row(method: .post, route: "/console/requests/{number}/complete", path: "/console/requests/\(number)/complete", right: "lee"),
            Row(method: .get, route: "/console/people", path: "/console/people", right: nil),
            Row(method: .post, route: "/console/people/read", path: "/console/people/read", form: "lookup=email&value=minji%40example.kr&purpose=membership",
                right: "lee"),
            Row(method: .post, route: "/console/people/correct", path: "/console/people/correct", form: "id=m-1&purpose=membership&item=name&value=Park",
                right: "lee"),
            Row(method: .post, route: "/console/people/consent", path: "/console/people/consent",
                form: "id=m-1&purpose=membership&consent=marketing&action=given", right: "lee"),
            Row(method: .post, route: "/console/people/event", path: "/console/people/event", form: "id=m-1&purpose=membership&event=last_activity",
                right: "lee"),
            Row(method: .get, route: "/console/policy", path: "/console/policy", right: nil),
            Row(method: .get, route: "/console/provision", path: "/console/provision?month=2026-12"),
            Row(method: .post, route: "/console/provision/usage-notices", path: "/console/provision/usage-notices", form: "year=2025", right: "lee"),
            Row(method: .post, route: "/console/policy/check", path: "/console/policy/check", form: "policy=organisation%3A%20%7B%7D"),
            Row(method: .post, route: "/console/policy/publish", path: "/console/policy/publish", form: "policy=organisation%3A%20%7B%7D"),
            Row(method: .get, route: "/console/destruction", path: "/console/destruction"),
            Row(method: .post, route: "/console/destruction/{batch}/approve", path: "/console/destruction/D-2026-11-30/approve"),
            Row(method: .post, route: "/console/destruction/{batch}/reject", path: "/console/destruction/D-2026-11-30/reject",
                form: "reason=later"),
            Row(method: .get, route: "/console/destruction/ledger", path: "/console/destruction/ledger?month=2026-11&format=csv"),
            Row(method: .get, route: "/console/review", path: "/console/review?month=2026-11"),
            Row(method: .get, route: "/console/review/actors/{actor}", path: "/console/review/actors/lee?month=2026-11"),
            Row(method: .post, route: "/console/review/sign-off", path: "/console/review/sign-off", form: "month=2026-11&digest=00"),
            Row(method: .get, route: "/console/staff", path: "/console/staff"),
            Row(method: .post, route: "/console/staff", path: "/console/staff", form: "id=temp2&kind=staff"),
            Row(method: .get, route: "/console/staff/{id}", path: "/console/staff/temp"),
            Row(method: .post, route: "/console/staff/{id}/grant", path: "/console/staff/temp/grant", form: "role=marketer"),
            Row(method: .post, route: "/console/staff/{id}/revoke", path: "/console/staff/temp/revoke", form: "role=marketer"),
            Row(method: .post, route: "/console/staff/{id}/unlock", path: "/console/staff/temp/unlock"),
            Row(method: .post, route: "/console/staff/{id}/password-link", path: "/console/staff/temp/password-link"),
            Row(method: .post, route: "/console/staff/{id}/token", path: "/console/staff/temp/token"),
            Row(method: .post, route: "/console/staff/{id}/reset-second-factor", path: "/console/staff/temp/reset-second-factor"),
            Row(method: .post, route: "/console/staff/{id}/disable", path: "/console/staff/temp/disable"),
            Row(method: .post, route: "/console/sign-out", path: "/console/sign-out", right: nil),
        ]
    }

    @Test("every console route: no session, another role, a forged CSRF token, the right role")
    func everyRoute() async throws {
        try await withShop { shop in
            try await addMinji(shop)
            let filed = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"access","filer":"staff"}"#)
            let number = try #require((filed.body["request"] as? [String: Any])?["number"] as? String)
            try await shop.vault.addActor("officer", kind: .staff, by: "admin")
            for role in ["privacy_officer", "administrator"] { try await shop.vault.grant(role, to: "officer", by: "admin") }
            try await shop.vault.addActor("temp", kind: .staff, by: "admin")
            var sessions: [String: String] = [:]
            for actor in ["officer", "lee", "park"] {
                sessions[actor] = try await StaffSessions.start(shop.vault, actor, at: shop.clock.now)
            }
            let link = try await shop.vault.issuePasswordLink(for: "temp", by: "admin")
            // A session that waits for its second factor, for the page that asks for it.
            try await shop.vault.addActor("newcomer", kind: .staff, by: "admin")
            try await shop.vault.grant("customer_support", to: "newcomer", by: "admin")
            try await shop.vault.setPassword("correct horse battery", for: "newcomer", by: "admin")
            guard case .pending(let pending, enrolled: false) = try await shop.vault.startSession("newcomer", password: "correct horse battery",
                                                                                                  allowPending: true) else {
                Issue.record("no pending session")
                return
            }
            let rows = Self.rows(number: number, link: link)

            // Every route the console registers has its row, and every row a route.
            let router = Router(context: JikimRequestContext.self)
            let publication = try await PolicyPublication.load(from: shop.store, today: CivilDate(seoul: shop.clock.now), renderer: try PolicyRenderer())
            ConsoleController(vault: shop.vault, log: AccessLog(store: shop.store), renderer: try PolicyRenderer(), publication: publication,
                              publisher: PolicyPublisher(store: shop.store), language: { _ in .en })
                .addRoutes(to: router.group("console"))
            let registered = Set(router.routes.map { "\($0.method) \($0.path)" })
            let listed = Set(rows.map { "\($0.method) \($0.route)" })
            #expect(registered.subtracting(listed).isEmpty, "console routes without a row: \(registered.subtracting(listed).sorted())")
            #expect(listed.subtracting(registered).isEmpty, "rows for no console route: \(listed.subtracting(registered).sorted())")

            let csrf = "jikim_csrf=\(browserCSRF)"
            func send(_ row: Row, session: String?, token: String = browserCSRF) async throws -> (HTTPResponse.Status, String?) {
                var headers: HTTPFields = [.cookie: ([csrf] + (session.map { ["jikim_session=\($0)"] } ?? [])).joined(separator: "; ")]
                var body: ByteBuffer?
                if row.method == .post {
                    headers[.contentType] = "application/x-www-form-urlencoded"
                    body = ByteBuffer(string: (row.form.isEmpty ? "" : row.form + "&") + "csrf=\(token)")
                }
                return try await shop.client.execute(uri: row.path, method: row.method, headers: headers, body: body) {
                    ($0.status, $0.headers[.location])
                }
            }
            for row in rows {
                let name = "\(row.method) \(row.route)"
                if !row.isPublic {
                    let (status, location) = try await send(row, session: nil)
                    #expect(status == .seeOther && location?.hasPrefix("/console/sign-in") == true, "\(name) without a session: \(status)")
                }
                if let right = row.right {
                    let wrong = right == "lee" ? "officer" : "park"
                    let (status, _) = try await send(row, session: sessions[wrong])
                    #expect(status == .forbidden, "\(name) by \(wrong), whose roles lack the duty: \(status)")
                }
                if row.method == .post {
                    let (status, _) = try await send(row, session: row.pending ? pending : row.isPublic ? nil : sessions[row.right ?? "officer"],
                                                     token: String(repeating: "U", count: 43))
                    #expect(status == .forbidden, "\(name) with a forged CSRF token: \(status)")
                }
                let (status, _) = try await send(row, session: row.pending ? pending : row.isPublic ? nil : sessions[row.right ?? "officer"])
                // A form's own answer (a wrong password or code is 401) is past the door too.
                #expect((row.isPublic || row.pending || ![.unauthorized, .forbidden].contains(status)) && status.code < 500,
                        "\(name) by the right role: \(status)")
            }
            // The forged and refused steps changed nothing; the right ones did.
            let history = try await shop.vault.roleHistory(of: "temp").map(\.action)
            #expect(history.filter { $0 == "granted" }.count == 1 && history.filter { $0 == "disabled" }.count == 1)
        }
    }
}
