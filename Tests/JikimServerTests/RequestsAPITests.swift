import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JikimAccessLog
@testable import JikimServer
import JikimCore
import JikimCrypto
import JikimPolicyFile
import JikimStore
import JikimTestSupport
import JikimVault
import NIOCore
import Testing

/// Jikim running the demo shop's policy on an injected clock: `kim` is a service of the shop and `lee` customer
/// support, whose role answers people's requests; `vault` reads the outbox as the notifier would.
struct Shop {
    var client: any TestClientProtocol
    var token: String
    var clock: ManualClock
    var vault: Vault
    var store: Store
    /// The server's editions of the policy, to take up a version that has come into force as the clock moves.
    var editions: Editions
}

func withShop(at start: Date = seoul("2026-12-01", 10), _ body: @escaping @Sendable (Shop) async throws -> Void) async throws {
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-requests-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: data) }
    let policyFile = try #require(ServerConfiguration.demoPolicyFile)
    let keys = KeyRing.generate()
    let clock = ManualClock(start)
    var configuration = ServerConfiguration(port: 0, policyFile: policyFile, dataDirectory: data)
    configuration.keys = keys
    configuration.clock = clock.function
    try await withApplication(configuration, logger: quietLogger) { app in
        let store = try await Store.openSQLite(directory: data)
        let vault = Vault(policy: try PolicyArchive(currentFile: policyFile).current.policy, store: store, keys: keys, recorder: AccessLog(store: store), clock: clock.function)
        for actor in ["kim", "lee"] {
            try await vault.addActor(actor, kind: actor == "kim" ? .service : .staff, by: "admin")
            try await vault.grant("customer_support", to: actor, by: "admin")
        }
        try await vault.addActor("park", kind: .staff, by: "admin")
        try await vault.grant("marketer", to: "park", by: "admin")
        let token = try await vault.issueToken(for: "kim", by: "admin")
        do {
            try await app.test(.router) { client in try await body(Shop(client: client, token: token, clock: clock, vault: vault, store: store,
                                                                   editions: app.responder.editions)) }
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }
}

func get(_ shop: Shop, _ path: String) async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
    try await call(shop, path, method: .get)
}

func call(
    _ shop: Shop, _ path: String, _ json: String = "", method: HTTPRequest.Method = .post, token: String? = nil,
    headers extra: HTTPFields = [:]
) async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
    var headers: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(token ?? shop.token)"]
    headers.append(contentsOf: extra)
    return try await shop.client.execute(uri: path, method: method, headers: headers, body: ByteBuffer(string: json)) { response in
        (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:])
    }
}

/// Posts a form to the public pages as a browser would.
/// The form token a browser holds in its cookie and each form carries back (any well-formed one the browser got).
let browserCSRF = String(repeating: "T", count: 43)

func form(
    _ shop: Shop, _ path: String, _ fields: [(String, String)], headers extra: HTTPFields = [:]
) async throws -> (status: HTTPResponse.Status, html: String) {
    let body = (fields + [("csrf", browserCSRF)]).map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        .joined(separator: "&")
    var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: "jikim_csrf=\(browserCSRF)"]
    headers.append(contentsOf: extra)
    return try await shop.client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
        (response.status, String(buffer: response.body))
    }
}

/// Posts the request form as multipart/form-data, as a browser does when the form carries a file.
private func multipartForm(
    _ shop: Shop, _ path: String, _ fields: [(String, String)], file: (name: String, bytes: [UInt8])? = nil
) async throws -> (status: HTTPResponse.Status, html: String) {
    let boundary = "----jikim-test-\(UUID().uuidString)"
    var body = ByteBuffer()
    for (name, value) in fields + [("csrf", browserCSRF)] {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }
    if let file {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"scan.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
        body.writeBytes(file.bytes)
        body.writeString("\r\n")
    }
    body.writeString("--\(boundary)--\r\n")
    let headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: "jikim_csrf=\(browserCSRF)"]
    return try await shop.client.execute(uri: path, method: .post, headers: headers, body: body) { response in
        (response.status, String(buffer: response.body))
    }
}

func addMinji(_ shop: Shop, consents: [String] = ["delivery"]) async throws {
    let consentList = consents.map { "\"\($0)\"" }.joined(separator: ",")
    let created = try await call(shop, "/v1/subjects", #"{"id":"m-1","purpose":"membership","consents":[\#(consentList)],"items":{"email":"minji@example.kr","name":"박민지","mobile":"010-1234-5678","password":"correct horse battery"}}"#)
    let ordered = try await call(shop, "/v1/subjects/correct", #"{"id":"m-1","purpose":"orders","items":{"address":"서울시 중구 세종대로 110","payment_record":"2026-11-20 39,000원"}}"#)
    #expect(ordered.status == .noContent)
    #expect(created.status == .created)
}

/// The follow token on a page just filed.
private func followToken(in html: String) throws -> String {
    let match = try #require(html.firstMatch(of: /<code>(RQ-[0-9A-Z]{10}\.[0-9a-f]{48})<\/code>/))
    return String(match.1)
}

/// The newest one-time code the outbox holds for the person.
private func sentCode(_ shop: Shop) async throws -> String {
    let message = try #require(try await shop.vault.dueMessages().last { $0.kind == "one-time-code" })
    #expect(message.recipient == "minji@example.kr")
    return String(try #require(message.body.firstMatch(of: /코드는 (\d{6})/)).1)
}

private func requestNumber(_ body: [String: Any]) throws -> String {
    try #require((body["request"] as? [String: Any])?["number"] as? String)
}

private func answer(_ body: [String: Any]) -> [String: Any] { body["answer"] as? [String: Any] ?? [:] }

@Test("a person files an access request on the form, confirms it with the code sent to their e-mail, and reads what Art. 35 lists once staff answer")
func accessThroughTheForm() async throws {
    try await withShop { shop in
        try await addMinji(shop)
        #expect(try await call(shop, "/v1/subjects/provide", #"{"id":"m-1","purpose":"orders","recipient":"courier","items":["name","mobile","address"]}"#).status == .ok)

        let page = try await shop.client.execute(uri: "/requests?lang=ko", method: .get) { ($0.status, String(buffer: $0.body)) }
        #expect(page.0 == .ok && page.1.contains("개인정보 열람") && page.1.contains("name=\"contact\""))

        let filed = try await form(shop, "/requests?lang=ko", [("kind", "access"), ("contact_item", "email"), ("contact", "minji@EXAMPLE.kr")])
        #expect(filed.status == .created && filed.html.contains("본인 확인 중"))
        let token = try followToken(in: filed.html)
        // Someone unknown gets the same page: the form tells no one whom the shop holds.
        let stranger = try await form(shop, "/requests?lang=ko", [("kind", "access"), ("contact_item", "email"), ("contact", "nobody@example.kr")])
        #expect(stranger.status == .created && stranger.html.contains("본인 확인 중"))

        let wrong = try await form(shop, "/requests/verify?lang=en", [("token", token), ("code", "000000")])
        #expect(wrong.status == .forbidden && wrong.html.contains("does not match"))
        let verified = try await form(shop, "/requests/verify?lang=en", [("token", token), ("code", try await sentCode(shop))])
        #expect(verified.status == .ok && verified.html.contains("In progress"))

        let open = try await get(shop, "/v1/requests")
        let listed = try #require(open.body["requests"] as? [[String: Any]])
        #expect(listed.count == 2 && listed.allSatisfy { $0["deadline"] as? String == "2026-12-11" })
        let mine = try #require(listed.first { $0["state"] as? String == "in_progress" })
        let number = try #require(mine["number"] as? String)
        #expect(token.hasPrefix(number) && mine["filer"] as? String == "person" && mine["subject"] != nil)

        // Only a role that handles requests may answer: the marketer may not.
        let session = try await shop.vault.issueToken(for: "park", by: "admin")
        #expect(try await call(shop, "/v1/requests/\(number)/complete", token: session).status == .forbidden)
        let completed = try await call(shop, "/v1/requests/\(number)/complete")
        #expect(completed.status == .ok && (completed.body["request"] as? [String: Any])?["state"] as? String == "completed")
        let response = try #require((answer(completed.body)["access"] as? [String: Any])?["en"] as? [String: Any])
        let items = try #require(response["items"] as? [[String: Any]])
        #expect(items.contains { $0["id"] as? String == "email" && $0["value"] as? String == "minji@example.kr" })
        // The password is held one-way: listed, never shown.
        #expect(items.contains { $0["id"] as? String == "password" && $0["value"] == nil })
        let purposes = try #require(response["purposes"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        // Only what her information is processed for: not the purposes resting on consents she did not give.
        #expect(purposes == ["membership", "orders", "tax_records"])
        #expect((response["retention"] as? [[String: Any]])?.isEmpty == false)
        #expect((response["provisions"] as? [[String: Any]])?.first?["recipient"] as? String == "Demo Courier Co.")
        #expect((response["consents"] as? [[String: Any]])?.first?["action"] as? String == "given")

        let status = try await form(shop, "/requests/status?lang=ko", [("token", token)])
        #expect(status.status == .ok && !status.html.contains("nil") && status.html.contains("KST"))
        for expected in ["완료", "minji@example.kr", "데모택배 주식회사", "배송업체 제공 동의", "주문 처리 및 배송", "회원 정보"] {
            #expect(status.html.contains(expected), "the status page lacks \(expected)")
        }
        #expect(try await form(shop, "/requests/status", [("token", number + ".0000")]).status == .notFound)
    }
}

@Test("a correction filed by staff holds the item back from other use until it is made; the courier that had the old value is told")
func correctionHoldsAndNotifies() async throws {
    try await withShop { shop in
        try await addMinji(shop)
        _ = try await call(shop, "/v1/subjects/provide", #"{"id":"m-1","purpose":"orders","recipient":"courier","items":["name","address"]}"#)
        let filed = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"correction","filer":"staff","items":{"address":"서울시 종로구 종로 1"}}"#)
        #expect(filed.status == .created)
        let number = try requestNumber(filed.body)

        let read = try await call(shop, "/v1/subjects/read", #"{"id":"m-1","purpose":"orders","items":["address"]}"#)
        #expect(read.status == .forbidden && (read.body["error"] as? [String: Any])?["code"] as? String == "correction-pending")
        let provide = try await call(shop, "/v1/subjects/provide", #"{"id":"m-1","purpose":"orders","recipient":"courier","items":["address"]}"#)
        #expect(provide.status == .forbidden && (provide.body["error"] as? [String: Any])?["code"] as? String == "correction-pending")
        // Other items are used as before.
        #expect(try await call(shop, "/v1/subjects/read", #"{"id":"m-1","purpose":"orders","items":["name"]}"#).status == .ok)

        let completed = try await call(shop, "/v1/requests/\(number)/complete")
        #expect(completed.status == .ok && answer(completed.body)["recipientsNotified"] as? [String] == ["courier"])
        let after = try await call(shop, "/v1/subjects/read", #"{"id":"m-1","purpose":"orders","items":["address"]}"#)
        #expect((after.body["items"] as? [String: String])?["address"] == "서울시 종로구 종로 1")
        let notice = try #require(try await shop.vault.dueMessages().first { $0.kind == "correction-notice" })
        #expect(notice.recipient == "privacy@democourier.example.kr")
        #expect(notice.body.contains("서울시 중구 세종대로 110 → 서울시 종로구 종로 1") && notice.body.contains(number))
        // The person (and staff, on the console's request page) read whom the correction was told to.
        let status = try await form(shop, "/requests/status?lang=en", [("token", try #require(filed.body["followToken"] as? String))])
        #expect(status.html.contains("Recipients told of the correction: Demo Courier Co."))
    }
}

@Test("an agent's deletion request is recorded with the power of attorney; the answer says what a law still keeps, and for how long")
func agentDeletion() async throws {
    try await withShop { shop in
        try await addMinji(shop)
        let attorney = String(repeating: "ab", count: 32)
        let bad = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"deletion","filer":"agent","agent":{"relation":"attorney","documentSha256":"xyz","documentReference":"scan 2026-118"}}"#)
        #expect(bad.status == .badRequest, "a document's SHA-256 is 64 hexadecimal digits")
        let filed = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"deletion","filer":"agent","agent":{"relation":"attorney","documentSha256":"\#(attorney)","documentReference":"scan 2026-118"}}"#)
        #expect(filed.status == .created)
        let summary = try #require(filed.body["request"] as? [String: Any])
        #expect(summary["filer"] as? String == "agent" && summary["agentDocumentSHA256"] as? String == attorney && summary["state"] as? String == "in_progress")

        let completed = try await call(shop, "/v1/requests/\(try requestNumber(filed.body))/complete")
        #expect(completed.status == .ok)
        let outcome = try #require((answer(completed.body)["retention"] as? [String: Any])?["en"] as? [String: Any])
        let kept = try #require(outcome["kept"] as? [[String: Any]])
        // The payment records stay under the e-commerce act (five years from the contract's end), the login records
        // under the communications secrets act; the member information waits for the officer's approval to be destroyed.
        let payment = try #require(kept.first { ($0["items"] as? [String])?.contains("Payment records") == true })
        #expect((payment["basis"] as? String)?.contains("Act on Consumer Protection in Electronic Commerce") == true)
        #expect(payment["term"] as? String == "5 years from the end of the contract")
        #expect((outcome["awaitingApproval"] as? [String])?.contains("E-mail address") == true)
        let read = try await call(shop, "/v1/subjects/read", #"{"id":"m-1","purpose":"membership","items":["email"]}"#)
        #expect(read.status != .ok)
    }
}

@Test("an agent files on the form with the power of attorney attached; staff read it, confirm the authority, and the agent reads the answer")
func agentOnTheForm() async throws {
    try await withShop { shop in
        try await addMinji(shop)
        let page = try await shop.client.execute(uri: "/requests?lang=ko", method: .get) { String(buffer: $0.body) }
        #expect(page.contains("enctype=\"multipart/form-data\"") && page.contains("name=\"document\"") && page.contains("위임을 받은 자"))

        let attorney = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n위임장: 박민지 → 박지훈\n%%EOF\n".utf8)
        let fields = [("kind", "access"), ("contact_item", "email"), ("contact", "minji@example.kr"), ("filer", "agent"), ("relation", "attorney")]
        // What is not a PDF, JPEG or PNG, a missing document, or no relation: refused, and nothing is filed.
        // (They do not count against the form's limits: they are checked before anything is counted.)
        for _ in 0..<4 { _ = try await multipartForm(shop, "/requests?lang=en", fields) }
        let text = try await multipartForm(shop, "/requests?lang=en", fields, file: ("document", Array("hello".utf8)))
        #expect(text.status == .unprocessableContent && text.html.contains("not a PDF, JPEG or PNG"))
        let missing = try await multipartForm(shop, "/requests?lang=en", fields)
        #expect(missing.status == .unprocessableContent && missing.html.contains("authority is missing"))
        let huge = try await multipartForm(shop, "/requests?lang=en", fields, file: ("document", attorney + [UInt8](repeating: 0x20, count: AgentDocument.maximumSize + 70_000)))
        #expect(huge.status == .contentTooLarge && huge.html.contains("a file attached may be at most 5 MB"))
        // Without a file, the fields are held to what a form without files may send.
        let long = try await multipartForm(shop, "/requests?lang=en", fields + [("value", String(repeating: "가", count: 30_000))])
        #expect(long.status == .contentTooLarge)
        let noRelation = try await multipartForm(shop, "/requests?lang=en", fields.filter { $0.0 != "relation" }, file: ("document", attorney))
        #expect(noRelation.status == .unprocessableContent && noRelation.html.contains("legal representative"))
        #expect(try #require(try await get(shop, "/v1/requests").body["requests"] as? [[String: Any]]).isEmpty)

        let filed = try await multipartForm(shop, "/requests?lang=en", fields, file: ("document", attorney))
        #expect(filed.status == .created && filed.html.contains("Staff are checking the document") && filed.html.contains("Checking the agent&#39;s authority") && !filed.html.contains("name=\"code\""))
        let token = try followToken(in: filed.html)
        let number = String(try #require(token.split(separator: ".").first))
        // No code goes to the person's e-mail (the agent does not hold it, and a code is not how an agent is
        // confirmed); a word that an agent filed for them does, with whom to tell if they did not authorise it.
        let messages = try await shop.vault.dueMessages()
        #expect(messages.allSatisfy { $0.kind != "one-time-code" })
        let told = try #require(messages.first { $0.kind == "agent-filed" })
        #expect(told.recipient == "minji@example.kr" && told.body.contains(number) && told.body.contains("위임을 받은 자")
                && told.body.contains("privacy@example.kr"))
        let code = try await form(shop, "/requests/verify?lang=en", [("token", token), ("code", "123456")])
        #expect(code.status == .conflict && code.html.contains("checked the document"))

        let listed = try #require(try await get(shop, "/v1/requests/\(number)").body["request"] as? [String: Any])
        #expect(listed["filer"] as? String == "agent" && listed["agentRelation"] as? String == "attorney" && listed["state"] as? String == "verifying")
        #expect(listed["agentDocumentSHA256"] as? String == sha256Hex(Data(attorney)))
        // Not carried out before the authority is confirmed.
        #expect(try await call(shop, "/v1/requests/\(number)/complete").status == .conflict)
        // The marketer may not read the document; customer support may, and gets the bytes filed.
        let marketer = try await shop.vault.issueToken(for: "park", by: "admin")
        #expect(try await call(shop, "/v1/requests/\(number)/document", method: .get, token: marketer).status == .forbidden)
        let document = try await shop.client.execute(uri: "/v1/requests/\(number)/document", method: .get,
                                                     headers: [.authorization: "Bearer \(shop.token)"]) { response in
            (response.status, response.headers[.contentType], Array(response.body.readableBytesView))
        }
        #expect(document.0 == .ok && document.1 == "application/pdf" && document.2 == attorney)

        let confirmed = try await call(shop, "/v1/requests/\(number)/confirm-agent")
        #expect(confirmed.status == .ok && (confirmed.body["request"] as? [String: Any])?["state"] as? String == "in_progress")
        let steps = try #require(confirmed.body["steps"] as? [[String: Any]]).compactMap { $0["step"] as? String }
        #expect(steps == ["received", "authority-to-check", "authority-confirmed"])
        #expect(try await call(shop, "/v1/requests/\(number)/confirm-agent").status == .conflict)
        #expect(try await call(shop, "/v1/requests/\(number)/complete").status == .ok)
        let status = try await form(shop, "/requests/status?lang=en", [("token", token)])
        #expect(status.status == .ok && status.html.contains("Completed") && status.html.contains("minji@example.kr"))

        // A contact that is no one's gets the same page; staff cannot confirm it, only refuse it.
        let stranger = try await multipartForm(shop, "/requests?lang=en", [("kind", "access"), ("contact_item", "email"), ("contact", "nobody@example.kr"),
                                                                            ("filer", "agent"), ("relation", "legal_representative")], file: ("document", attorney))
        #expect(stranger.status == .created && stranger.html.contains("Staff are checking the document"))
        #expect(try await shop.vault.dueMessages().filter { $0.kind == "agent-filed" }.count == 1)
        let unknown = String(try #require(try followToken(in: stranger.html).split(separator: ".").first))
        let refused = try await call(shop, "/v1/requests/\(unknown)/confirm-agent")
        #expect(refused.status == .conflict && ((refused.body["error"] as? [String: Any])?["message"] as? String)?.contains("decree46") == true)
        // A person's request has no document, and a malformed multipart body is a bad request.
        let person = try await form(shop, "/requests?lang=en", [("kind", "access"), ("contact_item", "email"), ("contact", "minji@example.kr")])
        let personNumber = String(try #require(try followToken(in: person.html).split(separator: ".").first))
        #expect(try await call(shop, "/v1/requests/\(personNumber)/document", method: .get).status == .unprocessableContent)
        #expect(try await call(shop, "/v1/requests/\(personNumber)/confirm-agent").status == .conflict)
        let malformed = try await shop.client.execute(uri: "/requests", method: .post, headers: [.contentType: "multipart/form-data"],
                                                      body: ByteBuffer(string: "kind=access")) { $0.status }
        #expect(malformed == .badRequest)

        // A week on, the person's unconfirmed request is closed; the agent's waits for staff (whom the overdue alert reminds).
        shop.clock.set(seoul("2026-12-09", 10))
        #expect(try await shop.vault.closeUnconfirmedRequests() == 1)
        #expect(try #require(try await get(shop, "/v1/requests/\(unknown)").body["request"] as? [String: Any])["state"] as? String == "verifying")
        // The document is kept as long as the request's record, and deleted with it (the request closed a week
        // later is kept a week longer).
        shop.clock.set(seoul("2029-12-02", 1))
        #expect(try await shop.vault.pruneRequestRecords() == 1)
        #expect(try await call(shop, "/v1/requests/\(number)/document", method: .get).status == .notFound)
    }
}

@Test("a deletion of an optional item deletes it alone, with a ledger line, and the person stays a member; a required item cannot be deleted so")
func partialDeletion() async throws {
    try await withShop { shop in
        try await addMinji(shop, consents: ["delivery", "optional_profile"])
        let parkToken = try await shop.vault.issueToken(for: "park", by: "admin")
        let given = try await call(shop, "/v1/subjects/correct", #"{"id":"m-1","purpose":"birthday_coupon","items":{"birthday":"1994-03-08"}}"#, token: parkToken)
        #expect(given.status == .noContent)
        let before = try await call(shop, "/v1/subjects/read", #"{"id":"m-1","purpose":"birthday_coupon","items":["birthday"]}"#, token: parkToken)
        #expect((before.body["items"] as? [String: String])?["birthday"] == "1994-03-08")
        // An earlier access request's answer holds a copy of the birthday.
        let access = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"access","filer":"staff"}"#)
        let accessNumber = try requestNumber(access.body)
        let accessAnswer = try await call(shop, "/v1/requests/\(accessNumber)/complete")
        let copied = ((answer(accessAnswer.body)["access"] as? [String: Any])?["en"] as? [String: Any])?["items"] as? [[String: Any]]
        #expect(copied?.contains { $0["id"] as? String == "birthday" && $0["value"] as? String == "1994-03-08" } == true)
        let required = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"deletion","filer":"staff","itemsToDelete":["mobile"]}"#)
        #expect(required.status == .unprocessableContent)
        #expect(((required.body["error"] as? [String: Any])?["message"] as? String)?.contains("'mobile' is a required item") == true)
        let wrongKind = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"access","filer":"staff","itemsToDelete":["birthday"]}"#)
        #expect(wrongKind.status == .badRequest)

        let filed = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"deletion","filer":"staff","itemsToDelete":["birthday"]}"#)
        #expect(filed.status == .created)
        #expect(((filed.body["request"] as? [String: Any])?["targets"] as? [String: Any])?["items"] as? [String] == ["birthday"])
        let completed = try await call(shop, "/v1/requests/\(try requestNumber(filed.body))/complete")
        #expect(completed.status == .ok)
        #expect(answer(completed.body)["deleted"] as? [String] == ["birthday"])
        #expect(answer(completed.body)["retention"] == nil)

        // The birthday is gone; everything else is there, and the membership goes on.
        let birthday = try await call(shop, "/v1/subjects/read", #"{"id":"m-1","purpose":"birthday_coupon","items":["birthday"]}"#, token: parkToken)
        #expect(birthday.status == .ok && (birthday.body["items"] as? [String: Any])?["birthday"] == nil)
        let member = try await call(shop, "/v1/subjects/read", #"{"id":"m-1","purpose":"membership","items":["email","mobile"]}"#)
        #expect(member.status == .ok && (member.body["items"] as? [String: String])?.keys.sorted() == ["email", "mobile"])
        let line = try #require(try await shop.vault.destructionLedger().last)
        #expect(line.items == ["birthday"] && line.method == DestructionRecord.itemDeletion && line.basis == "request:pipa_36")
        #expect(line.reason.contains(try requestNumber(filed.body)) && line.approvedBy == "kim")

        // The person reads the same on the status page with the follow token staff gave them.
        let token = try #require(filed.body["followToken"] as? String)
        let page = try await form(shop, "/requests/status?lang=en", [("token", token)])
        #expect(page.status == .ok && page.html.contains("Items deleted") && page.html.contains("Birthday"))
        // The access answer's copy went with the birthday; the request itself is still on record, and its page says so.
        let afterwards = try await get(shop, "/v1/requests/\(accessNumber)")
        #expect(afterwards.status == .ok && afterwards.body["answer"] == nil)
        #expect((afterwards.body["request"] as? [String: Any])?["state"] as? String == "completed")
        let accessPage = try await form(shop, "/requests/status?lang=en", [("token", try #require(access.body["followToken"] as? String))])
        #expect(accessPage.html.contains("destroyed with the information it copied") && !accessPage.html.contains("1994-03-08"))
        // On the public form the optional items can be chosen for a deletion of them alone.
        let formPage = try await shop.client.execute(uri: "/requests?lang=en", method: .get) { String(buffer: $0.body) }
        #expect(formPage.contains(#"name="delete_item" value="birthday""#) && !formPage.contains(#"name="delete_item" value="email""#))
        let onForm = try await form(shop, "/requests?lang=en", [("kind", "deletion"), ("contact_item", "email"), ("contact", "minji@example.kr"),
                                                                ("delete_item", "birthday")])
        #expect(onForm.status == .created)
        #expect(try await shop.vault.requests(.all, by: "lee").first { $0.filer == "person" }?.targets.items == ["birthday"])
        // Asked again, there is nothing left to delete.
        let again = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"deletion","filer":"staff","itemsToDelete":["birthday"]}"#)
        let nothing = try await call(shop, "/v1/requests/\(try requestNumber(again.body))/complete")
        #expect(answer(nothing.body)["deleted"] as? [String] == [])
    }
}

@Test("a request's record is deleted once it has been closed for the period the policy keeps request records (3 years), not before")
func requestRecordRetention() async throws {
    try await withShop { shop in
        try await addMinji(shop)
        let access = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"access","filer":"staff"}"#)
        let number = try requestNumber(access.body)
        #expect(try await call(shop, "/v1/requests/\(number)/complete").status == .ok)
        let open = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"suspension","filer":"staff","purposes":["advertising"]}"#)
        shop.clock.set(seoul("2029-11-30", 23))
        #expect(try await shop.vault.pruneRequestRecords() == 0)
        #expect(try await get(shop, "/v1/requests/\(number)").status == .ok)
        shop.clock.set(seoul("2029-12-02", 1))
        #expect(try await shop.vault.pruneRequestRecords() == 1)
        #expect(try await get(shop, "/v1/requests/\(number)").status == .notFound)
        // One still open is kept however old it is (and is overdue).
        #expect(try await get(shop, "/v1/requests/\(try requestNumber(open.body))").status == .ok)
        let status = try await form(shop, "/requests/status", [("token", try #require(access.body["followToken"] as? String))])
        #expect(status.status == .notFound)
    }
}

@Test("a suspension is refused on its ground with the route to object; a consent withdrawal ends the marketing purpose")
func refusalAndWithdrawal() async throws {
    try await withShop { shop in
        try await addMinji(shop, consents: ["delivery", "marketing"])
        let suspension = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"suspension","filer":"staff","purposes":["orders"]}"#)
        let number = try requestNumber(suspension.body)
        let wrongGround = try await call(shop, "/v1/requests/\(number)/refuse", #"{"ground":"art35-4-1"}"#)
        #expect(wrongGround.status == .conflict)
        let refused = try await call(shop, "/v1/requests/\(number)/refuse", #"{"ground":"art37-2-4","note":"open order 2026-118 must be delivered"}"#)
        #expect(refused.status == .ok && (refused.body["request"] as? [String: Any])?["refusalGround"] as? String == "art37-2-4")
        let notice = try #require((answer(refused.body)["refusal"] as? [String: Any])?["ko"] as? [String: Any])
        #expect(notice["article"] as? String == "PIPA Art. 37(2)4")
        #expect((notice["objection"] as? String)?.contains("privacy@example.kr") == true)
        #expect((notice["remedies"] as? [String])?.first?.contains("개인정보분쟁조정위원회") == true)
        #expect(try await call(shop, "/v1/requests/\(number)/complete").status == .conflict)
        // Orders are still processed.
        #expect(try await call(shop, "/v1/subjects/read", #"{"id":"m-1","purpose":"orders","items":["name"]}"#).status == .ok)

        let parkToken = try await shop.vault.issueToken(for: "park", by: "admin")
        #expect(try await call(shop, "/v1/subjects/read", #"{"id":"m-1","purpose":"advertising","items":["email"]}"#, token: parkToken).status == .ok)
        let withdrawal = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"withdrawal","filer":"staff","consents":["marketing"]}"#)
        let done = try await call(shop, "/v1/requests/\(try requestNumber(withdrawal.body))/complete")
        #expect(done.status == .ok && answer(done.body)["withdrawn"] as? [String] == ["marketing"])
        let after = try await call(shop, "/v1/subjects/read", #"{"id":"m-1","purpose":"advertising","items":["email"]}"#, token: parkToken)
        #expect(after.status == .forbidden && (after.body["error"] as? [String: Any])?["code"] as? String == "consent-not-given")

        let suspend = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"suspension","filer":"staff","purposes":["birthday_coupon"]}"#)
        let stopped = try await call(shop, "/v1/requests/\(try requestNumber(suspend.body))/complete")
        #expect(answer(stopped.body)["suspended"] as? [String] == ["birthday_coupon"])
        let coupon = try await call(shop, "/v1/subjects/read", #"{"id":"m-1","purpose":"birthday_coupon","items":["email"]}"#, token: parkToken)
        #expect(coupon.status == .forbidden)
    }
}

@Test("a request answered in part: the part withheld on a ground is not carried out, the rest is, and the answer names the part, the ground and the route to object")
func answeredInPart() async throws {
    try await withShop { shop in
        try await addMinji(shop, consents: ["delivery", "marketing"])
        let suspension = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"suspension","filer":"staff","purposes":["orders","birthday_coupon"]}"#)
        let number = try requestNumber(suspension.body)
        for (body, problem) in [
            (#"{"withheld":["orders"],"ground":"art35-4-1"}"#, "field ground"),
            (#"{"withheld":["orders"],"ground":"decree46"}"#, "field ground"),
            (#"{"withheld":["advertising"],"ground":"art37-2-4"}"#, "not part of this request"),
            (#"{"withheld":["orders","birthday_coupon"],"ground":"art37-2-4"}"#, "refuse it instead"),
            (#"{"withheld":["orders"],"ground":"art37-2-4","note":"write to minji@example.kr"}"#, "field note"),
            (#"{"withheld":"orders"}"#, "as JSON"),
        ] {
            let refused = try await call(shop, "/v1/requests/\(number)/complete", body)
            let message = (refused.body["error"] as? [String: Any])?["message"] as? String ?? ""
            // A body that is not the shape is 400; a part the law does not let staff leave out, 422.
            #expect(refused.status == (problem == "as JSON" ? .badRequest : .unprocessableContent) && message.contains(problem),
                    "\(body): \(refused.status) \(message)")
        }
        let huge = try await call(shop, "/v1/requests/\(number)/complete", #"{"withheld":["\#(String(repeating: "x", count: 17_000))"],"ground":"art37-2-4"}"#)
        #expect(huge.status == .contentTooLarge && ((huge.body["error"] as? [String: Any])?["message"] as? String)?.contains("16 KiB") == true)
        let done = try await call(shop, "/v1/requests/\(number)/complete", #"{"withheld":["orders"],"ground":"art37-2-4","note":"open order 2026-118"}"#)
        #expect(done.status == .ok && answer(done.body)["suspended"] as? [String] == ["birthday_coupon"] && answer(done.body)["withheld"] as? [String] == ["orders"])
        let notice = try #require((answer(done.body)["partialRefusal"] as? [String: Any])?["ko"] as? [String: Any])
        #expect(notice["article"] as? String == "PIPA Art. 37(2)4" && notice["note"] as? String == "open order 2026-118")
        #expect(try await call(shop, "/v1/subjects/read", #"{"id":"m-1","purpose":"orders","items":["name"]}"#).status == .ok, "orders go on")
        let parkToken = try await shop.vault.issueToken(for: "park", by: "admin")
        #expect(try await call(shop, "/v1/subjects/read", #"{"id":"m-1","purpose":"birthday_coupon","items":["email"]}"#, token: parkToken).status == .forbidden)

        // Access limited to some items: the rest is shown, and the person reads why on the status page.
        let access = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"access","filer":"staff"}"#)
        let token = try #require(access.body["followToken"] as? String)
        let answered = try await call(shop, "/v1/requests/\(try requestNumber(access.body))/complete", #"{"withheld":["mobile"],"ground":"art35-4-2"}"#)
        let items = try #require(((answer(answered.body)["access"] as? [String: Any])?["en"] as? [String: Any])?["items"] as? [[String: Any]])
        #expect(items.contains { $0["id"] as? String == "email" } && !items.contains { $0["id"] as? String == "mobile" })
        let status = try await form(shop, "/requests/status?lang=ko", [("token", token)])
        #expect(status.html.contains("처리하지 않은 부분과 그 사유") && status.html.contains("휴대전화번호") && status.html.contains("PIPA Art. 35(4)2")
                && !status.html.contains("010-1234-5678"))
    }
}

@Test("a transmission request gives the person a machine-readable copy of what they gave on consent or contract")
func transmission() async throws {
    try await withShop { shop in
        try await addMinji(shop)
        let filed = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"transmission","filer":"staff"}"#)
        let token = try #require(filed.body["followToken"] as? String)
        #expect(try await call(shop, "/v1/requests/\(try requestNumber(filed.body))/complete").status == .ok)
        let download = try await shop.client.execute(uri: "/requests/transmission", method: .post,
                                                     headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "jikim_csrf=\(browserCSRF)"],
                                                     body: ByteBuffer(string: "token=\(token)&csrf=\(browserCSRF)")) { ($0.status, $0.headers[.contentDisposition], Data($0.body.readableBytesView)) }
        #expect(download.0 == .ok && download.1?.contains("attachment") == true)
        let document = try #require(try JSONSerialization.jsonObject(with: download.2) as? [String: Any])
        #expect(document["format"] as? String == "jikim-transmission/1")
        let items = try #require(document["items"] as? [[String: Any]])
        #expect(items.contains { $0["item"] as? String == "email" && $0["value"] as? String == "minji@example.kr" })
        #expect(!items.contains { $0["item"] as? String == "password" })
        // The person withdraws nothing once it is done.
        #expect(try await form(shop, "/requests/withdraw", [("token", token)]).status == .conflict)
    }
}

@Test("a request not answered by its deadline is listed as overdue and raises one alert to the privacy officer")
func overdueRequest() async throws {
    try await withShop(at: seoul("2026-12-01", 10)) { shop in
        try await addMinji(shop)
        let filed = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"access","filer":"staff"}"#)
        #expect((filed.body["request"] as? [String: Any])?["deadline"] as? String == "2026-12-11")
        // An access put off for a justified reason (Art. 35(3)) is not overdue while it lasts; a deletion cannot be put off.
        let postponed = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"access","filer":"staff"}"#)
        let held = try await call(shop, "/v1/requests/\(try requestNumber(postponed.body))/postpone", #"{"note":"records under audit until 2026-12-20"}"#)
        #expect(held.status == .ok && (held.body["request"] as? [String: Any])?["postponement"] as? String == "records under audit until 2026-12-20")
        let deletion = try await call(shop, "/v1/requests", #"{"id":"m-1","kind":"deletion","filer":"staff"}"#)
        #expect(try await call(shop, "/v1/requests/\(try requestNumber(deletion.body))/postpone", #"{"note":"audit"}"#).status == .conflict)
        _ = try await call(shop, "/v1/requests/\(try requestNumber(deletion.body))/withdraw")
        shop.clock.set(seoul("2026-12-11", 23, 59))
        #expect(try #require(try await get(shop, "/v1/requests?filter=overdue").body["requests"] as? [Any]).isEmpty)
        #expect(try await shop.vault.alertOverdueRequests().isEmpty)

        shop.clock.set(seoul("2026-12-12", 9))
        let overdue = try #require(try await get(shop, "/v1/requests?filter=overdue").body["requests"] as? [[String: Any]])
        #expect(overdue.count == 1 && overdue[0]["overdue"] as? Bool == true)
        let alerted = try await shop.vault.alertOverdueRequests()
        #expect(alerted.map(\.number) == [try requestNumber(filed.body)])
        let alert = try #require(try await shop.vault.dueMessages().first { $0.kind == "overdue-request" })
        #expect(alert.recipient == "privacy@example.kr" && alert.body.contains("2026-12-11"))
        #expect(!alert.body.contains("minji"))
        // One alert per request.
        #expect(try await shop.vault.alertOverdueRequests().isEmpty)
        #expect(try await shop.vault.overdueRequestCount() == 1)
        // A form request never confirmed is closed after a week, refused on Decree Art. 46, before it could be overdue.
        let unconfirmed = try await form(shop, "/requests", [("kind", "deletion"), ("contact_item", "email"), ("contact", "nobody@example.kr")])
        let token = try followToken(in: unconfirmed.html)
        shop.clock.set(seoul("2026-12-19", 9))
        #expect(try await shop.vault.closeUnconfirmedRequests() == 0)
        shop.clock.set(seoul("2026-12-19", 11))
        #expect(try await shop.vault.closeUnconfirmedRequests() == 1)
        let closed = try await shop.vault.requestStatus(followToken: token).summary
        #expect(closed.state == .refused && closed.refusalGround == "decree46" && !closed.overdue)
        // Answered late, it is no longer overdue.
        _ = try await call(shop, "/v1/requests/\(try requestNumber(filed.body))/complete")
        #expect(try await shop.vault.overdueRequestCount() == 0)
    }
}

@Test("Sec-GPC: 1 withdraws the person's marketing consent through the consent ledger; /.well-known/gpc.json says so")
func globalPrivacyControl() async throws {
    try await withShop { shop in
        let support = try await shop.client.execute(uri: "/.well-known/gpc.json", method: .get) { ($0.status, Data($0.body.readableBytesView)) }
        let resource = try JSONSerialization.jsonObject(with: support.1) as? [String: Any]
        #expect(support.0 == .ok && resource?["gpc"] as? Bool == true)
        try await addMinji(shop, consents: ["delivery", "marketing"])
        let parkToken = try await shop.vault.issueToken(for: "park", by: "admin")
        let read = try await call(shop, "/v1/subjects/read", #"{"id":"m-1","purpose":"advertising","items":["email"]}"#, token: parkToken,
                                  headers: [HTTPField.Name("Sec-GPC")!: "1"])
        #expect(read.status == .forbidden && (read.body["error"] as? [String: Any])?["code"] as? String == "consent-not-given")
        let history = try await shop.vault.consentHistory(externalID: "m-1", by: Requester(actor: "lee", purpose: "membership"))
        #expect(history.last?.consent == "marketing" && history.last?.action == .withdrawn && history.last?.channel == "Sec-GPC")
        // The delivery consent is not an opt-out purpose's: it stays.
        #expect(ConsentState(history).isGiven("delivery"))

        // On the public side: a person whose browser sends the signal has it honoured once the code confirms who they are.
        let created = try await call(shop, "/v1/subjects", #"{"id":"m-2","purpose":"membership","consents":["marketing"],"items":{"email":"junho@example.kr","name":"이준호"}}"#)
        #expect(created.status == .created)
        let filed = try await form(shop, "/requests", [("kind", "access"), ("contact_item", "email"), ("contact", "junho@example.kr")])
        let code = try #require(try await shop.vault.dueMessages().last { $0.kind == "one-time-code" && $0.recipient == "junho@example.kr" })
        let digits = String(try #require(code.body.firstMatch(of: /코드는 (\d{6})/)).1)
        let verified = try await form(shop, "/requests/verify", [("token", try followToken(in: filed.html)), ("code", digits)],
                                      headers: [HTTPField.Name("Sec-GPC")!: "1"])
        #expect(verified.status == .ok)
        let junho = try await shop.vault.consentHistory(externalID: "m-2", by: Requester(actor: "lee", purpose: "membership"))
        #expect(junho.last?.consent == "marketing" && junho.last?.action == .withdrawn && junho.last?.channel == "Sec-GPC")
    }
}

@Test("the yearly notice of use and provision lists the purposes and each recipient from the provision ledger")
func usageNotice() async throws {
    try await withShop { shop in
        try await addMinji(shop)
        _ = try await call(shop, "/v1/subjects/provide", #"{"id":"m-1","purpose":"orders","recipient":"courier","items":["name","address"]}"#)
        let refused = try await call(shop, "/v1/subjects/provide", #"{"id":"m-1","purpose":"orders","recipient":"courier","items":["card_number"]}"#)
        #expect(refused.status == .forbidden && (refused.body["error"] as? [String: Any])?["code"] as? String == "item-not-for-recipient")
        let unknown = try await call(shop, "/v1/subjects/provide", #"{"id":"m-1","purpose":"orders","recipient":"broker","items":["name"]}"#)
        #expect((unknown.body["error"] as? [String: Any])?["code"] as? String == "undeclared-recipient")
        let notice = try await call(shop, "/v1/subjects/usage-notice", #"{"id":"m-1","year":2026,"send":true}"#)
        #expect(notice.status == .ok)
        let body = try #require(notice.body["body"] as? String)
        #expect(body.contains("제20조의2") && body.contains("데모택배 주식회사 (상품 배송): 이름, 배송지 주소 — 2026-12-01"))
        #expect(body.contains("- Orders and delivery:"))
        #expect(try await shop.vault.dueMessages().contains { $0.kind == "usage-notice" && $0.recipient == "minji@example.kr" })
    }
}

@Test("a multipart form's boundary is read from its Content-Type, quoted or not, and refused when RFC 2046 would")
func multipartBoundaries() {
    #expect(FormFields.boundary("multipart/form-data; boundary=----abc123") == "----abc123")
    #expect(FormFields.boundary("multipart/form-data; charset=utf-8; BOUNDARY=\"a b:c\"") == "a b:c")
    #expect(FormFields.boundary("multipart/form-data") == nil)
    #expect(FormFields.boundary("multipart/form-data; boundary=") == nil)
    #expect(FormFields.boundary("multipart/form-data; boundary=\"\"") == nil)
    #expect(FormFields.boundary("multipart/form-data; boundary=" + String(repeating: "x", count: 71)) == nil)
}
