import Crypto
import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// Following, listing, refusing and withdrawing requests, and the alerts for those past their deadline.
extension Vault {
    /// The request a follow token names, with its steps.
    public func requestStatus(followToken: String) async throws(VaultError) -> (summary: RequestSummary, steps: [RequestStep]) {
        do {
            return try await store.read { sql in
                let row = try await followedRequest(followToken, in: sql)
                let summary = try summary(of: row)
                return (summary, try await steps(of: summary.number, in: sql))
            }
        } catch let error as VaultError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// The answer of a completed or refused request, opened for the filer who holds its follow token.
    public func requestAnswer(followToken: String) async throws(VaultError) -> RequestAnswer? {
        do {
            return try await store.read { sql in try await openAnswer(of: try await followedRequest(followToken, in: sql)) }
        } catch let error as VaultError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// Requests, newest first: the open ones, the overdue ones, the closed ones or all; of one kind when `kind` is
    /// given; `limit` of them after skipping `offset`.
    public func requests(
        _ filter: RequestFilter = .open, kind: RequestKind? = nil, limit: Int = 100, offset: Int = 0, by actor: String
    ) async throws(VaultError) -> [RequestSummary] {
        let today = CivilDate(seoul: clock())
        do {
            return try await store.read { sql in
                try await requireRequestHandler(actor, in: sql)
                var query = sql.select().column("*").from("rights_requests")
                switch filter {
                case .all: break
                case .closed: query = query.where("state", .notIn, SQLBind.group(RequestState.allCases.filter(\.isOpen).map(\.rawValue)))
                case .open: query = query.where("state", .in, SQLBind.group(RequestState.allCases.filter(\.isOpen).map(\.rawValue)))
                case .overdue:
                    query = query.where("state", .in, SQLBind.group(RequestState.allCases.filter(\.isOpen).map(\.rawValue)))
                        .where("deadline", .lessThan, SQLBind(today.description)).where(SQLIdentifier("postponed_at"), .is, SQLLiteral.null)
                }
                if let kind { query = query.where("kind", .equal, SQLBind(kind.rawValue)) }
                return try await query.orderBy("received_at", .descending).orderBy("number", .descending).limit(max(1, min(limit, 1000)))
                    .offset(max(0, offset)).all().map(summary(of:))
            }
        } catch let error as VaultError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// One request with its steps and answer, for staff. An answer holds the person's information (what an access
    /// gave them): opening it is an access record, for the request's purpose, in the same transaction.
    public func request(
        _ number: String, by actor: String, source: String? = nil
    ) async throws(VaultError) -> (summary: RequestSummary, steps: [RequestStep], answer: RequestAnswer?) {
        let now = clock()
        do {
            return try await store.transaction { sql in
                try await requireRequestHandler(actor, in: sql)
                guard let row = try await sql.select().column("*").from("rights_requests").where("number", .equal, SQLBind(number)).first() else {
                    throw VaultError.unknownRequest
                }
                let answer = try await openAnswer(of: row)
                if answer != nil, let subject = try row.decode(column: "subject_id", as: String?.self) {
                    try await recorder.record([AccessRecord(
                        actor: actor, at: now, source: source, subject: cipher.pseudonym(subject), operation: .read, purpose: Self.requestPurpose,
                        items: [], outcome: .allowed, reason: "the answer to request \(number)")], in: sql)
                }
                return (try summary(of: row), try await steps(of: number, in: sql), answer)
            }
        } catch let error as VaultError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
    }

    // MARK: - Withdrawing and refusing

    /// The filer withdraws their request (through the form, with its follow token).
    public func withdrawRequest(followToken: String) async throws(VaultError) {
        let now = clock()
        try await write { sql in
            let row = try await followedRequest(followToken, in: sql)
            try await close(row, .withdraw, actor: Self.requestFormActor, at: now, in: sql)
        }
    }

    /// Staff record that the filer withdrew the request (by letter, call or visit).
    public func withdrawRequest(_ number: String, by requester: Requester) async throws(VaultError) {
        let now = clock()
        try await write { sql in
            try await requireRequestHandler(requester.actor, in: sql)
            try await close(try await requestRow(number, in: sql), .withdraw, actor: requester.actor, at: now, in: sql)
        }
    }

    /// Refuses the request on a ground the law gives, with a note for the person (no personal information); the
    /// answer tells them the ground and how to object.
    public func refuseRequest(_ number: String, ground: RefusalGround, note: String?, by requester: Requester) async throws(VaultError) {
        if let note, !AccessRules.isAcceptableReason(note) {
            throw .invalidRequest("field note: at most 200 characters, with no e-mail address or long number (it is kept as written)")
        }
        let now = clock()
        try await write { sql in
            try await requireRequestHandler(requester.actor, in: sql)
            try await refuse(try await requestRow(number, in: sql), ground: ground, note: note, actor: requester.actor, source: requester.source,
                             at: now, in: sql)
        }
    }

    private func refuse(
        _ row: any SQLRow, ground: RefusalGround, note: String?, actor: String, source: String?, at now: Date, in sql: any SQLDatabase
    ) async throws {
        let summary = try summary(of: row)
        try await close(row, .refuse(ground), actor: actor, at: now, in: sql)
        var answer = RequestAnswer(kind: summary.kind)
        answer.refusal = Language.each { RefusalNotice(ground: ground, note: note, policy: policy, language: $0) }
        try await storeAnswer(answer, for: row, in: sql)
        try await sql.update("rights_requests").set("refusal_ground", to: SQLBind(ground.rawValue)).set("refusal_note", to: SQLBind(note))
            .where("number", .equal, SQLBind(summary.number)).run()
        if let subject = try row.decode(column: "subject_id", as: String?.self) {
            try await recordRequestAccess(summary.kind, subject: subject, step: "refused", actor: actor, source: source, at: now, in: sql)
        }
    }

    /// Puts off an access or transmission request for a justified reason, told to the person in `note` (no personal
    /// information); it stays in progress, is not counted overdue, and is completed once the reason ends (Art. 35(3)).
    public func postponeRequest(_ number: String, note: String, by requester: Requester) async throws(VaultError) {
        guard AccessRules.isAcceptableReason(note) else {
            throw .invalidRequest("field note: the reason, at most 200 characters, with no e-mail address or long number (it is kept as written)")
        }
        let now = clock()
        try await write { sql in
            let (row, summary) = try await requestForStep(number, .postpone, by: requester.actor, in: sql)
            try await sql.update("rights_requests").set("postponed_at", to: SQLBind(Timestamp.string(now))).set("postponement", to: SQLBind(note))
                .where("number", .equal, SQLBind(number)).run()
            try await setState(number, .inProgress, step: "postponed", actor: requester.actor, at: now, in: sql)
            if let subject = try row.decode(column: "subject_id", as: String?.self) {
                try await recordRequestAccess(summary.kind, subject: subject, step: "postponed", actor: requester.actor, source: requester.source,
                                              at: now, in: sql)
            }
        }
    }

    /// How long a request filed on the form may wait for its code before it is closed.
    public static let unconfirmedLifetime: TimeInterval = 7 * 86_400

    /// Closes the requests filed on the form whose filer has not confirmed who they are within a week: refused on the
    /// ground that identity was not confirmed (Decree Art. 46). Every unconfirmed request is closed the same way,
    /// whether or not its contact was anyone's, so that closing reveals nothing either; and none of them reaches its
    /// deadline unanswered. An agent's request waits for staff to check its document instead. Returns how many were
    /// closed.
    public func closeUnconfirmedRequests() async throws(VaultError) -> Int {
        let now = clock()
        var closed = 0
        try await write { sql in
            let rows = try await sql.select().column("*").from("rights_requests")
                .where("state", .in, SQLBind.group([RequestState.received.rawValue, RequestState.verifying.rawValue]))
                .where("filer", .notEqual, SQLBind("agent")) // waiting for staff, whom the overdue alert reminds
                .where("received_at", .lessThan, SQLBind(Timestamp.string(now.addingTimeInterval(-Self.unconfirmedLifetime)))).limit(500).all()
            for row in rows {
                try await refuse(row, ground: .identityNotConfirmed, note: "not confirmed within 7 days", actor: Self.sweepActor, source: nil,
                                 at: now, in: sql)
                closed += 1
            }
        }
        return closed
    }

    // MARK: - Retention of request records

    /// Deletes the records of requests closed before the period the policy keeps them for (`rights.keep_requests`,
    /// 3 years by default) ended: the request, its sealed contents, an agent's document and its steps. Each is logged.
    /// Returns how many.
    public func pruneRequestRecords() async throws(VaultError) -> Int {
        let now = clock()
        let keep = policy.rights?.keepRequests ?? RightsExercise.defaultKeepRequests
        let cutoff = Timestamp.string(CivilDate(seoul: now).firstDayStillWithin(keep).seoulMidnight)
        var pruned = 0
        try await write { sql in
            let rows = try await sql.select().columns("number", "kind", "subject_id").from("rights_requests")
                .where("state", .in, SQLBind.group(RequestState.allCases.filter { !$0.isOpen }.map(\.rawValue)))
                .where("closed_at", .lessThan, SQLBind(cutoff)).orderBy("closed_at").limit(500).all()
            guard !rows.isEmpty else { return }
            let numbers = try rows.map { try $0.decode(column: "number", as: String.self) }
            for table in ["request_events", "pending_corrections", "request_documents"] {
                try await sql.delete(from: table).where("number", .in, SQLBind.group(numbers)).run()
            }
            try await sql.delete(from: "rights_requests").where("number", .in, SQLBind.group(numbers)).run()
            for row in rows {
                guard let kind = RequestKind(rawValue: try row.decode(column: "kind", as: String.self)),
                      let subject = try row.decode(column: "subject_id", as: String?.self) else { continue }
                try await recordRequestAccess(kind, subject: subject, step: "record deleted after \(keep)", actor: Self.sweepActor, source: nil,
                                              at: now, in: sql)
            }
            pruned = rows.count
        }
        return pruned
    }

    // MARK: - Overdue

    /// Open requests past their deadline that no alert has been raised for: each gets one message to the privacy
    /// officer through the outbox (when the policy gives the officer's e-mail) and is marked alerted.
    public func alertOverdueRequests() async throws(VaultError) -> [RequestSummary] {
        let now = clock()
        let today = CivilDate(seoul: now)
        var alerted: [RequestSummary] = []
        try await write { sql in
            let rows = try await sql.select().column("*").from("rights_requests")
                .where("state", .in, SQLBind.group(RequestState.allCases.filter(\.isOpen).map(\.rawValue)))
                .where("deadline", .lessThan, SQLBind(today.description)).where(SQLIdentifier("postponed_at"), .is, SQLLiteral.null)
                .where(SQLIdentifier("alerted_at"), .is, SQLLiteral.null).limit(500).all()
            for row in rows {
                let summary = try summary(of: row)
                if let officer = (policy.officer ?? policy.department)?.email {
                    try await enqueueStaffMessage(
                        kind: "overdue-request", recipient: officer,
                        title: "[Jikim] 처리기한 경과: \(summary.kind.name(in: .ko)) 요구 \(summary.number) / Overdue request",
                        body: """
                            정보주체의 \(summary.kind.name(in: .ko)) 요구(접수번호 \(summary.number), 접수 \(summary.receivedAt))의 처리기한 \(summary.deadline)이 지났습니다. 현재 상태: \(summary.state.name(in: .ko)).

                            The \(summary.kind.name(in: .en).lowercased()) request \(summary.number), received \(summary.receivedAt), was due by \(summary.deadline) and is still \(summary.state.name(in: .en).lowercased()).
                            """,
                        at: now, in: sql)
                }
                try await sql.update("rights_requests").set("alerted_at", to: SQLBind(Timestamp.string(now)))
                    .where("number", .equal, SQLBind(summary.number)).run()
                try await logStep(summary.number, step: "overdue-alert", state: summary.state, actor: Self.sweepActor, at: now, in: sql)
                alerted.append(summary)
            }
        }
        return alerted
    }

    /// How many open requests are past their deadline.
    public func overdueRequestCount() async throws(VaultError) -> Int {
        let today = CivilDate(seoul: clock())
        do {
            return try await store.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("rights_requests")
                .where("state", .in, SQLBind.group(RequestState.allCases.filter(\.isOpen).map(\.rawValue)))
                .where("deadline", .lessThan, SQLBind(today.description)).where(SQLIdentifier("postponed_at"), .is, SQLLiteral.null).first()?.decode(column: "n", as: Int.self) ?? 0
        } catch {
            throw .storage(String(describing: error))
        }
    }
}
