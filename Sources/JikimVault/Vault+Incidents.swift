import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// The incident register (PIPA Art. 34): breaches opened, scoped, worked on and closed. Every step is taken by an
/// actor whose role reviews the access log (the privacy officer and whoever they charge with it: the scope resolves
/// the log's pseudonyms to the people the vault holds) and is an access record, allowed or refused.
extension Vault {
    /// The purpose access records of a breach response are logged under.
    public static let incidentPurpose = "breach-response"

    /// A scope as the register keeps it: the query, the evidence it was computed from and its totals.
    public struct IncidentScopeRecord: Sendable, Hashable {
        public var version: Int
        public var computedAt: Date
        public var computedBy: String
        public var query: ScopeQuery
        /// The signed checkpoint (C2SP note) the scope was computed against, and the log size it covers.
        public var checkpointSize: UInt64
        public var checkpoint: String
        /// The log indexes of the first and last record used, with their inclusion proofs at `checkpointSize`.
        public var first: UInt64?
        public var last: UInt64?
        public var firstProof: [Data]
        public var lastProof: [Data]
        public var records: Int
        public var people: Int
        public var items: [Identifier]
    }

    /// What a scope found, ready to be kept: computed from the log by ``ExposureTally``, with its evidence.
    public struct ScopeEvidence: Sendable {
        public var tally: ExposureTally
        public var checkpointSize: UInt64
        public var checkpoint: String
        public var firstProof: [Data]
        public var lastProof: [Data]

        public init(tally: ExposureTally, checkpointSize: UInt64, checkpoint: String, firstProof: [Data], lastProof: [Data]) {
            self.tally = tally
            self.checkpointSize = checkpointSize
            self.checkpoint = checkpoint
            self.firstProof = firstProof
            self.lastProof = lastProof
        }
    }

    /// Opens an incident learned of at `learnedAt` (now when nil; never later than now) and returns it. The summary
    /// is kept and logged as written: it must say what is known without naming anyone.
    public func openIncident(summary: String, learnedAt: Date? = nil, handler: String? = nil, by actor: String,
                             source: String? = nil) async throws(VaultError) -> Incident {
        let now = clock()
        let learned = learnedAt ?? now
        try Self.checkIncidentText(summary, field: "summary", limit: 2_000)
        if let handler { try Self.checkIncidentText(handler, field: "handler", limit: 200) }
        guard learned <= now.addingTimeInterval(60) else {
            throw .invalidRequest("the incident cannot have been learned of in the future (\(Timestamp.string(learned)))")
        }
        return try await incidentStep(actor: actor, source: source, reason: "incident opened") { sql in
            // The day it was opened and the register's running number: INC-20261208-007 is the seventh incident.
            let count = try await sql.raw("SELECT COUNT(*) AS n FROM incidents").first()?.decode(column: "n", as: Int.self) ?? 0
            let id = String(format: "INC-%@-%03d", CivilDate(seoul: now).description.replacingOccurrences(of: "-", with: ""), count + 1)
            try await sql.insert(into: "incidents").columns("id", "learned_at", "opened_at", "opened_by", "summary", "handler", "state")
                .values(SQLBind(id), SQLBind(Timestamp.string(learned)), SQLBind(Timestamp.string(now)), SQLBind(actor),
                        SQLBind(summary), SQLBind(handler ?? actor), SQLBind(IncidentState.investigating.rawValue)).run()
            try await addIncidentEvent(id, action: "opened", note: nil, by: actor, at: now, in: sql)
            return Incident(id: id, learnedAt: learned, openedAt: now, openedBy: actor, summary: summary, handler: handler ?? actor,
                            timeline: [IncidentEvent(at: now, by: actor, action: "opened")])
        }
    }

    /// Adds a step to the incident's timeline — what was done or decided — and, where given, moves it to `state`.
    public func noteIncident(_ id: String, action: String, note: String?, state: IncidentState? = nil, by actor: String,
                             source: String? = nil) async throws(VaultError) {
        try Self.checkIncidentText(action, field: "action", limit: 40)
        if let note { try Self.checkIncidentText(note, field: "note", limit: 2_000) }
        let now = clock()
        try await incidentStep(actor: actor, source: source, reason: "incident \(action)") { sql in
            let current = try await incidentState(id, in: sql)
            guard current != .closed else { throw VaultError.invalidRequest("incident \(id) is closed") }
            if let state {
                try await sql.update("incidents").set("state", to: SQLBind(state.rawValue)).where("id", .equal, SQLBind(id)).run()
            }
            try await addIncidentEvent(id, action: action, note: note, by: actor, at: now, in: sql)
        }
    }

    /// Keeps a scope computed from the access log as the incident's next version: the pseudonyms it found are
    /// resolved to the people the vault holds (those it no longer holds keep their pseudonym alone). Returns it.
    public func recordScope(_ id: String, query: ScopeQuery, evidence: ScopeEvidence, by actor: String,
                            source: String? = nil) async throws(VaultError) -> IncidentScopeRecord {
        let now = clock()
        let tally = evidence.tally
        // Resolved on a read connection before the step, so that the writer is not held while every person held is
        // looked at; the step checks the actor's duty before anything is kept.
        try await requireLogReviewer(actor, source: source)
        let pseudonyms = Set(tally.order)
        let subjects = try await readIncidents { sql in try await self.subjects(withPseudonyms: pseudonyms, in: sql) }
        return try await incidentStep(actor: actor, source: source, reason: "incident scoped") { sql in
            guard try await incidentState(id, in: sql) != .closed else { throw VaultError.invalidRequest("incident \(id) is closed") }
            let version = (try await sql.raw("SELECT COALESCE(MAX(version), 0) AS v FROM incident_scopes WHERE incident_id = \(bind: id)")
                .first()?.decode(column: "v", as: Int.self) ?? 0) + 1
            let encodedQuery = String(decoding: try JSONEncoder.sorted.encode(query), as: UTF8.self)
            let items = tally.items
            try await sql.insert(into: "incident_scopes")
                .columns("incident_id", "version", "computed_at", "computed_by", "query", "checkpoint_size", "checkpoint", "first_index",
                         "last_index", "first_proof", "last_proof", "records", "people", "items")
                .values(SQLBind(id), SQLBind(version), SQLBind(Timestamp.string(now)), SQLBind(actor), SQLBind(encodedQuery),
                        SQLBind(Int64(evidence.checkpointSize)), SQLBind(evidence.checkpoint), SQLBind(tally.first.map(Int64.init)),
                        SQLBind(tally.last.map(Int64.init)), SQLBind(Self.proofText(evidence.firstProof)), SQLBind(Self.proofText(evidence.lastProof)),
                        SQLBind(tally.records), SQLBind(tally.order.count), SQLBind(items.joined(separator: ","))).run()
            try await sql.insertRows(into: "incident_people", columns: ["incident_id", "version", "pseudonym", "subject_id", "items"],
                                     rows: tally.order.map { pseudonym in
                                         [.text(id), .integer(version), .text(pseudonym), .text(subjects[pseudonym]),
                                          .text((tally.people[pseudonym] ?? []).joined(separator: ","))]
                                     })
            try await addIncidentEvent(id, action: "scoped", note: "version \(version): \(tally.order.count) people, \(tally.records) records",
                                       by: actor, at: now, in: sql)
            return IncidentScopeRecord(version: version, computedAt: now, computedBy: actor, query: query, checkpointSize: evidence.checkpointSize,
                                       checkpoint: evidence.checkpoint, first: tally.first, last: tally.last, firstProof: evidence.firstProof,
                                       lastProof: evidence.lastProof, records: tally.records, people: tally.order.count, items: items)
        }
    }

    /// The incident with its timeline, or nil when there is none with this ID; read by a reviewer of the log.
    public func incident(_ id: String, by actor: String, source: String? = nil) async throws(VaultError) -> Incident? {
        try await requireLogReviewer(actor, source: source)
        return try await readIncidents { sql in try await self.incident(id, in: sql) }
    }

    /// Every incident, the latest opened first.
    public func incidents(by actor: String, source: String? = nil) async throws(VaultError) -> [Incident] {
        try await requireLogReviewer(actor, source: source)
        return try await readIncidents { sql in
            var found: [Incident] = []
            for row in try await sql.select().column("id").from("incidents").orderBy("opened_at", .descending).all() {
                if let incident = try await self.incident(try row.decode(column: "id", as: String.self), in: sql) { found.append(incident) }
            }
            return found
        }
    }

    /// The incident's scopes, oldest first.
    public func incidentScopes(_ id: String, by actor: String, source: String? = nil) async throws(VaultError) -> [IncidentScopeRecord] {
        try await requireLogReviewer(actor, source: source)
        return try await readIncidents { sql in
            try await sql.select().columns("*").from("incident_scopes").where("incident_id", .equal, SQLBind(id)).orderBy("version").all().map { row in
                let query = try JSONDecoder.timestamps.decode(ScopeQuery.self, from: Data(try row.decode(column: "query", as: String.self).utf8))
                return IncidentScopeRecord(
                    version: try row.decode(column: "version", as: Int.self),
                    computedAt: Timestamp.date(try row.decode(column: "computed_at", as: String.self)) ?? .distantPast,
                    computedBy: try row.decode(column: "computed_by", as: String.self), query: query,
                    checkpointSize: UInt64(max(0, try row.decode(column: "checkpoint_size", as: Int64.self))),
                    checkpoint: try row.decode(column: "checkpoint", as: String.self),
                    first: try row.decode(column: "first_index", as: Int64?.self).map { UInt64(max(0, $0)) },
                    last: try row.decode(column: "last_index", as: Int64?.self).map { UInt64(max(0, $0)) },
                    firstProof: Self.proof(try row.decode(column: "first_proof", as: String?.self)),
                    lastProof: Self.proof(try row.decode(column: "last_proof", as: String?.self)),
                    records: try row.decode(column: "records", as: Int.self), people: try row.decode(column: "people", as: Int.self),
                    items: try row.decode(column: "items", as: String.self).split(separator: ",").map(String.init))
            }
        }
    }

    /// The people a scope version found: each pseudonym, the person the vault holds under it (nil when no longer
    /// held) and the items exposed.
    public func exposedPeople(_ id: String, version: Int, by actor: String, source: String? = nil) async throws(VaultError) -> [ExposedPerson] {
        try await requireLogReviewer(actor, source: source)
        return try await readIncidents { sql in
            try await sql.select().columns("pseudonym", "subject_id", "items").from("incident_people")
                .where("incident_id", .equal, SQLBind(id)).where("version", .equal, SQLBind(version)).orderBy("pseudonym").all().map { row in
                    ExposedPerson(pseudonym: try row.decode(column: "pseudonym", as: String.self),
                                  subject: try row.decode(column: "subject_id", as: String?.self),
                                  items: try row.decode(column: "items", as: String.self).split(separator: ",").map(String.init))
                }
        }
    }

    /// Contains an incident: revokes the service tokens and ends the sessions given by their public IDs (`jk_…`,
    /// `js_…`), and disables the actors given, in one step recorded on the incident's timeline and, for each
    /// change, in the record of staff rights.
    public func containIncident(_ id: String, tokens: [String], actors: [String], by actor: String,
                                source: String? = nil) async throws(VaultError) {
        guard !tokens.isEmpty || !actors.isEmpty else { throw .invalidRequest("name a token or an actor to contain") }
        let now = clock()
        let stamp = Timestamp.string(now)
        try await incidentStep(actor: actor, source: source, reason: "incident contained") { sql in
            guard try await incidentState(id, in: sql) != .closed else { throw VaultError.invalidRequest("incident \(id) is closed") }
            var done: [String] = []
            for token in tokens {
                let parts = token.split(separator: "_", maxSplits: 1).map(String.init)
                guard parts.count == 2, parts[0] == "jk" || parts[0] == "js" else {
                    throw VaultError.invalidRequest("'\(token)' is not a token's public ID (jk_…, js_…)")
                }
                let table = parts[0] == "jk" ? "service_tokens" : "staff_sessions"
                let column = parts[0] == "jk" ? "revoked_at" : "ended_at"
                guard let row = try await sql.select().column("actor_id").from(table).where("id", .equal, SQLBind(parts[1]))
                    .where(SQLIdentifier(column), .is, SQLLiteral.null).first() else {
                    throw VaultError.invalidRequest("there is no live token or session \(token)")
                }
                try await sql.update(table).set(SQLIdentifier(column), to: SQLBind(stamp)).where("id", .equal, SQLBind(parts[1])).run()
                try await recordRoleChange(actor: try row.decode(column: "actor_id", as: String.self), role: "-",
                                           action: "\(parts[0] == "jk" ? "token revoked" : "session ended"): \(parts[1]) (incident \(id))", by: actor, in: sql)
                done.append("\(parts[0] == "jk" ? "revoked" : "ended") \(token)")
            }
            for target in actors {
                guard try await sql.select().column("id").from("actors").where("id", .equal, SQLBind(target)).first() != nil else {
                    throw VaultError.unknownActor(target)
                }
                try await sql.update("actors").set("disabled_at", to: SQLBind(stamp)).where("id", .equal, SQLBind(target))
                    .where(SQLIdentifier("disabled_at"), .is, SQLLiteral.null).run()
                try await sql.update("staff_sessions").set("ended_at", to: SQLBind(stamp)).where("actor_id", .equal, SQLBind(target))
                    .where(SQLIdentifier("ended_at"), .is, SQLLiteral.null).run()
                try await recordRoleChange(actor: target, role: "-", action: "disabled (incident \(id))", by: actor, in: sql)
                done.append("disabled \(target)")
            }
            try await addIncidentEvent(id, action: "contained", note: done.joined(separator: "; "), by: actor, at: now, in: sql)
        }
    }

    /// What notifying came to: how many notices wait in the outbox, and who could not be told and why.
    public struct NotificationRun: Sendable {
        public var queued: Int
        public var unreachable: [(pseudonym: String, reason: String)]
        public var posted: Bool
    }

    /// Notifies the people the incident's latest scope found (Art. 34(1)): each notice, in Korean and English with
    /// the items exposed of that person, goes to the outbox addressed to the person's e-mail (else phone), sealed
    /// under that item's data key, each a `notify` access record. People it cannot reach — no longer held, or
    /// holding no contact — are listed, and the notice is posted at `/notices/breach/<id>` for them (at least 30
    /// days). People notified under an earlier run are not notified again. The incident moves to `notifying`.
    public func notifyIncident(_ id: String, text: BreachNoticeText, by actor: String,
                               source: String? = nil) async throws(VaultError) -> NotificationRun {
        for (field, value) in [("how", text.how), ("advice", text.advice), ("measures", text.measures)] {
            try Self.checkIncidentText(value, field: field, limit: 2_000)
        }
        let now = clock()
        let contacts = policy.items.filter { $0.type == .email || $0.type == .phone }.map(\.id)
        let authorisation = AccessRules.scheduled(actor: actor, operation: .notify, purpose: Self.incidentPurpose, items: contacts)
        return try await incidentStep(actor: actor, source: source, reason: "incident notices") { sql in
            guard try await incidentState(id, in: sql) != .closed else { throw VaultError.invalidRequest("incident \(id) is closed") }
            guard let version = try await sql.raw("SELECT MAX(version) AS v FROM incident_scopes WHERE incident_id = \(bind: id)").first()?
                .decode(column: "v", as: Int?.self) else {
                throw VaultError.invalidRequest("incident \(id) has not been scoped: scope it first, so that Jikim knows whom to notify")
            }
            let done = Set(try await sql.select().column("pseudonym").from("incident_notices").where("incident_id", .equal, SQLBind(id)).all()
                .map { try $0.decode(column: "pseudonym", as: String.self) })
            let people = try await sql.select().columns("pseudonym", "subject_id", "items").from("incident_people")
                .where("incident_id", .equal, SQLBind(id)).where("version", .equal, SQLBind(version)).orderBy("pseudonym").all()
            var run = NotificationRun(queued: 0, unreachable: [], posted: false)
            var records: [AccessRecord] = []
            var notices: [[SQLValue]] = []
            for row in people {
                let pseudonym = try row.decode(column: "pseudonym", as: String.self)
                guard !done.contains(pseudonym) else { continue }
                let items = try row.decode(column: "items", as: String.self).split(separator: ",").map(String.init)
                guard let subject = try row.decode(column: "subject_id", as: String?.self) else {
                    run.unreachable.append((pseudonym, "no longer held"))
                    notices.append([.text(id), .text(pseudonym), .text(nil), .text("unreachable"), .text("no longer held"), .text(Timestamp.string(now))])
                    continue
                }
                guard let contact = try await contact(of: subject, under: authorisation, in: sql) else {
                    run.unreachable.append((pseudonym, "no contact held"))
                    notices.append([.text(id), .text(pseudonym), .text(subject), .text("unreachable"), .text("no contact held"), .text(Timestamp.string(now))])
                    continue
                }
                let notice = BreachNotice(policy: policy, items: items, text: text)
                try await enqueue(kind: "breach-notice:\(id)", about: subject, sealedUnder: contact.retentionClass, recipient: contact.value,
                                  title: notice.subject, body: notice.body, at: now, in: sql)
                records.append(AccessRecord(actor: actor, at: now, source: source, subject: pseudonym, operation: .notify,
                                            purpose: Self.incidentPurpose, items: [contact.item], outcome: .allowed))
                notices.append([.text(id), .text(pseudonym), .text(subject), .text("queued"), .text(nil), .text(Timestamp.string(now))])
                run.queued += 1
            }
            try await sql.insertRows(into: "incident_notices", columns: ["incident_id", "pseudonym", "subject_id", "outcome", "reason", "at"], rows: notices)
            try await recorder.record(records, in: sql)
            let encoded = String(decoding: try JSONEncoder.sorted.encode(text), as: UTF8.self)
            try await sql.update("incidents").set("notice", to: SQLBind(encoded)).set("state", to: SQLBind(IncidentState.notifying.rawValue))
                .where("id", .equal, SQLBind(id)).run()
            if !run.unreachable.isEmpty {
                try await sql.update("incidents").set("posted_at", to: SQLBind(Timestamp.string(now))).where("id", .equal, SQLBind(id))
                    .where(SQLIdentifier("posted_at"), .is, SQLLiteral.null).run()
                run.posted = true
            }
            try await addIncidentEvent(id, action: "notified", note: "\(run.queued) notices queued, \(run.unreachable.count) people unreachable"
                                       + (run.posted ? "; notice posted on the website" : ""), by: actor, at: now, in: sql)
            return run
        }
    }

    /// Where each notice of the incident stands: queued, delivered, failed (from the outbox) or unreachable, by person.
    public func incidentNotices(_ id: String, by actor: String, source: String? = nil) async throws(VaultError) -> [(pseudonym: String, state: String, detail: String?)] {
        try await requireLogReviewer(actor, source: source)
        return try await readIncidents { sql in
            let rows = try await sql.raw("""
                SELECT n.pseudonym, n.outcome, n.reason, o.delivered_at, o.failed_at, o.last_error FROM incident_notices n
                LEFT JOIN outbox o ON o.subject_id = n.subject_id AND o.kind = \(bind: "breach-notice:\(id)")
                WHERE n.incident_id = \(bind: id) ORDER BY n.pseudonym
                """).all()
            return try rows.map { row in
                let pseudonym = try row.decode(column: "pseudonym", as: String.self)
                if try row.decode(column: "outcome", as: String.self) == "unreachable" {
                    return (pseudonym, "unreachable", try row.decode(column: "reason", as: String?.self))
                }
                if try row.decode(column: "delivered_at", as: String?.self) != nil { return (pseudonym, "delivered", nil) }
                if try row.decode(column: "failed_at", as: String?.self) != nil { return (pseudonym, "failed", try row.decode(column: "last_error", as: String?.self)) }
                return (pseudonym, "queued", nil)
            }
        }
    }

    /// What the report to the PIPC or KISA states, from the incident, its latest scope and its notices; nil when
    /// there is no such incident. `fromOutside` is the officer's judgement that it came from unauthorised access
    /// from outside.
    public func reportFacts(_ id: String, fromOutside: Bool, by actor: String, source: String? = nil) async throws(VaultError) -> BreachReportDocument.Facts? {
        guard let incident = try await incident(id, by: actor, source: source) else { return nil }
        let scope = try await incidentScopes(id, by: actor, source: source).last
        let notices = Dictionary(grouping: try await incidentNotices(id, by: actor, source: source), by: \.state).mapValues(\.count)
        let (text, posted) = try await readIncidents { sql in
            let row = try await sql.select().columns("notice", "posted_at").from("incidents").where("id", .equal, SQLBind(id)).first()
            let text = try row?.decode(column: "notice", as: String?.self).map { try JSONDecoder().decode(BreachNoticeText.self, from: Data($0.utf8)) }
            return (text, try row?.decode(column: "posted_at", as: String?.self) != nil)
        }
        let items = scope?.items ?? []
        return BreachReportDocument.Facts(
            incident: incident, people: scope?.people ?? 0, records: scope?.records ?? 0, items: items, text: text, notices: notices, posted: posted,
            decision: ReportDecision.decide(people: scope?.people ?? 0, items: items.compactMap(policy.item), fromOutside: fromOutside))
    }

    /// A breach notice posted on the website for the people who could not be told: what the public page shows.
    public struct PostedNotice: Sendable, Hashable {
        public var incident: String
        public var postedAt: Date
        public var notice: BreachNotice
    }

    /// The notices posted on the website: each shown from when it was posted for at least 30 days, and for as long
    /// as the incident is open (Decree Art. 39). No one is named: the items are all those the scope found.
    public func postedNotices() async throws(VaultError) -> [PostedNotice] {
        let now = clock()
        let policy = self.policy
        return try await readIncidents { sql in
            let rows = try await sql.select().columns("id", "state", "notice", "posted_at").from("incidents")
                .where(SQLIdentifier("posted_at"), .isNot, SQLLiteral.null).orderBy("posted_at", .descending).all()
            var posted: [PostedNotice] = []
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                // A notice is posted only once its text is kept; one that cannot be read is an error, not left off.
                guard let at = Timestamp.date(try row.decode(column: "posted_at", as: String.self)),
                      let noticeText = try row.decode(column: "notice", as: String?.self) else { continue }
                let text = try JSONDecoder().decode(BreachNoticeText.self, from: Data(noticeText.utf8))
                let open = try row.decode(column: "state", as: String.self) != IncidentState.closed.rawValue
                guard open || now < at.addingTimeInterval(Self.postingDays * 86_400) else { continue }
                let items = try await sql.raw("""
                    SELECT items FROM incident_scopes WHERE incident_id = \(bind: id) ORDER BY version DESC LIMIT 1
                    """).first()?.decode(column: "items", as: String.self).split(separator: ",").map(String.init) ?? []
                posted.append(PostedNotice(incident: id, postedAt: at, notice: BreachNotice(policy: policy, items: items, text: text, posted: true)))
            }
            return posted
        }
    }

    /// How long a posted notice stays up at least, in days (Decree Art. 39).
    public static let postingDays: Double = 30

    /// Alerts the privacy officer, once, of each incident still under investigation 72 hours after it was learned
    /// of — notices and any report were due by then (Art. 34) —, through the outbox, and notes it on the timeline.
    /// Returns the incidents alerted.
    public func alertOverdueIncidents() async throws(VaultError) -> [Incident] {
        let now = clock()
        let due = Timestamp.string(now.addingTimeInterval(-Incident.responseWindow))
        var alerted: [Incident] = []
        try await write { sql in
            let rows = try await sql.select().column("id").from("incidents").where("state", .equal, SQLBind(IncidentState.investigating.rawValue))
                .where("learned_at", .lessThanOrEqual, SQLBind(due)).where(SQLIdentifier("alerted_at"), .is, SQLLiteral.null).limit(100).all()
            for row in rows {
                guard let incident = try await incident(try row.decode(column: "id", as: String.self), in: sql) else { continue }
                if let officer = (policy.officer ?? policy.department)?.email {
                    try await enqueueStaffMessage(
                        kind: "overdue-incident", recipient: officer,
                        title: "[Jikim] 유출 통지·신고 기한 경과: \(incident.id) / Breach response overdue",
                        body: """
                            \(incident.id)(\(Timestamp.string(incident.learnedAt)) 인지)의 통지·신고 기한 \(Timestamp.string(incident.deadline))이 지났으나 아직 조사 중입니다(「개인정보 보호법」 제34조).

                            Incident \(incident.id), learned of at \(Timestamp.string(incident.learnedAt)), was due for notices and any report by \(Timestamp.string(incident.deadline)) and is still under investigation (PIPA Art. 34).
                            """,
                        at: now, in: sql)
                }
                try await sql.update("incidents").set("alerted_at", to: SQLBind(Timestamp.string(now))).where("id", .equal, SQLBind(incident.id)).run()
                try await addIncidentEvent(incident.id, action: "overdue-alert", note: "72 hours passed", by: Self.sweepActor, at: now, in: sql)
                alerted.append(incident)
            }
        }
        return alerted
    }

    /// How many incidents are still under investigation 72 hours after they were learned of.
    public func overdueIncidentCount() async throws(VaultError) -> Int {
        let due = Timestamp.string(clock().addingTimeInterval(-Incident.responseWindow))
        do {
            return try await store.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("incidents")
                .where("state", .equal, SQLBind(IncidentState.investigating.rawValue)).where("learned_at", .lessThanOrEqual, SQLBind(due))
                .first()?.decode(column: "n", as: Int.self) ?? 0
        } catch {
            throw .storage(String(describing: error))
        }
    }

    // MARK: - Inside

    /// One step of a breach response: the actor must review the log; the step and its access record commit together.
    private func incidentStep<T: Sendable>(actor: String, source: String?, reason: String,
                                           _ body: (any SQLDatabase) async throws -> T) async throws(VaultError) -> T {
        let now = clock()
        return try await decided { sql -> Decided<T> in
            let refusal = AccessRefusal.roleDoesNotReview(actor: actor)
            switch AccessRules.decideDuty(.reviewsAccessLog, actor: actor, roles: try await roles(of: actor, in: sql), operation: .incident,
                                          purpose: Self.incidentPurpose, under: policy, otherwise: refusal) {
            case .failure(let refusal):
                return .refused(refusal, AccessRecord(actor: actor, at: now, source: source, subject: "-", operation: .incident,
                                                      purpose: Self.incidentPurpose, items: [], outcome: .refused(code: refusal.code)))
            case .success:
                let result = try await body(sql)
                try await recorder.record([AccessRecord(actor: actor, at: now, source: source, subject: "-", operation: .incident,
                                                        purpose: Self.incidentPurpose, items: [], outcome: .allowed, reason: reason)], in: sql)
                return .done(result)
            }
        }
    }

    private func readIncidents<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws(VaultError) -> T {
        do {
            return try await store.read(body)
        } catch let error as VaultError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
    }

    private func incident(_ id: String, in sql: any SQLDatabase) async throws -> Incident? {
        guard let row = try await sql.select().columns("*").from("incidents").where("id", .equal, SQLBind(id)).first() else { return nil }
        let timeline = try await sql.select().columns("at", "by", "action", "note").from("incident_events")
            .where("incident_id", .equal, SQLBind(id)).orderBy("seq").all().map { event in
                IncidentEvent(at: Timestamp.date(try event.decode(column: "at", as: String.self)) ?? .distantPast,
                              by: try event.decode(column: "by", as: String.self), action: try event.decode(column: "action", as: String.self),
                              note: try event.decode(column: "note", as: String?.self))
            }
        return Incident(
            id: id, learnedAt: Timestamp.date(try row.decode(column: "learned_at", as: String.self)) ?? .distantPast,
            openedAt: Timestamp.date(try row.decode(column: "opened_at", as: String.self)) ?? .distantPast,
            openedBy: try row.decode(column: "opened_by", as: String.self), summary: try row.decode(column: "summary", as: String.self),
            handler: try row.decode(column: "handler", as: String.self),
            state: IncidentState(rawValue: try row.decode(column: "state", as: String.self)) ?? .investigating, timeline: timeline)
    }

    private func incidentState(_ id: String, in sql: any SQLDatabase) async throws -> IncidentState {
        guard let row = try await sql.select().column("state").from("incidents").where("id", .equal, SQLBind(id)).first() else {
            throw VaultError.invalidRequest("there is no incident \(id)")
        }
        return IncidentState(rawValue: try row.decode(column: "state", as: String.self)) ?? .investigating
    }

    private func addIncidentEvent(_ id: String, action: String, note: String?, by actor: String, at now: Date, in sql: any SQLDatabase) async throws {
        try await sql.insert(into: "incident_events").columns("incident_id", "at", "by", "action", "note")
            .values(SQLBind(id), SQLBind(Timestamp.string(now)), SQLBind(actor), SQLBind(action), SQLBind(note)).run()
    }

    /// The people the vault holds under these pseudonyms. A pseudonym is a keyed hash of a person's ID, so each
    /// person's is computed and compared: the cost grows with the people held, not with the log.
    func subjects(withPseudonyms pseudonyms: Set<String>, in sql: any SQLDatabase) async throws -> [String: String] {
        guard !pseudonyms.isEmpty else { return [:] }
        var found: [String: String] = [:]
        var after = ""
        while found.count < pseudonyms.count {
            let rows = try await sql.select().column("id").from("subjects").where("id", .greaterThan, SQLBind(after)).orderBy("id").limit(10_000).all()
            guard let lastRow = rows.last else { break }
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                let pseudonym = cipher.pseudonym(id)
                if pseudonyms.contains(pseudonym) { found[pseudonym] = id }
            }
            after = try lastRow.decode(column: "id", as: String.self)
        }
        return found
    }

    /// Text of the register is kept and logged as written: bounded, and nothing in it may look like personal
    /// information.
    static func checkIncidentText(_ text: String, field: String, limit: Int) throws(VaultError) {
        guard !text.allSatisfy(\.isWhitespace) else { throw .invalidRequest("the incident's \(field) is empty") }
        guard text.count <= limit else { throw .invalidRequest("the incident's \(field) has \(text.count) characters; at most \(limit)") }
        guard !AccessRules.looksPersonal(text) else {
            throw .invalidRequest("the incident's \(field) looks like it holds personal information (an e-mail address or a long number): say what happened without naming anyone")
        }
    }

    static func proofText(_ proof: [Data]) -> String { proof.map { $0.base64EncodedString() }.joined(separator: ",") }

    static func proof(_ text: String?) -> [Data] {
        (text ?? "").split(separator: ",").compactMap { Data(base64Encoded: String($0)) }
    }
}

extension JSONDecoder {
    /// Times as the store writes them (UTC, to the millisecond), so that a query read back is the query kept.
    static var timestamps: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Timestamp.date(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a time: \(text)"))
            }
            return date
        }
        return decoder
    }
}

extension JSONEncoder {
    /// Keys sorted, so that the same query is always kept as the same text; times to the millisecond.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(date))
        }
        return encoder
    }
}
