import Foundation
import JikimAccessLog
import JikimCore
import JikimCrypto
import JikimPolicyFile
import JikimStore
import JikimTestSupport
@testable import JikimVault
import SQLKit
import Testing

/// The demo shop's vault on a clock the test moves, with a service (`shop-api`), an officer who reviews the log and
/// the log's signing key.
private struct Shop {
    let database: TestStore
    let vault: Vault
    let log: AccessLog
    let clock: ManualClock
    let signer: NoteSigner

    static func open(_ backend: TestBackend, at start: Date) async throws -> Shop {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/JikimServer/DemoPolicy/policy.yaml").path
        let policy = try PolicyFile.load(path: path).policy
        let database = try await backend.open()
        let clock = ManualClock(start)
        let log = AccessLog(store: database.store)
        let vault = Vault(policy: policy, store: database.store, keys: .generate(), recorder: log, clock: clock.function)
        try await vault.addActor("shop-api", kind: .service, by: "admin")
        try await vault.grant("customer_support", to: "shop-api", by: "admin")
        try await vault.addActor("officer", kind: .staff, by: "admin")
        try await vault.grant("privacy_officer", to: "officer", by: "admin")
        return Shop(database: database, vault: vault, log: log, clock: clock, signer: try NoteSigner.generate(name: "jikim.test/incidents"))
    }
}

private func seoul(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    return formatter.date(from: text + "+09:00") ?? .distantPast
}

@Test("a stolen service token reads 1,200 people from a new address over two hours among normal traffic: the scope by that token and window finds exactly them and their items, a report is required, notices go out with deliveries recorded, the unreachable are listed and the notice posted, the 72-hour alert fires where nothing is done, and the scope's proofs verify against the signed log", arguments: TestBackend.available)
func stolenTokenScope(_ backend: TestBackend) async throws {
    let shop = try await Shop.open(backend, at: seoul("2026-11-02T08:00:00"))
    defer { Task { await shop.database.discard() } }
    let vault = shop.vault
    let people = 2_000
    let creator = Requester(actor: "shop-api", purpose: "membership", source: "10.0.0.5")
    // Every 100th customer gave a name alone: no one to send a notice to.
    let created = try await vault.create((0..<people).map { n in
        NewSubject(externalID: "c-\(n)", values: n % 100 == 3 ? ["name": "고객\(n)"]
                   : ["email": "user\(n)@example.kr", "name": "고객\(n)", "mobile": String(format: "010-2000-%04d", n)])
    }, by: creator)
    #expect(created.allSatisfy { (try? $0.get()) != nil })

    // The shop's two tokens: the one it uses, and an old one that was stolen.
    let normal = try #require(Vault.publicID(ofToken: try await vault.issueToken(for: "shop-api", by: "admin")))
    let stolen = try #require(Vault.publicID(ofToken: try await vault.issueToken(for: "shop-api", by: "admin")))
    // Before it was stolen the old token read a few people, as the shop did then.
    for n in 0..<30 {
        shop.clock.advance(60)
        _ = try await vault.read(externalID: "c-\(n + 1_900)", items: ["email"], by: Requester(actor: "shop-api", purpose: "membership", source: "10.0.0.5", token: stolen))
    }

    // From 10:00 for two hours: the thief reads 1,200 people's e-mail and mobile from 203.0.113.9 with the stolen
    // token, while the shop goes on reading names and e-mails of its customers (some the same people) with its own.
    shop.clock.set(seoul("2026-11-02T10:00:00"))
    let window = (from: seoul("2026-11-02T10:00:00"), to: seoul("2026-11-02T12:00:00"))
    let victims = (0..<1_200).map { ($0 * 7) % 1_700 }
    #expect(Set(victims).count == 1_200)
    for (step, victim) in victims.enumerated() {
        // Every 6 seconds, from 10:00:00 to 11:59:54.
        if step > 0 { shop.clock.advance(6) }
        _ = try await vault.read(externalID: "c-\(victim)", items: victim % 100 == 3 ? ["name"] : ["email", "mobile"],
                                 by: Requester(actor: "shop-api", purpose: "membership", source: "203.0.113.9", token: stolen))
        if step % 2 == 0 {
            _ = try await vault.read(externalID: "c-\((step * 13) % people)", items: ["email", "name"],
                                     by: Requester(actor: "shop-api", purpose: "membership", source: "10.0.0.5", token: normal))
        }
    }
    // A read the rules refuse exposes nothing, whoever made it.
    await #expect(throws: VaultError.self) {
        _ = try await vault.read(externalID: "c-1999", items: ["card_number"], by: Requester(actor: "shop-api", purpose: "membership", source: "203.0.113.9", token: stolen))
    }
    shop.clock.set(seoul("2026-11-02T15:00:00"))

    // The officer learns of it at 15:00, opens an incident and scopes it by the token and the window.
    let incident = try await vault.openIncident(summary: "An old service token of the shop was used from an unknown address", by: "officer")
    #expect(incident.deadline == seoul("2026-11-05T15:00:00"), "72 hours from when it was learned of")
    let checkpoint = try await shop.log.checkpoint(signer: shop.signer, origin: shop.signer.name, at: shop.clock.function())
    let query = ScopeQuery(token: stolen, from: window.from, to: window.to)
    let evidence = try await shop.log.scope(query, against: checkpoint)
    let scope = try await vault.recordScope(incident.id, query: query, evidence: evidence, by: "officer")
    #expect(scope.people == 1_200 && scope.records == 1_200)
    #expect(Set(scope.items) == ["email", "mobile", "name"])
    let nameOnly = victims.filter { $0 % 100 == 3 }.count
    #expect(nameOnly > 0)

    // Exactly the people the thief read, each resolved to the person the vault holds, with what was exposed.
    let exposed = try await vault.exposedPeople(incident.id, version: scope.version, by: "officer")
    let expected = Set(try await victims.asyncMap { victim in try await subjectID(of: "c-\(victim)", in: shop) })
    #expect(Set(exposed.compactMap(\.subject)) == expected)
    #expect(exposed.allSatisfy { $0.subject != nil } && exposed.filter { Set($0.items) == ["email", "mobile"] }.count == 1_200 - nameOnly)

    // The same scope by the new address alone agrees; by the actor alone it takes in the shop's own reads too.
    let bySource = try await shop.log.tally(ScopeQuery(sources: ["203.0.113.9"], from: window.from, to: window.to), upTo: checkpoint.size)
    #expect(bySource.order.count == 1_200)
    let byActor = try await shop.log.tally(ScopeQuery(actor: "shop-api", from: window.from, to: window.to), upTo: checkpoint.size)
    #expect(byActor.order.count > 1_200 && byActor.items.contains("name"))

    // 1,200 people: the report to the PIPC or KISA is required.
    let decision = ReportDecision.decide(people: scope.people, items: scope.items.compactMap(vault.policy.item), fromOutside: false)
    #expect(decision.required && decision.grounds.map(\.code) == ["people"])

    // The scope stands against the signed log, and the log itself is intact.
    let kept = try #require(try await vault.incidentScopes(incident.id, by: "officer").last)
    #expect(kept == scope)
    #expect(try await shop.log.verify(kept, verifier: shop.signer.verifier) == [])
    let verification = try await shop.log.verify(verifier: shop.signer.verifier, origin: shop.signer.name)
    #expect(verification.intact, "\(verification.problems)")

    // Notices go to everyone the scope found who can be reached; the rest are listed and the notice is posted.
    let run = try await vault.notifyIncident(incident.id, text: BreachNoticeText(
        how: "2026년 11월 2일 10시부터 2시간 동안 도용된 서비스 토큰으로 조회됨", advice: "의심스러운 연락에 주의해 주십시오",
        measures: "토큰을 폐기하고 접근 기록을 점검했습니다"), by: "officer")
    #expect(run.queued == 1_200 - nameOnly && run.unreachable.count == nameOnly && run.posted)
    var delivered = 0
    while delivered < 120 {
        let batch = try await vault.dueMessages(limit: 50).filter { $0.kind == "breach-notice:\(incident.id)" }
        guard !batch.isEmpty else { break }
        for message in batch.prefix(120 - delivered) {
            try await vault.recordDelivery(of: message.seq, transport: "smtp", error: nil)
            delivered += 1
        }
    }
    let states = Dictionary(grouping: try await vault.incidentNotices(incident.id, by: "officer"), by: \.state).mapValues(\.count)
    #expect(states == ["delivered": 120, "queued": 1_200 - nameOnly - 120, "unreachable": nameOnly])
    #expect(try await vault.postedNotices().map(\.incident) == [incident.id])

    // A second incident on which nothing is done: 72 hours after it was learned of, the alert fires for it alone.
    let idle = try await vault.openIncident(summary: "A laptop with an export was reported lost", by: "officer")
    shop.clock.advance(Incident.responseWindow + 60)
    #expect(try await vault.alertOverdueIncidents().map(\.id) == [idle.id], "the notified incident is not overdue")

    // The timeline holds each step; someone who does not review the log may not scope, and the refusal is recorded.
    let timeline = try #require(try await vault.incident(incident.id, by: "officer")).timeline
    #expect(timeline.map(\.action) == ["opened", "scoped", "notified"])
    await #expect(throws: VaultError.self) {
        _ = try await vault.recordScope(incident.id, query: query, evidence: evidence, by: "shop-api")
    }
    await #expect(throws: VaultError.self) { _ = try await vault.incidents(by: "shop-api") }

    // A record of the scope altered in the store: its proof no longer leads to the signed root.
    let first = try #require(kept.first)
    try await shop.database.store.sql.raw("UPDATE log_entries SET entry = \(bind: Data("{}".utf8)) WHERE idx = \(bind: Int64(first))").run()
    let problems = try await shop.log.verify(kept, verifier: shop.signer.verifier)
    #expect(problems.contains { $0.contains("first record") && $0.contains("inclusion proof fails") }, "\(problems)")
}

@Test("an incident's text names no one, is bounded, and cannot have been learned of in the future")
func incidentTextIsChecked() async throws {
    let shop = try await Shop.open(.sqlite, at: seoul("2026-11-02T08:00:00"))
    defer { Task { await shop.database.discard() } }
    for summary in ["", String(repeating: "가", count: 2_001), "민지 (minji@example.kr)의 계정이 도용됨", "고객 010-1234-5678 신고"] {
        await #expect(throws: VaultError.self) { _ = try await shop.vault.openIncident(summary: summary, by: "officer") }
    }
    await #expect(throws: VaultError.self) {
        _ = try await shop.vault.openIncident(summary: "Leak reported", learnedAt: seoul("2026-11-03T08:00:00"), by: "officer")
    }
    let opened = try await shop.vault.openIncident(summary: "Laptop with an export lost", learnedAt: seoul("2026-11-01T20:00:00"), by: "officer")
    #expect(opened.deadline == seoul("2026-11-04T20:00:00"))
    try await shop.vault.noteIncident(opened.id, action: "closed", note: "recovered unopened", state: .closed, by: "officer")
    await #expect(throws: VaultError.self) {
        try await shop.vault.noteIncident(opened.id, action: "noted", note: nil, by: "officer")
    }
    #expect(try await shop.vault.incidents(by: "officer").map(\.state) == [.closed])
}

@Test("the report is required at 1,000 people, for sensitive information or unique identifiers, or for access from outside; otherwise not")
func reportThresholds() throws {
    let email = Item(id: "email", name: LocalizedText("이메일"))
    let rrn = Item(id: "rrn", name: LocalizedText(ko: "주민등록번호", en: "Resident registration number"), category: .residentRegistrationNumber)
    let health = Item(id: "health", name: LocalizedText("건강"), category: .sensitive)
    #expect(!ReportDecision.decide(people: 999, items: [email], fromOutside: false).required)
    #expect(ReportDecision.decide(people: 1_000, items: [email], fromOutside: false).grounds.map(\.code) == ["people"])
    #expect(ReportDecision.decide(people: 1, items: [email, rrn], fromOutside: false).grounds.map(\.code) == ["special"])
    #expect(ReportDecision.decide(people: 1, items: [health], fromOutside: false).grounds.first?.article == "PIPA Art. 34(3); Decree Art. 40(1)2")
    #expect(ReportDecision.decide(people: 1, items: [email], fromOutside: true).grounds.map(\.code) == ["outside"])
}

private func subjectID(of external: String, in shop: Shop) async throws -> String {
    try await shop.vault.subjectID(externalID: external, in: shop.database.store.sql)
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var values: [T] = []
        for element in self { values.append(try await transform(element)) }
        return values
    }
}

@Test("containing an incident revokes the stolen token at once and disables an actor, on the timeline; 72 hours under investigation raise one alert to the officer", arguments: TestBackend.available)
func containmentAndAlert(_ backend: TestBackend) async throws {
    let shop = try await Shop.open(backend, at: seoul("2026-11-02T08:00:00"))
    defer { Task { await shop.database.discard() } }
    let vault = shop.vault
    let token = try await vault.issueToken(for: "shop-api", by: "admin")
    let id = try #require(Vault.publicID(ofToken: token))
    #expect(try await vault.authenticate(token: token) == "shop-api")
    let incident = try await vault.openIncident(summary: "A token was used from an unknown address", by: "officer")
    try await vault.containIncident(incident.id, tokens: [id], actors: [], by: "officer")
    #expect(try await vault.authenticate(token: token) == nil, "the revoked token is refused at once")
    await #expect(throws: VaultError.self) { try await vault.containIncident(incident.id, tokens: [id], actors: [], by: "officer") }
    await #expect(throws: VaultError.self) { try await vault.containIncident(incident.id, tokens: ["jk_nosuch"], actors: [], by: "shop-api") }
    try await vault.containIncident(incident.id, tokens: [], actors: ["shop-api"], by: "officer")
    let contained = try #require(try await vault.incident(incident.id, by: "officer")).timeline.filter { $0.action == "contained" }
    #expect(contained.map(\.note) == ["revoked \(id)", "disabled shop-api"])

    // Nothing more is done: 72 hours after it was learned of, one alert, and the gauge counts it.
    shop.clock.advance(71 * 3600)
    let early = try await vault.alertOverdueIncidents()
    let earlyCount = try await vault.overdueIncidentCount()
    #expect(early.isEmpty && earlyCount == 0)
    shop.clock.advance(3600)
    #expect(try await vault.alertOverdueIncidents().map(\.id) == [incident.id])
    #expect(try await vault.alertOverdueIncidents().isEmpty, "alerted once")
    #expect(try await vault.overdueIncidentCount() == 1)
    let messages = try await shop.database.store.sql.raw("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'overdue-incident'").first()?.decode(column: "n", as: Int.self)
    #expect(messages == 1, "a message to the privacy officer waits in the outbox")
    // Once people are being told, it is no longer overdue.
    try await vault.noteIncident(incident.id, action: "notifying", note: "notices sent", state: .notifying, by: "officer")
    #expect(try await vault.overdueIncidentCount() == 0)
}

@Test("the people a scope found are notified through the outbox with what was exposed of them; those without a contact are listed and the notice is posted for them, naming no one; delivery is recorded per person", arguments: TestBackend.available)
func breachNotices(_ backend: TestBackend) async throws {
    let shop = try await Shop.open(backend, at: seoul("2026-11-02T08:00:00"))
    defer { Task { await shop.database.discard() } }
    let vault = shop.vault
    let creator = Requester(actor: "shop-api", purpose: "membership", source: "10.0.0.5")
    let people: [(String, [Identifier: String])] = [
        ("e-1", ["email": "one@example.kr", "name": "일"]), ("e-2", ["email": "two@example.kr", "name": "이"]),
        ("m-3", ["mobile": "010-3000-0003", "name": "삼"]), ("n-4", ["name": "사"]),
    ]
    for (external, values) in people { _ = try await vault.create(NewSubject(externalID: external, values: values), by: creator) }
    let stolen = try #require(Vault.publicID(ofToken: try await vault.issueToken(for: "shop-api", by: "admin")))
    let thief = Requester(actor: "shop-api", purpose: "membership", source: "203.0.113.9", token: stolen)
    for (external, values) in people {
        shop.clock.advance(10)
        _ = try await vault.read(externalID: external, items: Array(values.keys).sorted(), by: thief)
    }
    shop.clock.advance(600)
    let incident = try await vault.openIncident(summary: "A token was used from an unknown address", by: "officer")
    await #expect(throws: VaultError.self, "nothing to notify before a scope") {
        _ = try await vault.notifyIncident(incident.id, text: BreachNoticeText(how: "h", advice: "a", measures: "m"), by: "officer")
    }
    // A window to the millisecond, as `--to` now gives it: kept as given, so that counting again agrees.
    let query = ScopeQuery(token: stolen, from: seoul("2026-11-02T08:00:00"), to: shop.clock.function().addingTimeInterval(0.123))
    let checkpoint = try await shop.log.checkpoint(signer: shop.signer, origin: shop.signer.name, at: shop.clock.function())
    _ = try await vault.recordScope(incident.id, query: query, evidence: try await shop.log.scope(query, against: checkpoint), by: "officer")
    let kept = try #require(try await vault.incidentScopes(incident.id, by: "officer").last)
    #expect(Timestamp.string(kept.query.to) == Timestamp.string(query.to) && kept.query.token == query.token)
    #expect(try await shop.log.verify(kept, verifier: shop.signer.verifier) == [])

    let text = BreachNoticeText(how: "2026년 11월 2일 오전, 외부에 노출된 서비스 토큰으로 조회됨", advice: "비밀번호를 변경해 주십시오",
                                measures: "토큰을 폐기하고 접근 기록을 점검했습니다")
    let run = try await vault.notifyIncident(incident.id, text: text, by: "officer")
    #expect(run.queued == 3 && run.unreachable.map(\.reason) == ["no contact held"] && run.posted)
    let again = try await vault.notifyIncident(incident.id, text: text, by: "officer")
    #expect(again.queued == 0 && again.unreachable.isEmpty, "no one is notified twice")

    // Each notice is addressed to the person's e-mail, else phone, and says what was exposed of them.
    let messages = try await vault.dueMessages().filter { $0.kind == "breach-notice:\(incident.id)" }
    #expect(Set(messages.map(\.recipient)) == ["one@example.kr", "two@example.kr", "010-3000-0003"])
    let toOne = try #require(messages.first { $0.recipient == "one@example.kr" })
    #expect(toOne.body.contains("유출 등이 된 개인정보 항목: 이메일 주소, 이름") || toOne.body.contains("유출 등이 된 개인정보 항목: 이름, 이메일 주소"))
    for part in [text.how, text.advice, text.measures, "「개인정보 보호법」 제34조"] { #expect(toOne.body.contains(part)) }
    #expect(!toOne.body.contains("two@example.kr"))

    // Delivery is recorded per person.
    try await vault.recordDelivery(of: toOne.seq, transport: "smtp", error: nil)
    let states = Dictionary(grouping: try await vault.incidentNotices(incident.id, by: "officer"), by: \.state).mapValues(\.count)
    #expect(states == ["delivered": 1, "queued": 2, "unreachable": 1])

    // The posted notice lists the items found, and no one's contact or name.
    let posted = try #require(try await vault.postedNotices().first)
    #expect(posted.incident == incident.id && posted.notice.body.contains(text.how) && posted.notice.body.contains("개별 통지를 받지 못한 분들께"))
    for value in people.flatMap({ $0.1.values }) where value.count > 1 { #expect(!posted.notice.body.contains(value)) }
    let timeline = try #require(try await vault.incident(incident.id, by: "officer"))
    #expect(timeline.state == .notifying && timeline.timeline.map(\.action).contains("notified"))

    // The report to file states what is known, counts people and notices, and names no one.
    let facts = try #require(try await vault.reportFacts(incident.id, fromOutside: true, by: "officer"))
    #expect(facts.people == 4 && facts.decision.grounds.map(\.code) == ["outside"] && facts.notices["unreachable"] == 1)
    let report = BreachReportDocument.markdown(facts, kind: .interim, policy: vault.policy, at: shop.clock.function())
    for part in ["우선 신고", "| 정보주체 수 (People) | 4 ", text.how, "외부로부터의 불법적인 접근", "연락 불가 (unreachable) 1", incident.id,
                 "확인되지 않은 내용은 확인되는 즉시 추가로 신고합니다"] {
        #expect(report.contains(part), "the report lacks \(part)")
    }
    for value in people.flatMap({ $0.1.values }) where value.count > 1 { #expect(!report.contains(value)) }
    let opened = BreachReportDocument.markdown(try #require(try await vault.reportFacts(incident.id, fromOutside: false, by: "officer")),
                                               kind: .followUp, policy: vault.policy, at: shop.clock.function())
    #expect(opened.contains("추가 신고") && !opened.contains("확인되는 즉시 추가로 신고합니다") && opened.contains("해당 없음"))
    await #expect(throws: VaultError.self) { _ = try await vault.reportFacts(incident.id, fromOutside: false, by: "shop-api") }

    // Closed, the posting stays up 30 days, then goes.
    try await vault.noteIncident(incident.id, action: "closed", note: nil, state: .closed, by: "officer")
    shop.clock.advance(29 * 86_400)
    #expect(try await vault.postedNotices().count == 1)
    shop.clock.advance(2 * 86_400)
    #expect(try await vault.postedNotices().isEmpty)
}
