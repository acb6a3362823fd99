import Foundation
import Hummingbird
import HummingbirdTesting
import JikimAccessLog
import JikimCore
import JikimCrypto
import JikimNotify
import JikimPolicyFile
import JikimStore
import JikimTestSupport
import JikimVault
import Logging
import Synchronization
import Testing
@testable import JikimServer

@Test("a dormancy notice in the outbox is delivered to the webhook once; a failed attempt is retried after its delay and recorded")
func dormancyNoticeDelivered() async throws {
    let received = Mutex<[(status: Int, body: Data, authorization: String?)]>([])
    let answers = Mutex<[HTTPResponse.Status]>([.serviceUnavailable, .ok])
    let router = Router()
    router.post("hook") { request, _ -> HTTPResponse.Status in
        let body = try await request.body.collect(upTo: 1 << 20)
        let status = answers.withLock { $0.isEmpty ? .ok : $0.removeFirst() }
        received.withLock { $0.append((Int(status.code), Data(body.readableBytesView), request.headers[.authorization])) }
        return status
    }
    let webhook = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: quietLogger)
    try await webhook.test(.live) { client in
        let port = try #require(client.port)
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/atto-internet/policy.yaml").path
        let policy = try PolicyFile.load(path: path).policy
        let database = try await TestBackend.sqlite.open()
        defer { Task { await database.discard() } }
        let clock = ManualClock(seoul("2026-01-05", 10))
        let vault = Vault(policy: policy, store: database.store, keys: .generate(), recorder: AccessLog(store: database.store), clock: clock.function)
        try await vault.addActor("kim", kind: .staff, by: "admin")
        try await vault.grant("ssl_operations", to: "kim", by: "admin")
        try await vault.create(NewSubject(externalID: "c-1", values: ["email": "minji@example.kr", "name": "박민지"], consents: ["collection"]),
                               by: Requester(actor: "kim", purpose: "service"))
        clock.set(seoul("2026-12-07", 3))
        #expect(try await vault.sweep(on: CivilDate(iso: "2026-12-07")).notices == 1)

        let dispatcher = NoticeDispatcher(
            vault: { vault }, webhook: WebhookTransport(url: try #require(URL(string: "http://127.0.0.1:\(port)/hook")), bearerToken: "secret", timeout: .seconds(5)),
            smtp: nil, interval: .seconds(1), logger: quietLogger)
        await dispatcher.deliverDue()
        #expect(received.withLock { $0.map(\.status) } == [503])
        #expect(try await vault.outboxSummary() == (waiting: 1, delivered: 0, failed: 0))
        // The next attempt waits 30 seconds.
        await dispatcher.deliverDue()
        #expect(received.withLock { $0.count } == 1)
        clock.set(seoul("2026-12-07", 3, 1))
        await dispatcher.deliverDue()
        let calls = received.withLock { $0 }
        #expect(calls.map(\.status) == [503, 200])
        let json = try JSONDecoder().decode([String: String].self, from: try #require(calls.last).body)
        #expect(json["recipient"] == "minji@example.kr")
        #expect(json["body"]?.contains("2027년 1월 6일") == true)
        #expect(calls.last?.authorization == "Bearer secret")
        #expect(try await vault.outboxSummary() == (waiting: 0, delivered: 1, failed: 0))
        await dispatcher.deliverDue()
        #expect(received.withLock { $0.count } == 2, "a delivered notice is not sent again")
    }
}
