import Crypto
import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// People's requests (PIPA Arts. 35–38): filed by the person through the public form (their identity confirmed by a
/// one-time code sent to a verifiable contact they hold with the organisation), by staff on their behalf, or by an
/// agent whose authority is recorded; each with its legal deadline, a state, and a history; carried out or refused
/// by staff whose role handles requests. Every step leaves an access record.
extension Vault {
    /// The actor public filings are recorded as.
    public static let requestFormActor = "jikim-request-form"
    /// The purpose request handling is recorded under: the law's, not one of the policy's.
    public static let requestPurpose = "rights-request"
    /// How long a one-time code is valid, how many tries it allows, and how many codes a request may have sent.
    public static let codeLifetime: TimeInterval = 15 * 60
    public static let codeAttempts = 5
    public static let codesPerRequest = 5

    // MARK: - Filing

    /// Files a request from the public form. The person names a verifiable contact (their e-mail address, say): if
    /// it belongs to someone the organisation holds, a one-time code goes to the contact as stored, and the request
    /// waits for it. The answer is the same whether or not anyone was found, so the form tells no one who is held.
    public func fileRequest(
        _ kind: RequestKind, targets: RequestTargets, values: [Identifier: String] = [:], contact item: Identifier, value: String,
        source: String?
    ) async throws(VaultError) -> FiledRequest {
        guard let declared = policy.item(item), declared.verifiable else {
            throw .invalidRequest("item '\(item)' is not a contact the policy marks as verifiable")
        }
        let checked = try check(kind, targets: targets, values: values)
        let key: String
        switch declared.type.canonical(value) {
        case .success(let canonical): key = declared.type.lookupKey(canonical)
        case .failure(let error): throw .invalidValue(item: item, error)
        }
        let digest = cipher.blindIndex(key, item: item)
        let now = clock()
        var filed: FiledRequest?
        try await write { sql in
            let subject = try await sql.select().column("subject_id").from("lookups").where("item", .equal, SQLBind(item))
                .where("digest", .equal, SQLBind(digest)).first()?.decode(column: "subject_id", as: String.self)
            var request = try await insertRequest(kind, targets: checked.targets, values: checked.values, subject: subject, filer: .person,
                                                  actor: Self.requestFormActor, source: source, at: now, in: sql)
            if let subject {
                try await sendCode(number: request.summary.number, subject: subject, contact: item, at: now, in: sql)
                request.summary.state = .verifying
            } else {
                // Nobody to send a code to: the request waits like any other, and can never be confirmed.
                try await setState(request.summary.number, .verifying, step: "code-sent", actor: Self.requestFormActor, at: now, in: sql)
                request.summary.state = .verifying
            }
            filed = request
        }
        guard let filed else { throw .storage("the request was not filed") }
        return filed
    }

    /// Files a request for the person with `externalID`, taken by staff (a letter, a call, a visit) who confirmed
    /// the person's identity, or from an agent whose authority document is recorded. It starts in progress.
    public func fileRequest(
        _ kind: RequestKind, externalID: String, targets: RequestTargets, values: [Identifier: String] = [:], filer: RequestFiler,
        by requester: Requester
    ) async throws(VaultError) -> FiledRequest {
        if case .person = filer { throw .invalidRequest("a person files through the request form, with a one-time code") }
        if case .agent(let authority) = filer {
            guard authority.documentSHA256.count == 64, authority.documentSHA256.allSatisfy(\.isHexDigit) else {
                throw .invalidRequest("field agent.documentSha256: the SHA-256 of the power of attorney, 64 hexadecimal digits")
            }
            guard AccessRules.isAcceptableReason(authority.documentReference) else {
                throw .invalidRequest("field agent.documentReference: where the document is filed, at most 200 characters, with no personal information")
            }
            guard policy.rights?.agents ?? true else { throw .invalidRequest("the policy does not accept requests through agents") }
        }
        let checked = try check(kind, targets: targets, values: values)
        let now = clock()
        var filed: FiledRequest?
        try await write { sql in
            try await requireRequestHandler(requester.actor, in: sql)
            let subject = try await subjectID(externalID: externalID, in: sql)
            var request = try await insertRequest(kind, targets: checked.targets, values: checked.values, subject: subject, filer: filer,
                                                  actor: requester.actor, source: requester.source, at: now, in: sql)
            try await setState(request.summary.number, .inProgress, step: "verified", actor: requester.actor, at: now, in: sql)
            try await beginCorrection(request.summary, subject: subject, in: sql)
            request.summary.state = .inProgress
            filed = request
        }
        guard let filed else { throw .storage("the request was not filed") }
        return filed
    }

    /// Checks what a request names against the policy; a correction's values are checked against their items' types.
    private func check(
        _ kind: RequestKind, targets: RequestTargets, values: [Identifier: String]
    ) throws(VaultError) -> (targets: RequestTargets, values: [Identifier: String]) {
        var targets = targets
        var canonical: [Identifier: String] = [:]
        switch kind {
        case .correction:
            guard !values.isEmpty else { throw .invalidRequest("a correction names at least one item and its correct value") }
            for (id, raw) in values {
                guard let item = policy.item(id) else { throw .undeclaredItem(id) }
                switch item.type.canonical(raw) {
                case .success(let value): canonical[id] = value
                case .failure(let error): throw .invalidValue(item: id, error)
                }
            }
            targets = RequestTargets(items: values.keys.sorted())
        case .suspension:
            guard !targets.purposes.isEmpty else { throw .invalidRequest("a suspension names at least one purpose") }
            for purpose in targets.purposes where policy.purpose(purpose) == nil { throw .refused(.undeclaredPurpose(purpose)) }
            targets = RequestTargets(purposes: targets.purposes)
        case .withdrawal:
            guard !targets.consents.isEmpty else { throw .invalidRequest("a withdrawal names at least one consent") }
            for consent in targets.consents where policy.consent(consent) == nil { throw .undeclaredConsent(consent) }
            targets = RequestTargets(consents: targets.consents)
        case .access, .deletion, .transmission:
            targets = RequestTargets()
        }
        return (targets, canonical)
    }

    private func insertRequest(
        _ kind: RequestKind, targets: RequestTargets, values: [Identifier: String], subject: String?, filer: RequestFiler, actor: String,
        source: String?, at now: Date, in sql: any SQLDatabase
    ) async throws -> FiledRequest {
        let number = Self.newRequestNumber()
        let follow = Self.randomHex(bytes: 24)
        let (key, wrapped) = try cipher.newDataKey(subject: number, retentionClass: "request")
        let payload = values.isEmpty ? nil : try cipher.seal(String(decoding: try JSONEncoder().encode(values), as: UTF8.self),
                                                             item: "request payload", subject: number, key: key)
        let deadline = RequestRules.deadline(receivedAt: now, calendar: holidays)
        var agent: AgentAuthority?
        if case .agent(let authority) = filer { agent = authority }
        try await sql.insert(into: "rights_requests")
            .columns("number", "subject_id", "kind", "state", "filer", "agent_relation", "agent_document_sha256", "agent_document_reference",
                     "targets", "received_at", "deadline", "key_version", "key_sealed", "payload", "follow_hash", "code_attempts", "codes_sent")
            .values(SQLBind(number), SQLBind(subject), SQLBind(kind.rawValue), SQLBind(RequestState.received.rawValue), SQLBind(filer.kind),
                    SQLBind(agent?.relation.rawValue), SQLBind(agent?.documentSHA256.lowercased()), SQLBind(agent?.documentReference),
                    SQLBind(String(decoding: try JSONEncoder().encode(targets), as: UTF8.self)), SQLBind(Timestamp.string(now)),
                    SQLBind(deadline.description), SQLBind(wrapped.keyVersion), SQLBind(wrapped.sealed), SQLBind(payload),
                    SQLBind(Data(SHA256.hash(data: Data(follow.utf8)))), SQLBind(0), SQLBind(0))
            .run()
        try await logStep(number, step: "received", state: .received, actor: actor, at: now, in: sql)
        if let subject { try await recordRequestAccess(kind, subject: subject, step: "received", actor: actor, source: source, at: now, in: sql) }
        let summary = RequestSummary(
            number: number, kind: kind, state: .received, filer: filer.kind, agentRelation: agent?.relation.rawValue,
            agentDocumentSHA256: agent?.documentSHA256.lowercased(), agentDocumentReference: agent?.documentReference,
            subject: subject.map(cipher.pseudonym), targets: targets, receivedAt: Timestamp.string(now), deadline: deadline.description,
            overdue: false, refusalGround: nil, closedAt: nil)
        return FiledRequest(summary: summary, followToken: "\(number).\(follow)")
    }

    // MARK: - Identity check

    /// Sends a new one-time code for a request filed through the form, when the filer asks again.
    public func resendCode(followToken: String) async throws(VaultError) {
        let now = clock()
        try await write { sql in
            let row = try await followedRequest(followToken, in: sql)
            let number = try row.decode(column: "number", as: String.self)
            guard RequestState(rawValue: try row.decode(column: "state", as: String.self)) == .verifying else {
                throw VaultError.requestStep("only a request waiting for its code can have one sent again")
            }
            guard try row.decode(column: "codes_sent", as: Int.self) < Self.codesPerRequest else {
                throw VaultError.verificationFailed("no more codes can be sent for this request: ask the organisation directly")
            }
            // Nobody to send to: the answer is the same.
            guard let subject = try row.decode(column: "subject_id", as: String?.self) else { return }
            guard let contact = policy.items.first(where: \.verifiable),
                  let item = try await verifiableContact(of: subject, preferring: contact.id, in: sql) else { return }
            try await sendCode(number: number, subject: subject, contact: item, at: now, in: sql)
        }
    }

    /// Confirms the filer with the code sent to their contact; the request is then in progress.
    public func verifyRequest(followToken: String, code: String) async throws(VaultError) -> RequestSummary {
        let now = clock()
        var failure: VaultError?
        try await write { sql in
            let row = try await followedRequest(followToken, in: sql)
            let number = try row.decode(column: "number", as: String.self)
            guard RequestState(rawValue: try row.decode(column: "state", as: String.self)) == .verifying else {
                throw VaultError.requestStep("the request is not waiting for a code")
            }
            let attempts = try row.decode(column: "code_attempts", as: Int.self)
            let expires = try row.decode(column: "code_expires_at", as: String?.self).flatMap(Timestamp.date)
            let expected = try row.decode(column: "code_hash", as: Data?.self)
            let given = cipher.blindIndex("\(number):\(code.trimmingCharacters(in: .whitespaces))", item: "one-time code")
            guard let expected, let expires, attempts < Self.codeAttempts else {
                failure = .verificationFailed("no code is valid for this request: ask for a new one")
                return
            }
            guard now < expires else {
                failure = .verificationFailed("the code has expired: ask for a new one")
                return
            }
            guard given == expected, let subject = try row.decode(column: "subject_id", as: String?.self) else {
                try await sql.update("rights_requests").set("code_attempts", to: SQLBind(attempts + 1)).where("number", .equal, SQLBind(number)).run()
                failure = .verificationFailed("the code does not match (\(Self.codeAttempts - attempts - 1) tries left)")
                return
            }
            try await sql.update("rights_requests").set("code_hash", to: SQLBind(Data?.none)).where("number", .equal, SQLBind(number)).run()
            try await setState(number, .inProgress, step: "verified", actor: Self.requestFormActor, at: now, in: sql)
            let summary = try summary(of: row)
            try await beginCorrection(summary, subject: subject, in: sql)
            try await recordRequestAccess(summary.kind, subject: subject, step: "verified", actor: Self.requestFormActor, source: nil, at: now, in: sql)
        }
        if let failure { throw failure }
        return try await requestStatus(followToken: followToken).summary
    }

    private func sendCode(number: String, subject: String, contact item: Identifier, at now: Date, in sql: any SQLDatabase) async throws {
        guard let contact = try await contact(of: subject, item: item, in: sql) else { return }
        let code = String(format: "%06d", Int.random(in: 0..<1_000_000))
        try await sql.update("rights_requests")
            .set("code_hash", to: SQLBind(cipher.blindIndex("\(number):\(code)", item: "one-time code")))
            .set("code_expires_at", to: SQLBind(Timestamp.string(now.addingTimeInterval(Self.codeLifetime))))
            .set("code_attempts", to: SQLBind(0)).set("codes_sent", to: SQLRaw("codes_sent + 1"))
            .where("number", .equal, SQLBind(number)).run()
        let organisation = policy.organisation.name
        let minutes = Int(Self.codeLifetime / 60)
        try await enqueue(
            kind: "one-time-code", about: subject, sealedUnder: contact.retentionClass, recipient: contact.value,
            title: "[\(organisation.text(in: .ko))] 본인 확인 코드 / Your confirmation code",
            body: """
                요청하신 개인정보 관련 요구(접수번호 \(number))의 본인 확인 코드는 \(code) 입니다. \(minutes)분 동안 유효합니다.
                요구하신 적이 없다면 이 메시지를 무시하셔도 됩니다.

                Your confirmation code for request \(number) is \(code). It is valid for \(minutes) minutes.
                If you did not file this request, you can ignore this message.
                """,
            at: now, in: sql)
        try await setState(number, .verifying, step: "code-sent", actor: Self.requestFormActor, at: now, in: sql)
        try await recorder.record([AccessRecord(
            actor: Self.requestFormActor, at: now, source: nil, subject: cipher.pseudonym(subject), operation: .notify,
            purpose: Self.requestPurpose, items: [contact.item], outcome: .allowed)], in: sql)
    }

    private func verifiableContact(of subject: String, preferring item: Identifier, in sql: any SQLDatabase) async throws -> Identifier? {
        let held = Set(try await sql.select().column("item").from("item_values").where("subject_id", .equal, SQLBind(subject)).all()
            .map { try $0.decode(column: "item", as: String.self) })
        return held.contains(item) ? item : policy.items.first { $0.verifiable && held.contains($0.id) }?.id
    }

    // MARK: - Following and listing

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

    /// Requests, newest first: the open ones, the overdue ones, or all.
    public func requests(_ filter: RequestFilter = .open, limit: Int = 100, by actor: String) async throws(VaultError) -> [RequestSummary] {
        let today = CivilDate(seoul: clock())
        do {
            return try await store.read { sql in
                try await requireRequestHandler(actor, in: sql)
                var query = sql.select().column("*").from("rights_requests")
                switch filter {
                case .all: break
                case .open: query = query.where("state", .in, SQLBind.group(RequestState.allCases.filter(\.isOpen).map(\.rawValue)))
                case .overdue:
                    query = query.where("state", .in, SQLBind.group(RequestState.allCases.filter(\.isOpen).map(\.rawValue)))
                        .where("deadline", .lessThan, SQLBind(today.description))
                }
                return try await query.orderBy("received_at", .descending).limit(max(1, min(limit, 1000))).all().map(summary(of:))
            }
        } catch let error as VaultError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// One request with its steps and answer, for staff.
    public func request(_ number: String, by actor: String) async throws(VaultError) -> (summary: RequestSummary, steps: [RequestStep], answer: RequestAnswer?) {
        do {
            return try await store.read { sql in
                try await requireRequestHandler(actor, in: sql)
                guard let row = try await sql.select().column("*").from("rights_requests").where("number", .equal, SQLBind(number)).first() else {
                    throw VaultError.unknownRequest
                }
                return (try summary(of: row), try await steps(of: number, in: sql), try await openAnswer(of: row))
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
            let row = try await requestRow(number, in: sql)
            try await close(row, .refuse(ground), actor: requester.actor, at: now, in: sql)
            var answer = RequestAnswer(kind: try summary(of: row).kind)
            answer.refusal = Language.allCases.reduce(into: [:]) {
                $0[$1.rawValue] = RefusalNotice(ground: ground, note: note, policy: policy, language: $1)
            }
            try await storeAnswer(answer, for: row, in: sql)
            try await sql.update("rights_requests").set("refusal_ground", to: SQLBind(ground.rawValue)).set("refusal_note", to: SQLBind(note))
                .where("number", .equal, SQLBind(number)).run()
            if let subject = try row.decode(column: "subject_id", as: String?.self) {
                try await recordRequestAccess(try summary(of: row).kind, subject: subject, step: "refused", actor: requester.actor,
                                              source: requester.source, at: now, in: sql)
            }
        }
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
                .where("deadline", .lessThan, SQLBind(today.description))
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
                .where("deadline", .lessThan, SQLBind(today.description)).first()?.decode(column: "n", as: Int.self) ?? 0
        } catch {
            throw .storage(String(describing: error))
        }
    }

    // MARK: - Shared

    func requireRequestHandler(_ actor: String, in sql: any SQLDatabase) async throws {
        guard let row = try await sql.select().column("disabled_at").from("actors").where("id", .equal, SQLBind(actor)).first(),
              try row.decode(column: "disabled_at", as: String?.self) == nil
        else { throw VaultError.refused(.unknownActor(actor)) }
        let roles = try await sql.select().column("role").from("role_assignments").where("actor_id", .equal, SQLBind(actor)).all()
            .map { try $0.decode(column: "role", as: String.self) }
        guard roles.compactMap(policy.role).contains(where: \.handlesRequests) else {
            throw VaultError.refused(.roleDoesNotGrant(actor: actor, purpose: Self.requestPurpose))
        }
    }

    func requestRow(_ number: String, in sql: any SQLDatabase) async throws -> any SQLRow {
        guard let row = try await sql.select().column("*").from("rights_requests").where("number", .equal, SQLBind(number)).first() else {
            throw VaultError.unknownRequest
        }
        return row
    }

    private func followedRequest(_ token: String, in sql: any SQLDatabase) async throws -> any SQLRow {
        let parts = token.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0].count <= 40,
              let row = try await sql.select().column("*").from("rights_requests").where("number", .equal, SQLBind(parts[0])).first(),
              try row.decode(column: "follow_hash", as: Data.self) == Data(SHA256.hash(data: Data(parts[1].utf8)))
        else { throw VaultError.unknownRequest }
        return row
    }

    func summary(of row: any SQLRow) throws -> RequestSummary {
        let state = RequestState(rawValue: try row.decode(column: "state", as: String.self)) ?? .received
        let deadline = try row.decode(column: "deadline", as: String.self)
        let targets = try JSONDecoder().decode(RequestTargets.self, from: Data(try row.decode(column: "targets", as: String.self).utf8))
        return RequestSummary(
            number: try row.decode(column: "number", as: String.self),
            kind: RequestKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .access,
            state: state, filer: try row.decode(column: "filer", as: String.self),
            agentRelation: try row.decode(column: "agent_relation", as: String?.self),
            agentDocumentSHA256: try row.decode(column: "agent_document_sha256", as: String?.self),
            agentDocumentReference: try row.decode(column: "agent_document_reference", as: String?.self),
            subject: try row.decode(column: "subject_id", as: String?.self).map(cipher.pseudonym),
            targets: targets, receivedAt: try row.decode(column: "received_at", as: String.self), deadline: deadline,
            overdue: CivilDate(iso: deadline).map { RequestRules.isOverdue(state: state, deadline: $0, today: CivilDate(seoul: clock())) } ?? false,
            refusalGround: try row.decode(column: "refusal_ground", as: String?.self),
            closedAt: try row.decode(column: "closed_at", as: String?.self))
    }

    private func steps(of number: String, in sql: any SQLDatabase) async throws -> [RequestStep] {
        try await sql.select().columns("step", "state", "at", "by_actor").from("request_events").where("number", .equal, SQLBind(number))
            .orderBy("seq").all().map { row in
                RequestStep(step: try row.decode(column: "step", as: String.self),
                            state: RequestState(rawValue: try row.decode(column: "state", as: String.self)) ?? .received,
                            at: try row.decode(column: "at", as: String.self), actor: try row.decode(column: "by_actor", as: String.self))
            }
    }

    func setState(_ number: String, _ state: RequestState, step: String, actor: String, at now: Date, in sql: any SQLDatabase) async throws {
        var update = sql.update("rights_requests").set("state", to: SQLBind(state.rawValue))
        if !state.isOpen { update = update.set("closed_at", to: SQLBind(Timestamp.string(now))) }
        try await update.where("number", .equal, SQLBind(number)).run()
        try await logStep(number, step: step, state: state, actor: actor, at: now, in: sql)
    }

    private func logStep(_ number: String, step: String, state: RequestState, actor: String, at now: Date, in sql: any SQLDatabase) async throws {
        try await sql.insert(into: "request_events").columns("number", "step", "state", "at", "by_actor")
            .values(SQLBind(number), SQLBind(step), SQLBind(state.rawValue), SQLBind(Timestamp.string(now)), SQLBind(actor)).run()
    }

    /// Takes a closing step (refuse, withdraw) by the rules of the request's life; a pending correction ends with it.
    private func close(_ row: any SQLRow, _ transition: RequestTransition, actor: String, at now: Date, in sql: any SQLDatabase) async throws {
        let summary = try summary(of: row)
        switch RequestRules.next(summary.state, transition, kind: summary.kind) {
        case .failure(let error): throw VaultError.requestStep(error.description)
        case .success(let state):
            try await setState(summary.number, state, step: transition.name, actor: actor, at: now, in: sql)
            try await sql.delete(from: "pending_corrections").where("number", .equal, SQLBind(summary.number)).run()
        }
    }

    /// A correction in progress holds its items back from other use until it is carried out (Art. 36(4)).
    private func beginCorrection(_ summary: RequestSummary, subject: String, in sql: any SQLDatabase) async throws {
        guard summary.kind == .correction else { return }
        for item in summary.targets.items {
            try await sql.insert(into: "pending_corrections").columns("subject_id", "item", "number")
                .values(SQLBind(subject), SQLBind(item), SQLBind(summary.number)).run()
        }
    }

    func recordRequestAccess(
        _ kind: RequestKind, subject: String, step: String, items: [Identifier] = [], actor: String, source: String?, at now: Date,
        in sql: any SQLDatabase
    ) async throws {
        try await recorder.record([AccessRecord(
            actor: actor, at: now, source: source, subject: cipher.pseudonym(subject), operation: .request, purpose: Self.requestPurpose,
            items: ["request:\(kind.rawValue)", "step:\(step)"] + items, outcome: .allowed)], in: sql)
    }

    func requestKey(of row: any SQLRow) throws -> SymmetricKey {
        let number = try row.decode(column: "number", as: String.self)
        return try keys.unwrap(WrappedKey(keyVersion: try row.decode(column: "key_version", as: Int.self),
                                          sealed: try row.decode(column: "key_sealed", as: Data.self)),
                               subject: number, retentionClass: "request")
    }

    func storeAnswer(_ answer: RequestAnswer, for row: any SQLRow, in sql: any SQLDatabase) async throws {
        let number = try row.decode(column: "number", as: String.self)
        let sealed = try cipher.seal(String(decoding: try JSONEncoder().encode(answer), as: UTF8.self), item: "request answer", subject: number,
                                     key: try requestKey(of: row))
        try await sql.update("rights_requests").set("answer", to: SQLBind(sealed)).where("number", .equal, SQLBind(number)).run()
    }

    private func openAnswer(of row: any SQLRow) async throws -> RequestAnswer? {
        guard let sealed = try row.decode(column: "answer", as: Data?.self) else { return nil }
        let number = try row.decode(column: "number", as: String.self)
        let text = try cipher.open(sealed, item: "request answer", subject: number, key: try requestKey(of: row))
        return try JSONDecoder().decode(RequestAnswer.self, from: Data(text.utf8))
    }

    func requestPayload(of row: any SQLRow) throws -> [Identifier: String] {
        guard let sealed = try row.decode(column: "payload", as: Data?.self) else { return [:] }
        let number = try row.decode(column: "number", as: String.self)
        let text = try cipher.open(sealed, item: "request payload", subject: number, key: try requestKey(of: row))
        return try JSONDecoder().decode([Identifier: String].self, from: Data(text.utf8))
    }

    /// `RQ-` and ten characters of Crockford's base32: 50 random bits, easy to read out on the phone.
    static func newRequestNumber() -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var generator = SystemRandomNumberGenerator()
        return "RQ-" + String((0..<10).map { _ in alphabet[Int(generator.next(upperBound: UInt8(alphabet.count)))] })
    }

    static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", generator.next() as UInt8) }.joined()
    }
}

