import Foundation
import JikimNotify
import Testing

@Suite("WebhookTransport against a real Hummingbird server")
struct WebhookTransportTests {
    let notice = Notice(
        id: "outbox-7f3a",
        recipient: "+82-10-1234-5678",
        subject: "휴면 계정 전환 안내",
        body: "고객님의 계정은 2027-03-02에 휴면 계정으로 분리 보관됩니다.\n로그인하시면 유지됩니다."
    )

    @Test("delivers the notice as JSON with the idempotency key and bearer token")
    func delivers() async throws {
        try await withWebhookServer { base, log in
            let transport = WebhookTransport(
                url: base.appending(path: "hook"), bearerToken: "s3cret-token", timeout: .seconds(10)
            )
            #expect(transport.name == "webhook")
            try await transport.deliver(notice)

            let requests = await log.requests
            try #require(requests.count == 1)
            let request = requests[0]
            #expect(request.method == "POST")
            #expect(request.path == "/hook")
            #expect(request.headers["content-type"] == "application/json")
            #expect(request.headers["idempotency-key"] == notice.id)
            #expect(request.headers["authorization"] == "Bearer s3cret-token")
            let json = try JSONDecoder().decode([String: String].self, from: request.body)
            #expect(json == ["id": notice.id, "recipient": notice.recipient, "subject": notice.subject, "body": notice.body])
        }
    }

    @Test("sends no Authorization header without a token")
    func noToken() async throws {
        try await withWebhookServer { base, log in
            try await WebhookTransport(url: base.appending(path: "hook"), bearerToken: nil, timeout: .seconds(10))
                .deliver(notice)
            let requests = await log.requests
            try #require(requests.count == 1)
            #expect(requests[0].headers["authorization"] == nil)
        }
    }

    @Test("a 5xx, 408 or 429 is transient; another 4xx or a 3xx is permanent", arguments: [
        (500, false), (503, false), (408, false), (429, false), (400, true), (404, true), (422, true), (304, true),
    ])
    func statusCodes(status: Int, permanent: Bool) async throws {
        try await withWebhookServer { base, log in
            let transport = WebhookTransport(
                url: base.appending(path: "status/\(status)"), bearerToken: nil, timeout: .seconds(10)
            )
            let error = try await #require(throws: NoticeDeliveryError.self) { try await transport.deliver(notice) }
            #expect(error.permanent == permanent)
            #expect(error.description.contains("HTTP \(status)"))
            expectNoPersonalInformation(error, notice)
            #expect(await log.requests.count == 1)
        }
    }

    @Test("a redirect that turns the POST into a GET is permanent, not a delivery")
    func seeOther() async throws {
        try await withWebhookServer { base, _ in
            let transport = WebhookTransport(url: base.appending(path: "see-other"), bearerToken: nil, timeout: .seconds(10))
            let error = try await #require(throws: NoticeDeliveryError.self) { try await transport.deliver(notice) }
            #expect(error.permanent)
        }
    }

    @Test("nothing listening is transient")
    func unreachable() async throws {
        let port = try await closedPort()
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/hook"))
        let transport = WebhookTransport(url: url, bearerToken: "s3cret-token", timeout: .seconds(5))
        let error = try await #require(throws: NoticeDeliveryError.self) { try await transport.deliver(notice) }
        #expect(!error.permanent)
        expectNoPersonalInformation(error, notice)
        #expect(!error.description.contains("s3cret-token"))
    }

    @Test("a webhook slower than the timeout is transient")
    func timeout() async throws {
        try await withWebhookServer { base, _ in
            let transport = WebhookTransport(url: base.appending(path: "slow"), bearerToken: nil, timeout: .milliseconds(300))
            let started = ContinuousClock.now
            let error = try await #require(throws: NoticeDeliveryError.self) { try await transport.deliver(notice) }
            #expect(!error.permanent)
            #expect(error.description.contains("timed out"))
            #expect(ContinuousClock.now - started < .seconds(2))
        }
    }

    @Test("an id or token that would split a header is permanent and sends nothing")
    func headerInjection() async throws {
        try await withWebhookServer { base, log in
            var bad = notice
            bad.id = "1\r\nX-Injected: yes"
            let url = base.appending(path: "hook")
            let byID = try await #require(throws: NoticeDeliveryError.self) {
                try await WebhookTransport(url: url, bearerToken: nil, timeout: .seconds(5)).deliver(bad)
            }
            #expect(byID.permanent)
            let byToken = try await #require(throws: NoticeDeliveryError.self) {
                try await WebhookTransport(url: url, bearerToken: "t\r\nX-Injected: yes", timeout: .seconds(5)).deliver(notice)
            }
            #expect(byToken.permanent)
            #expect(await log.requests.isEmpty)
        }
    }
}

/// Errors go to logs and delivery records: they must not hold the recipient or any of the body.
func expectNoPersonalInformation(_ error: NoticeDeliveryError, _ notice: Notice, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!error.description.contains(notice.recipient), "the error names the recipient", sourceLocation: sourceLocation)
    for line in notice.body.split(separator: "\n") where line.count > 3 {
        #expect(!error.description.contains(line), "the error quotes the body", sourceLocation: sourceLocation)
    }
}
