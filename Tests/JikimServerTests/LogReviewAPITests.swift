import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import JikimServer
import JikimAccessLog
import JikimCore
import JikimCrypto
import JikimPolicyFile
import JikimStore
import JikimTestSupport
import JikimVault
import NIOCore
import Testing

/// The demo shop with November 2026's generated activity in its log, on an injected clock: `officer` holds the
/// privacy officer's role (reviews_access_log), `kim` customer support's.
@Test("the privacy officer reads a month's review over HTTP and signs off what they read once the month is over; others may not")
func logReviewOverHTTP() async throws {
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("jikim-review-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: data) }
    let policyFile = try #require(ServerConfiguration.demoPolicyFile)
    let keys = KeyRing.generate()
    let clock = ManualClock(seoul("2026-11-30", 17))
    var configuration = ServerConfiguration(port: 0, policyFile: policyFile, dataDirectory: data)
    configuration.keys = keys
    configuration.clock = clock.function
    try await withApplication(configuration, logger: quietLogger) { app in
        let store = try await Store.openSQLite(directory: data)
        let vault = Vault(policy: try PolicyArchive(currentFile: policyFile).current.policy, store: store, keys: keys, recorder: AccessLog(store: store), clock: clock.function)
        try await MonthOfActivity.record(in: store)
        try await vault.grant("privacy_officer", to: "officer", by: "admin")
        try await vault.grant("customer_support", to: "kim", by: "admin")
        let officer = try await vault.issueToken(for: "officer", by: "admin")
        let kim = try await vault.issueToken(for: "kim", by: "admin")
        try await store.close()

        let seen = try await app.test(.router) { client -> String in
            func get(_ path: String, token: String) async throws -> (HTTPResponse.Status, String, HTTPFields) {
                try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(token)"]) {
                    ($0.status, String(buffer: $0.body), $0.headers)
                }
            }
            func signOff(_ json: String, token: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                try await client.execute(uri: "/v1/log/review/sign-off", method: .post,
                                         headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                         body: ByteBuffer(string: json)) {
                    ($0.status, (try? JSONSerialization.jsonObject(with: Data($0.body.readableBytesView))) as? [String: Any] ?? [:])
                }
            }
            func code(_ body: String) -> String? {
                ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]).flatMap { ($0["error"] as? [String: Any])?["code"] as? String }
            }

            // Customer support may not read the review; no token, no review.
            let (refused, refusal, _) = try await get("/v1/log/review?month=2026-11", token: kim)
            #expect(refused == .forbidden && code(refusal) == "role-does-not-review")
            let anonymous = try await client.execute(uri: "/v1/log/review?month=2026-11", method: .get) { $0.status }
            #expect(anonymous == .unauthorized)
            for bad in ["/v1/log/review", "/v1/log/review?month=2026-13", "/v1/log/review?month=11-2026", "/v1/log/review?month=2026-11&format=pdf"] {
                let (status, body, _) = try await get(bad, token: officer)
                #expect(status == .badRequest && code(body) == "invalid-request", "\(bad)")
            }

            // The review in Markdown names what the month's data calls for; its digest is the SHA-256 of the CSV.
            let (status, markdown, headers) = try await get("/v1/log/review?month=2026-11&lang=en", token: officer)
            #expect(status == .ok && headers[.contentType] == "text/markdown; charset=utf-8")
            let digest = try #require(headers[LogReviewController.digestHeader])
            #expect(digest.count == 64 && markdown.contains("`\(digest)`"))
            #expect(markdown.contains("| 2026-11-12 | lee | bulk reads |") && markdown.contains("| 2026-11-14 | park | outside working hours |"))
            #expect(markdown.contains("| lee |") && markdown.contains("| park |") && markdown.contains("| choi |"))
            #expect(markdown.contains("new source address") && markdown.contains("refused access") && markdown.contains("outside working hours"))
            let (_, csv, csvHeaders) = try await get("/v1/log/review?month=2026-11&format=csv", token: officer)
            #expect(csvHeaders[.contentType] == "text/csv; charset=utf-8" && csvHeaders[LogReviewController.digestHeader] == digest)
            #expect(AccessLog.digest(csv) == digest)
            let (_, html, htmlHeaders) = try await get("/v1/log/review?month=2026-11&format=html", token: officer)
            #expect(htmlHeaders[.contentType] == "text/html; charset=utf-8" && html.contains("<table>") && html.contains("lee"))
            let (_, korean, _) = try await get("/v1/log/review?month=2026-11", token: officer)
            #expect(korean.contains("대량 조회"))

            // Not before the month is over; not a digest the review does not have; not a note with an address.
            let early = try await signOff(#"{"month":"2026-11","digest":"\#(digest)"}"#, token: officer)
            #expect(early.0 == .conflict && (early.1["error"] as? [String: Any])?["code"] as? String == "month-not-over")
            let december = try await signOff(#"{"month":"2026-12","digest":"\#(digest)"}"#, token: officer)
            #expect(december.0 == .conflict && (december.1["error"] as? [String: Any])?["code"] as? String == "month-not-over")
            clock.set(seoul("2026-12-01", 9))
            let stale = try await signOff(#"{"month":"2026-11","digest":"\#(String(repeating: "0", count: 64))"}"#, token: officer)
            #expect(stale.0 == .conflict && (stale.1["error"] as? [String: Any])?["code"] as? String == "review-changed")
            let unsafe = try await signOff(#"{"month":"2026-11","digest":"\#(digest)","note":"asked lee@example.kr"}"#, token: officer)
            #expect(unsafe.0 == .unprocessableContent)
            let byKim = try await signOff(#"{"month":"2026-11","digest":"\#(digest)"}"#, token: kim)
            #expect(byKim.0 == .forbidden)

            let signed = try await signOff(#"{"month":"2026-11","digest":"\#(digest.uppercased())","note":"lee's bulk reads were the November migration"}"#, token: officer)
            #expect(signed.0 == .created)
            #expect(signed.1["reviewer"] as? String == "officer" && signed.1["digest"] as? String == digest && signed.1["month"] as? String == "2026-11")
            #expect(signed.1["at"] as? String == Timestamp.string(seoul("2026-12-01", 9)))

            // The sign-off shows in the review, whose digest it does not change, and is a log entry.
            let (_, after, afterHeaders) = try await get("/v1/log/review?month=2026-11&lang=en", token: officer)
            #expect(afterHeaders[LogReviewController.digestHeader] == digest)
            #expect(after.contains("officer") && after.contains("November migration"))
            return digest
        }
        let reopened = try await Store.openSQLite(directory: data)
        let signOffs = try await AccessLog(store: reopened).review(month: "2026-11", thresholds: ReviewThresholds()).signOffs
        try await reopened.close()
        #expect(signOffs.map(\.reviewer) == ["officer"] && signOffs.first?.digest == seen)
    }
}
