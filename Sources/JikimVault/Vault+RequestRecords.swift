import Crypto
import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// How a request is kept: its row and history, its sealed contents under a key of its own, and its access records.
extension Vault {
    /// Requires the actor to exist, be enabled, and hold a role that handles requests; what that duty allows.
    @discardableResult
    func requireRequestHandler(_ actor: String, in sql: any SQLDatabase) async throws -> Authorisation {
        try await requireDuty(.handlesRequests, of: actor, operation: .request, purpose: Self.requestPurpose,
                              otherwise: .roleDoesNotGrant(actor: actor, purpose: Self.requestPurpose), in: sql)
    }

    func requestRow(_ number: String, in sql: any SQLDatabase) async throws -> any SQLRow {
        guard let row = try await sql.select().column("*").from("rights_requests").where("number", .equal, SQLBind(number)).first() else {
            throw VaultError.unknownRequest
        }
        return row
    }

    func followedRequest(_ token: String, in sql: any SQLDatabase) async throws -> any SQLRow {
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
        let postponement = try row.decode(column: "postponement", as: String?.self)
        let receivedAt = try row.decode(column: "received_at", as: String.self)
        var summary = RequestSummary(
            number: try row.decode(column: "number", as: String.self),
            kind: RequestKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .access,
            state: state, filer: try row.decode(column: "filer", as: String.self),
            agentRelation: try row.decode(column: "agent_relation", as: String?.self),
            agentDocumentSHA256: try row.decode(column: "agent_document_sha256", as: String?.self),
            agentDocumentReference: try row.decode(column: "agent_document_reference", as: String?.self),
            subject: try row.decode(column: "subject_id", as: String?.self).map(cipher.pseudonym),
            targets: targets, receivedAt: try row.decode(column: "received_at", as: String.self), deadline: deadline,
            overdue: CivilDate(iso: deadline).map {
                RequestRules.isOverdue(state: state, deadline: $0, today: CivilDate(seoul: clock()), postponed: postponement != nil)
            } ?? false,
            refusalGround: try row.decode(column: "refusal_ground", as: String?.self), postponement: postponement,
            closedAt: try row.decode(column: "closed_at", as: String?.self))
        if let received = Timestamp.date(receivedAt), let due = CivilDate(iso: deadline) {
            summary.deadlineProvisional = !holidays.isCertain(from: CivilDate(seoul: received), through: due)
        }
        return summary
    }

    func steps(of number: String, in sql: any SQLDatabase) async throws -> [RequestStep] {
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

    func logStep(_ number: String, step: String, state: RequestState, actor: String, at now: Date, in sql: any SQLDatabase) async throws {
        try await sql.insert(into: "request_events").columns("number", "step", "state", "at", "by_actor")
            .values(SQLBind(number), SQLBind(step), SQLBind(state.rawValue), SQLBind(Timestamp.string(now)), SQLBind(actor)).run()
    }

    /// The request `number` for a step a request handler takes: its row and summary, once the actor is one who
    /// handles requests and the request's state allows the step.
    func requestForStep(
        _ number: String, _ transition: RequestTransition, by actor: String, in sql: any SQLDatabase
    ) async throws -> (row: any SQLRow, summary: RequestSummary) {
        try await requireRequestHandler(actor, in: sql)
        let row = try await requestRow(number, in: sql)
        let summary = try summary(of: row)
        if case .failure(let error) = RequestRules.next(summary.state, transition, kind: summary.kind) {
            throw VaultError.requestStep(error.description)
        }
        return (row, summary)
    }

    /// Takes a closing step (refuse, withdraw) by the rules of the request's life; a pending correction ends with it.
    func close(_ row: any SQLRow, _ transition: RequestTransition, actor: String, at now: Date, in sql: any SQLDatabase) async throws {
        let summary = try summary(of: row)
        switch RequestRules.next(summary.state, transition, kind: summary.kind) {
        case .failure(let error): throw VaultError.requestStep(error.description)
        case .success(let state):
            try await setState(summary.number, state, step: transition.name, actor: actor, at: now, in: sql)
            try await sql.delete(from: "pending_corrections").where("number", .equal, SQLBind(summary.number)).run()
        }
    }

    /// A correction in progress holds its items back from other use until it is carried out (Art. 36(4)).
    func beginCorrection(_ summary: RequestSummary, subject: String, in sql: any SQLDatabase) async throws {
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

    /// Destroys the copies of people's values that their requests hold (an access response, a transmission copy, a
    /// correction's values) once some of their information is destroyed, so that no copy outlives what it copied.
    /// Open requests keep theirs unless the person is gone (`all`), since carrying them out needs them. What the
    /// request was, when, and what became of it stays.
    func shredRequestCopies(of subjects: [String], all: Bool = false, in sql: any SQLDatabase) async throws {
        let kinds = RequestKind.allCases.filter(\.holdsValues).map(\.rawValue)
        let closed = RequestState.allCases.filter { !$0.isOpen }.map(\.rawValue)
        for chunk in subjects.chunked(into: 500) {
            var update = sql.update("rights_requests").set("payload", to: SQLLiteral.null).set("answer", to: SQLLiteral.null)
                .where("subject_id", .in, SQLBind.group(Array(chunk))).where("kind", .in, SQLBind.group(kinds))
            if !all { update = update.where("state", .in, SQLBind.group(closed)) }
            try await update.run()
        }
    }

    func storeAnswer(_ answer: RequestAnswer, for row: any SQLRow, in sql: any SQLDatabase) async throws {
        let number = try row.decode(column: "number", as: String.self)
        let sealed = try cipher.seal(String(decoding: try JSONEncoder().encode(answer), as: UTF8.self), item: "request answer", subject: number,
                                     key: try requestKey(of: row))
        try await sql.update("rights_requests").set("answer", to: SQLBind(sealed)).where("number", .equal, SQLBind(number)).run()
    }

    func openAnswer(of row: any SQLRow) async throws -> RequestAnswer? {
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
