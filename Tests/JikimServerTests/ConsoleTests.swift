import Foundation
import HTTPTypes
import HummingbirdTesting
import JikimCore
import JikimCrypto
import JikimStore
import JikimTestSupport
@testable import JikimServer
import JikimVault
import NIOCore
import SQLKit
import Testing

/// The console's first pages: sign-in, the dashboard, sign-out — and their doors (no session, another role, a
/// forged or missing CSRF token).
@Suite("Console")
struct ConsoleTests {
    private func send(_ shop: Shop, _ path: String, method: HTTPRequest.Method = .get, cookies: [String] = [], form: String? = nil,
                      extra: HTTPFields = [:]) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, html: String) {
        var headers = extra
        if !cookies.isEmpty { headers[.cookie] = cookies.joined(separator: "; ") }
        if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        return try await shop.client.execute(uri: path, method: method, headers: headers, body: form.map { ByteBuffer(string: $0) }) {
            ($0.status, $0.headers, String(buffer: $0.body))
        }
    }

    @Test("staff sign in with their password, see the open requests by deadline, and sign out; every step is recorded")
    func signInDashboardSignOut() async throws {
        try await withShop { shop in
            try await addMinji(shop)
            try await shop.vault.setPassword("correct horse battery", for: "lee", by: "admin")
            let filed = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"access","filer":"staff"}"#)
            let number = try #require((filed.body["request"] as? [String: Any])?["number"] as? String)

            let anonymous = try await send(shop, "/console")
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/console/sign-in")
            let page = try await send(shop, "/console/sign-in?lang=en")
            let csrfCookie = try #require(page.headers[.setCookie])
            #expect(csrfCookie.contains("Path=/console") && csrfCookie.contains("HttpOnly") && csrfCookie.contains("SameSite=Strict"))
            let csrf = try #require(csrfCookie.split(separator: ";").first.map(String.init))
            let token = try #require(csrf.split(separator: "=").last.map(String.init))
            #expect(page.html.contains("name=\"csrf\" value=\"\(token)\""))

            let wrong = try await send(shop, "/console/sign-in?lang=en", method: .post, cookies: [csrf], form: "actor=lee&password=wrong&csrf=\(token)")
            #expect(wrong.status == .unauthorized && wrong.html.contains("locked for a while"))
            let forged = try await send(shop, "/console/sign-in", method: .post, cookies: [csrf],
                                        form: "actor=lee&password=correct%20horse%20battery&csrf=\(String(repeating: "U", count: 43))")
            #expect(forged.status == .forbidden && forged.headers[.setCookie]?.hasPrefix("jikim_session") != true)

            let signedIn = try await send(shop, "/console/sign-in?lang=en", method: .post, cookies: [csrf],
                                          form: "actor=lee&password=correct%20horse%20battery&csrf=\(token)")
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/console/second-factor?lang=en",
                    "customer support reads people's information: a second factor by default")
            let sessionCookie = try #require(signedIn.headers[.setCookie])
            #expect(sessionCookie.hasPrefix("jikim_session=js_") && sessionCookie.contains("HttpOnly") && sessionCookie.contains("SameSite=Strict")
                    && sessionCookie.contains("Path=/console"))
            let session = try #require(sessionCookie.split(separator: ";").first.map(String.init))
            try await passSecondFactor(shop, [csrf, session])

            let dashboard = try await send(shop, "/console?lang=en", cookies: [csrf, session])
            #expect(dashboard.status == .ok && dashboard.html.contains(number) && dashboard.html.contains("2026-12-11"))
            #expect(dashboard.html.contains("Signed in as <strong>lee</strong> · session ends 2026-12-01 18:00 KST"), "8 hours on")

            let noToken = try await send(shop, "/console/sign-out", method: .post, cookies: [csrf, session], form: "")
            #expect(noToken.status == .forbidden)
            let out = try await send(shop, "/console/sign-out", method: .post, cookies: [csrf, session], form: "csrf=\(token)")
            #expect(out.status == .seeOther && out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await send(shop, "/console", cookies: [csrf, session]).status == .seeOther, "the session has ended")

            let history = try await shop.vault.roleHistory(of: "lee").map(\.action)
            #expect(history.contains("sign-in failed") && history.contains { $0.hasPrefix("signed in: session") }
                    && history.contains { $0.hasPrefix("signed out: session") })
        }
    }

    @Test("a role that does not handle requests sees none of them; a cross-site sign-in is refused before the password is checked")
    func otherRolesAndOtherSites() async throws {
        try await withShop { shop in
            try await addMinji(shop)
            _ = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"access","filer":"staff"}"#)
            try await shop.vault.setPassword("correct horse battery", for: "park", by: "admin")
            let csrf = "jikim_csrf=\(browserCSRF)"
            let crossSite = try await send(shop, "/console/sign-in", method: .post, cookies: [csrf],
                                           form: "actor=park&password=correct%20horse%20battery&csrf=\(browserCSRF)",
                                           extra: [.secFetchSite: "cross-site"])
            #expect(crossSite.status == .forbidden)
            #expect(try await shop.vault.roleHistory(of: "park").allSatisfy { !$0.action.hasPrefix("sign") }, "no attempt was counted")
            let signedIn = try await send(shop, "/console/sign-in", method: .post, cookies: [csrf],
                                          form: "actor=park&password=correct%20horse%20battery&csrf=\(browserCSRF)")
            let session = try #require(signedIn.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            try await passSecondFactor(shop, [csrf, session])
            let dashboard = try await send(shop, "/console?lang=en", cookies: [csrf, session])
            #expect(dashboard.status == .ok && dashboard.html.contains("Your roles do not handle people")
                    && !dashboard.html.contains("RQ-"))
            // A service token is no console session, even in the cookie.
            #expect(try await send(shop, "/console", cookies: ["jikim_session=\(shop.token)"]).status == .seeOther)
        }
    }

    /// Signs `actor` in (with their second factor, enrolled on the way); the cookies to send with the console's pages.
    private func signIn(_ shop: Shop, _ actor: String) async throws -> [String] {
        ["jikim_csrf=\(browserCSRF)", "jikim_session=" + (try await StaffSessions.start(shop.vault, actor, at: shop.clock.now))]
    }

    /// Enrols an authenticator on the second-factor page of a pending session, as a person would with the key it
    /// shows, and gives its first code; the session then opens the console.
    private func passSecondFactor(_ shop: Shop, _ cookies: [String]) async throws {
        let csrf = cookies.first { $0.hasPrefix("jikim_csrf=") }.map { String($0.dropFirst("jikim_csrf=".count)) } ?? browserCSRF
        let page = try await send(shop, "/console/second-factor?lang=en", cookies: cookies)
        #expect(page.status == .ok && page.html.contains("Setup key") && page.headers[.cacheControl] == "no-store")
        let shown = try #require(page.html.firstMatch(of: /<code id="totp-secret">([A-Z2-7 ]+)<\/code>/)).1
        let uri = try #require(page.html.firstMatch(of: /<code id="totp-uri">([^<]+)<\/code>/)).1
        let secret = try #require(TOTP.data(base32: String(shown)))
        #expect(uri.hasPrefix("otpauth://totp/") && uri.contains("secret=\(TOTP.base32(secret))"))
        #expect(try await send(shop, "/console", cookies: cookies).status == .seeOther, "a pending session opens nothing")
        let wrong = try await send(shop, "/console/second-factor?lang=en", method: .post, cookies: cookies, form: "csrf=\(csrf)&code=000000")
        #expect(wrong.status == .unauthorized && wrong.html.contains("The code is wrong"))
        let code = TOTP.code(secret: secret, counter: TOTP.counter(at: shop.clock.now))
        let passed = try await send(shop, "/console/second-factor?lang=en", method: .post, cookies: cookies, form: "csrf=\(csrf)&code=\(code)")
        #expect(passed.status == .seeOther && passed.headers[.location] == "/console?lang=en")
        let replayed = try await send(shop, "/console/second-factor", method: .post, cookies: cookies, form: "csrf=\(csrf)&code=\(code)")
        #expect(replayed.status == .seeOther && replayed.headers[.location] == "/console/sign-in", "the session is no longer pending")
    }

    @Test("staff open a request from the dashboard, answer it, and the person reads the answer; another is refused on a ground for its kind")
    func answerAndRefuse() async throws {
        try await withShop { shop in
            try await addMinji(shop)
            let access = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"access","filer":"staff"}"#)
            let number = try #require((access.body["request"] as? [String: Any])?["number"] as? String)
            let followToken = try #require(access.body["followToken"] as? String)
            let deletion = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"deletion","filer":"staff"}"#)
            let other = try #require((deletion.body["request"] as? [String: Any])?["number"] as? String)
            let lee = try await signIn(shop, "lee")

            let dashboard = try await send(shop, "/console?lang=en", cookies: lee)
            #expect(dashboard.html.contains("href=\"/console/requests/\(number)?lang=en\""))
            let page = try await send(shop, "/console/requests/\(number)?lang=en", cookies: lee)
            #expect(page.status == .ok && page.html.contains("Carry it out and answer") && page.html.contains("PIPA Art. 35(4)2"))
            #expect(!page.html.contains("PIPA Art. 36(1)"), "only the grounds the law gives for an access")

            let forged = try await send(shop, "/console/requests/\(number)/complete", method: .post, cookies: lee, form: "csrf=\(String(repeating: "U", count: 43))")
            #expect(forged.status == .forbidden)
            let done = try await send(shop, "/console/requests/\(number)/complete?lang=en", method: .post, cookies: lee, form: "csrf=\(browserCSRF)")
            #expect(done.status == .seeOther && done.headers[.location] == "/console/requests/\(number)?done=1&lang=en")
            let after = try await send(shop, "/console/requests/\(number)?done=1&lang=en", cookies: lee)
            #expect(after.html.contains("Done.") && after.html.contains("This request is closed."))
            #expect(after.html.contains("The answer as the person sees it") && after.html.contains("minji@example.kr"))
            let answerReads = try await shop.store.sql.raw("SELECT COUNT(*) AS n FROM access_records WHERE actor = 'lee' AND reason LIKE 'the answer to request %'")
                .first()?.decode(column: "n", as: Int.self)
            #expect(answerReads == 1, "staff opening the answer is an access record")
            let status = try await form(shop, "/requests/status?lang=en", [("token", followToken)])
            #expect(status.status == .ok && status.html.contains("minji@example.kr"), "the person reads what is held")

            let noGround = try await send(shop, "/console/requests/\(other)/refuse", method: .post, cookies: lee, form: "csrf=\(browserCSRF)&ground=art35-4-2")
            #expect(noGround.status == .conflict, "an access ground does not refuse a deletion")
            let refused = try await send(shop, "/console/requests/\(other)/refuse", method: .post, cookies: lee,
                                         form: "csrf=\(browserCSRF)&ground=art36-1&note=kept%20under%20the%20tax%20law")
            #expect(refused.status == .seeOther)
            let list = try await get(shop, "/v1/requests?filter=all")
            let states = (list.body["requests"] as? [[String: Any]] ?? []).reduce(into: [String: String]()) {
                $0[$1["number"] as? String ?? ""] = $1["state"] as? String
            }
            #expect(states[number] == "completed" && states[other] == "refused", "\(states)")

            // Doors: no session, a role that does not handle requests.
            #expect(try await send(shop, "/console/requests/\(number)").status == .seeOther)
            let park = try await signIn(shop, "park")
            #expect(try await send(shop, "/console/requests/\(number)", cookies: park).status == .forbidden)
            #expect(try await send(shop, "/console/requests/\(other)/complete", method: .post, cookies: park, form: "csrf=\(browserCSRF)").status == .forbidden)
        }
    }

    @Test("staff answer a request in part: the part chosen is left out on its ground, the rest carried out, and the answer says which and why")
    func answerInPart() async throws {
        try await withShop { shop in
            try await addMinji(shop, consents: ["delivery", "marketing"])
            let filed = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"withdrawal","filer":"staff","consents":["delivery","marketing"]}"#)
            let number = try #require((filed.body["request"] as? [String: Any])?["number"] as? String)
            let lee = try await signIn(shop, "lee")
            let page = try await send(shop, "/console/requests/\(number)?lang=en", cookies: lee)
            #expect(page.html.contains("<legend>Answer in part</legend>") && page.html.contains("name=\"withheld\" value=\"delivery\"")
                    && page.html.contains("value=\"art37-2-4\""))
            let partialGrounds = page.html.components(separatedBy: "id=\"partial-ground\"").last?.components(separatedBy: "</select>").first ?? ""
            #expect(partialGrounds.contains("art37-2-4") && !partialGrounds.contains("decree46"), "identity is all or nothing")
            let noGround = try await send(shop, "/console/requests/\(number)/complete?lang=en", method: .post, cookies: lee,
                                          form: "csrf=\(browserCSRF)&withheld=delivery")
            #expect(noGround.status == .badRequest && noGround.html.contains("Choose the part left out and the ground."))
            let all = try await send(shop, "/console/requests/\(number)/complete?lang=en", method: .post, cookies: lee,
                                     form: "csrf=\(browserCSRF)&withheld=delivery&withheld=marketing&ground=art37-2-4")
            #expect(all.status == .unprocessableContent && all.html.contains("refuse it instead"))
            let done = try await send(shop, "/console/requests/\(number)/complete?lang=en", method: .post, cookies: lee,
                                      form: "csrf=\(browserCSRF)&withheld=delivery&ground=art37-2-4&note=order%202026-118%20is%20on%20its%20way")
            #expect(done.status == .seeOther)
            let after = try await send(shop, "/console/requests/\(number)?done=1&lang=en", cookies: lee)
            #expect(after.html.contains("The part not carried out, and why") && after.html.contains("This part of the request was not carried out: Consent to provision to the courier")
                    && after.html.contains("PIPA Art. 37(2)4") && after.html.contains("order 2026-118 is on its way"), "\(after.html)")
            let detail = try await get(shop, "/v1/requests/\(number)")
            #expect((detail.body["answer"] as? [String: Any])?["withdrawn"] as? [String] == ["marketing"])
        }
    }

    @Test("a first administrator sets their password by a one-time link, adds staff, grants a role and sees it in the history")
    func passwordLinksAndStaff() async throws {
        try await withShop { shop in
            try await shop.vault.addActor("officer", kind: .staff, by: "first run")
            try await shop.vault.grant("administrator", to: "officer", by: "first run")
            let link = try await shop.vault.issuePasswordLink(for: "officer", by: "first run")
            let csrf = "jikim_csrf=\(browserCSRF)"
            let page = try await send(shop, "/console/password/\(link)?lang=en", cookies: [csrf])
            #expect(page.status == .ok && page.html.contains("<strong>officer</strong>"))
            let mismatch = try await send(shop, "/console/password/\(link)?lang=en", method: .post, cookies: [csrf],
                                          form: "csrf=\(browserCSRF)&password=correct%20horse%20battery&confirm=correct%20horse%20batterz")
            #expect(mismatch.status == .badRequest && mismatch.html.contains("The two passwords differ."))
            let weak = try await send(shop, "/console/password/\(link)?lang=en", method: .post, cookies: [csrf],
                                      form: "csrf=\(browserCSRF)&password=short&confirm=short")
            #expect(weak.status == .badRequest, "a weak password leaves the link usable")
            let set = try await send(shop, "/console/password/\(link)?lang=en", method: .post, cookies: [csrf],
                                     form: "csrf=\(browserCSRF)&password=correct%20horse%20battery&confirm=correct%20horse%20battery")
            #expect(set.status == .seeOther && set.headers[.location] == "/console/second-factor?lang=en", "an administrator takes a second factor")
            let session = try #require(set.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let officer = [csrf, session]
            try await passSecondFactor(shop, officer)
            let again = try await send(shop, "/console/password/\(link)?lang=en", method: .post, cookies: [csrf],
                                       form: "csrf=\(browserCSRF)&password=another%20horse%20battery&confirm=another%20horse%20battery")
            #expect(again.status == .gone, "a link works once")
            #expect(try await send(shop, "/console/password/\(link)", cookies: [csrf]).status == .notFound)

            let added = try await send(shop, "/console/staff?lang=en", method: .post, cookies: officer, form: "csrf=\(browserCSRF)&id=choi&kind=staff")
            #expect(added.status == .seeOther && added.headers[.location] == "/console/staff/choi?lang=en")
            let badID = try await send(shop, "/console/staff?lang=en", method: .post, cookies: officer, form: "csrf=\(browserCSRF)&id=Choi%20Min&kind=staff")
            #expect(badID.status == .badRequest && badID.html.contains("An ID starts with a lowercase letter"))
            let granted = try await send(shop, "/console/staff/choi/grant?lang=en", method: .post, cookies: officer,
                                         form: "csrf=\(browserCSRF)&role=customer_support")
            #expect(granted.status == .seeOther)
            let member = try await send(shop, "/console/staff/choi?lang=en", cookies: officer)
            #expect(member.html.contains("action=\"/console/staff/choi/revoke?lang=en\""), "the member's revoke, not the role's")
            #expect(member.html.contains("Customer support (customer_support)") && member.html.contains("<td>Customer support</td><td>granted</td><td>officer</td>"))
            let issued = try await send(shop, "/console/staff/choi/password-link?lang=en", method: .post, cookies: officer, form: "csrf=\(browserCSRF)")
            let shown = try #require(issued.html.firstMatch(of: /<code id="shown">([^<]+)<\/code>/)).1
            #expect(issued.headers[.cacheControl] == "no-store" && shown.hasPrefix("http://") && shown.contains("/console/password/pl_"))
            let list = try await send(shop, "/console/staff?lang=en", cookies: officer)
            #expect(list.html.contains("href=\"/console/staff/choi?lang=en\"") && list.html.contains("<td>Customer support</td>"))

            // An administrator who does not handle requests is refused their pages, and the refusal is recorded.
            #expect(try await send(shop, "/console/requests", cookies: officer).status == .forbidden)
            let korean = try await send(shop, "/console/staff/choi", cookies: officer)
            #expect(korean.html.contains("<td>고객지원 담당자</td><td>역할 부여</td><td>officer</td>") && korean.html.contains("비밀번호 설정 링크 발급 ("))
            let disabled = try await send(shop, "/console/staff/choi/disable", method: .post, cookies: officer, form: "csrf=\(browserCSRF)")
            #expect(disabled.status == .seeOther)
            #expect(try await shop.vault.roleHistory(of: "choi").map(\.action) == ["created", "granted", "password link issued: " + String(shown.split(separator: "_")[1]), "disabled"])
        }
    }

    @Test("a session unused for longer than the idle limit ends, and says so in the history")
    func idleSessions() async throws {
        try await withShop { shop in
            let lee = try await signIn(shop, "lee")
            #expect(try await send(shop, "/console", cookies: lee).status == .ok)
            shop.clock.advance(Vault.sessionIdleLimit - 60)
            #expect(try await send(shop, "/console", cookies: lee).status == .ok, "a page keeps the session alive")
            shop.clock.advance(Vault.sessionIdleLimit - 60)
            #expect(try await send(shop, "/console", cookies: lee).status == .ok)
            shop.clock.advance(Vault.sessionIdleLimit + 1)
            let ended = try await send(shop, "/console", cookies: lee)
            #expect(ended.status == .seeOther && ended.headers[.location] == "/console/sign-in")
            #expect(try await shop.vault.roleHistory(of: "lee").map(\.action).contains { $0.hasSuffix("ended: idle for 30 min") })
        }
    }

    @Test("the officer approves a destruction batch, finds its line in the ledger, and signs off last month's review")
    func destructionAndReview() async throws {
        try await withShop { shop in
            try await addMinji(shop)
            try await shop.vault.addActor("officer", kind: .staff, by: "admin")
            try await shop.vault.grant("privacy_officer", to: "officer", by: "admin")
            let withdrawn = try await call(shop, "/v1/subjects/events", #"{"id":"m-1","purpose":"membership","event":"membership_withdrawal"}"#)
            #expect(withdrawn.status == .noContent)
            shop.clock.advance(86_400)
            let proposed = try await shop.vault.sweep()
            #expect(proposed.proposed >= 1, "destruction waits for the officer (destruction.approval: officer)")
            let officer = try await signIn(shop, "officer")
            let dashboard = try await send(shop, "/console?lang=en", cookies: officer)
            #expect(dashboard.html.contains("Destruction batches awaiting approval: <strong>1</strong>"))
            #expect(dashboard.html.contains(">2026-11</a>: <strong>not signed off</strong>"))
            #expect(dashboard.html.contains("Policy in force</th><td><a href=\"/privacy/versions/2026-09-01?lang=en\">2026-09-01</a> (2026-09-01)"))
            #expect(dashboard.html.contains("Current key version</th><td>1</td>") && dashboard.html.contains("none noted yet"))
            let page = try await send(shop, "/console/destruction?lang=en", cookies: officer)
            #expect(page.html.contains("Batch D-2026-12-02 — awaiting approval") && page.html.contains("<td>Member information</td>"))
            #expect(!page.html.contains("minji") && !page.html.contains("박민지"), "counts, never a person")
            let approved = try await send(shop, "/console/destruction/D-2026-12-02/approve?lang=en", method: .post, cookies: officer,
                                          form: "csrf=\(browserCSRF)")
            #expect(approved.status == .seeOther)
            let twice = try await send(shop, "/console/destruction/D-2026-12-02/approve?lang=en", method: .post, cookies: officer,
                                       form: "csrf=\(browserCSRF)")
            #expect(twice.status.code == 409 || twice.status.code == 400 || twice.status.code == 422, "\(twice.status)")
            #expect(try await shop.vault.sweep().destroyed >= 1)
            let ledger = try await send(shop, "/console/destruction/ledger?month=2026-12&lang=en", cookies: officer)
            #expect(ledger.html.contains("<td>officer</td>") && ledger.html.contains("Member information"))
            let csv = try await send(shop, "/console/destruction/ledger?month=2026-12&format=csv", cookies: officer)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8" && csv.html.hasPrefix("subject,class,items"))

            let review = try await send(shop, "/console/review?month=2026-11&lang=en", cookies: officer)
            let digest = try #require(review.html.firstMatch(of: /name="digest" value="([0-9a-f]{64})"/)).1
            let stale = try await send(shop, "/console/review/sign-off?lang=en", method: .post, cookies: officer,
                                       form: "csrf=\(browserCSRF)&month=2026-11&digest=\(String(repeating: "0", count: 64))")
            #expect(stale.status == .badRequest && stale.html.contains("The review has changed"))
            let signed = try await send(shop, "/console/review/sign-off?lang=en", method: .post, cookies: officer,
                                        form: "csrf=\(browserCSRF)&month=2026-11&digest=\(digest)&note=read")
            #expect(signed.status == .seeOther)
            let after = try await send(shop, "/console/review?month=2026-11&lang=en", cookies: officer)
            #expect(after.html.contains("Signed off by <strong>officer</strong>"))
            let later = try await send(shop, "/console?lang=en", cookies: officer)
            #expect(later.html.contains(">2026-11</a>: signed off"), "the dashboard's kept summary is dropped on a sign-off")
            let current = try await send(shop, "/console/review?month=2026-12&lang=en", cookies: officer)
            #expect(current.html.contains("The month can be signed off once it is over.") && !current.html.contains("sign-off-button"))

            // Drill-down: one actor's month, record by record, under pseudonyms.
            #expect(current.html.contains("href=\"/console/review/actors/kim?month=2026-12&amp;lang=en\""))
            let kim = try await send(shop, "/console/review/actors/kim?month=2026-12&lang=en", cookies: officer)
            #expect(kim.status == .ok && kim.html.contains("Access review in detail: kim (2026-12)") && kim.html.contains("<th scope=\"row\">Accesses</th><td>"))
            #expect(kim.html.contains("Signed in as <strong>officer</strong>"), "the chrome still names who is signed in")
            let shown = kim.html.matches(of: /<tr><td>\d+<\/td><td>2026-12-/).count
            #expect(shown >= 2 && kim.html.contains("Access records (\(shown))"), "\(shown) records shown")
            #expect(!kim.html.contains("minji@example.kr") && !kim.html.contains("박민지"), "pseudonyms, never a person")
            let nobody = try await send(shop, "/console/review/actors/nobody?month=2026-12&lang=en", cookies: officer)
            #expect(nobody.html.contains("No access records of this actor in this month.") && nobody.html.contains("Access records (0)"))
            #expect(try await send(shop, "/console/review/actors/kim?month=2026-13&lang=en", cookies: officer).status == .badRequest)
        }
    }

    @Test("staff find a person by an identity item, read what the purpose they choose allows, and correct them; a purpose their roles do not grant is refused")
    func people() async throws {
        try await withShop { shop in
            try await addMinji(shop)
            let lee = try await signIn(shop, "lee")
            let page = try await send(shop, "/console/people?lang=en", cookies: lee)
            #expect(page.status == .ok && page.html.contains("<option value=\"membership\">") && !page.html.contains("<option value=\"advertising\">"))
            let read = try await send(shop, "/console/people/read?lang=en", method: .post, cookies: lee,
                                      form: "csrf=\(browserCSRF)&lookup=email&value=minji%40example.kr&purpose=membership")
            #expect(read.status == .ok && read.html.contains("박민지") && read.headers[.cacheControl] == "no-store", "\(read.status) \(read.html.firstMatch(of: /role="alert"[^\n]*/).map { String($0.0) } ?? "")")
            #expect(read.html.contains("Changes can be made when the person is found by their member ID."))
            #expect(!read.html.contains("2026-11-20 39,000원"), "an item of another purpose is not shown")
            let refused = try await send(shop, "/console/people/read?lang=en", method: .post, cookies: lee,
                                         form: "csrf=\(browserCSRF)&lookup=id&value=m-1&purpose=advertising")
            #expect(refused.status == .forbidden && refused.html.contains("grants purpose &#39;advertising&#39;") && !refused.html.contains("박민지"))
            let korean = try await send(shop, "/console/people/read", method: .post, cookies: lee,
                                        form: "csrf=\(browserCSRF)&lookup=id&value=m-1&purpose=advertising")
            #expect(korean.html.contains("거부: 이 계정의 역할은 &#39;이벤트 및 광고성 정보 제공&#39; 목적의 처리를 허용하지 않습니다 (role-does-not-grant)"))
            let byID = try await send(shop, "/console/people/read?lang=en", method: .post, cookies: lee,
                                      form: "csrf=\(browserCSRF)&lookup=id&value=m-1&purpose=membership")
            #expect(byID.html.contains("id=\"correct-value\""))
            let corrected = try await send(shop, "/console/people/correct?lang=en", method: .post, cookies: lee,
                                           form: "csrf=\(browserCSRF)&id=m-1&purpose=membership&item=name&value=%EB%B0%95%EB%AF%BC%EC%A3%BC")
            #expect(corrected.status == .seeOther && corrected.headers[.location] == "/console/people?done=1&lang=en")
            let again = try await send(shop, "/console/people/read?lang=en", method: .post, cookies: lee,
                                       form: "csrf=\(browserCSRF)&lookup=id&value=m-1&purpose=membership")
            #expect(again.html.contains("박민주"))
            let reads = try await shop.store.sql.raw("SELECT COUNT(*) AS n FROM access_records WHERE actor = 'lee' AND operation = 'read'")
                .first()?.decode(column: "n", as: Int.self)
            #expect(reads == 5, "every view is an access record, the refused ones too")
            let provided = try await call(shop, "/v1/subjects/provide", #"{"id":"m-1","purpose":"orders","recipient":"courier","items":["name","mobile"]}"#)
            #expect(provided.status == .ok)
            let ledger = try await send(shop, "/console/provision?month=2026-12&lang=en", cookies: lee)
            #expect(ledger.html.contains("<td>Demo Courier Co.</td><td>1</td>") && !ledger.html.contains("박민주"))
            let sent = try await send(shop, "/console/provision/usage-notices?lang=en", method: .post, cookies: lee, form: "csrf=\(browserCSRF)&year=2026")
            #expect(sent.status == .seeOther && sent.headers[.location] == "/console/provision?sent=1&year=2026&lang=en")
            let resent = try await send(shop, "/console/provision/usage-notices?lang=en", method: .post, cookies: lee, form: "csrf=\(browserCSRF)&year=2026")
            #expect(resent.headers[.location] == "/console/provision?sent=0&year=2026&lang=en", "a year's notice goes once")
        }
    }

    @Test("an administrator checks a new policy file (its problems with line and article, or what changes and needs fresh consent), publishes it, and it comes into force on its effective date")
    func policyCheck() async throws {
        try await withShop { shop in
            try await shop.vault.addActor("officer", kind: .staff, by: "admin")
            try await shop.vault.grant("administrator", to: "officer", by: "admin")
            let officer = try await signIn(shop, "officer")
            let page = try await send(shop, "/console/policy?lang=en", cookies: officer)
            #expect(page.html.contains("<strong>in force</strong>") && page.html.contains("href=\"/privacy/versions/2025-01-01?lang=en\""))
            let demo = try String(contentsOfFile: try #require(ServerConfiguration.demoPolicyFile), encoding: .utf8)
            let changed = demo.replacingOccurrences(of: "    items: [email, mobile]\n    basis: {consent: marketing}", with: "    items: [email, mobile, address]\n    basis: {consent: marketing}")
            #expect(changed != demo)
            let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }
            let checked = try await send(shop, "/console/policy/check?lang=en", method: .post, cookies: officer,
                                         form: "csrf=\(browserCSRF)&policy=\(encode(changed))")
            #expect(checked.html.contains("<strong>invalid</strong>") && checked.html.contains("[version-published]"),
                    "a changed file under a published version id")
            // The same change as a version of its own, announced today and in force from 2027-01-01.
            let renamed = changed.replacingOccurrences(of: "  id: \"2026-09-01\"\n  announced: 2026-08-25\n  effective: 2026-09-01",
                                                       with: "  id: \"2027-01-01\"\n  announced: 2026-12-01\n  effective: 2027-01-01")
            #expect(renamed != changed)
            let next = try await send(shop, "/console/policy/check?lang=en", method: .post, cookies: officer,
                                      form: "csrf=\(browserCSRF)&policy=\(encode(renamed))")
            #expect(next.status == .ok && next.html.contains("<strong>valid</strong> — Version 2027-01-01"))
            #expect(next.html.contains("<strong>(fresh consent needed)</strong>") && next.html.contains("Publish this version: 2027-01-01 (In force from 2027-01-01)"))
            let lee = try await signIn(shop, "lee")
            #expect(try await send(shop, "/console/policy/publish", method: .post, cookies: lee, form: "csrf=\(browserCSRF)&policy=\(encode(renamed))").status == .forbidden)

            // Published: announced at once, in force from its effective date.
            let published = try await send(shop, "/console/policy/publish?lang=en", method: .post, cookies: officer,
                                           form: "csrf=\(browserCSRF)&policy=\(encode(renamed.replacingOccurrences(of: "\n", with: "\r\n")))")
            #expect(published.status == .seeOther && published.headers[.location] == "/console/policy?published=2027-01-01&lang=en")
            let after = try await send(shop, "/console/policy?published=2027-01-01&lang=en", cookies: officer)
            #expect(after.html.contains("Version 2027-01-01 is published") && after.html.contains("<strong>coming</strong>"))
            let stored = try await PublishedPolicies(store: shop.store).all()
            #expect(stored.first?.id == "2027-01-01" && stored.first?.publishedBy == "officer" && stored.first?.source == renamed,
                    "kept as written, with LF line ends")
            let versions = try await send(shop, "/privacy/versions?lang=en", cookies: [])
            #expect(versions.html.contains("2027-01-01</a> [coming]") && versions.html.contains("2026-09-01</a> [current]"))
            #expect(try await send(shop, "/privacy?lang=en", cookies: []).html.contains("The coming version (in force from"))
            #expect(shop.editions.current?.vault?.policy.version.id == "2026-09-01")
            let again = try await send(shop, "/console/policy/publish?lang=en", method: .post, cookies: officer,
                                       form: "csrf=\(browserCSRF)&policy=\(encode(renamed))")
            #expect(again.status == .unprocessableContent && again.html.contains("[version-published]"))

            // Midnight in Korea on its effective date: the next look at the store brings it into force.
            #expect(try await shop.editions.refresh() == false)
            shop.clock.set(seoul("2027-01-01", 0, 1))
            #expect(try await shop.editions.refresh() == true)
            #expect(shop.editions.current?.vault?.policy.version.id == "2027-01-01")
            let now = try await send(shop, "/privacy/versions?lang=en", cookies: [])
            #expect(now.html.contains("2027-01-01</a> [current]") && !now.html.contains("[coming]"))
            let signedInAgain = try await signIn(shop, "officer")
            #expect(try await send(shop, "/console?lang=en", cookies: signedInAgain).html.contains("Policy in force</th><td><a href=\"/privacy/versions/2027-01-01?lang=en\">"))
            let broken = demo.replacingOccurrences(of: "    basis: {consent: marketing}\n    marketing: true", with: "    marketing: true")
            let invalid = try await send(shop, "/console/policy/check?lang=en", method: .post, cookies: signedInAgain,
                                         form: "csrf=\(browserCSRF)&policy=\(encode(broken))")
            #expect(invalid.html.contains("<strong>invalid</strong>") && invalid.html.contains("<code>policy.yaml:94:"))
            let leeAgain = try await signIn(shop, "lee")
            #expect(try await send(shop, "/console/policy/check", method: .post, cookies: leeAgain, form: "csrf=\(browserCSRF)&policy=x").status == .forbidden)
        }
    }
}
