import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// Requests an agent files on the public form (Decree Art. 45): a legal representative or someone with a power of
/// attorney names the person's contact, as the person would, and attaches the document that shows their authority.
/// No code goes to the person's contact (the agent does not hold it), but a word that an agent filed for them does;
/// the request waits until staff who handle requests have read the document and confirmed the authority, or
/// refused the request. The document is kept sealed with the request's own key, and every reading of it is logged.
extension Vault {
    /// How an uploaded document is recorded on its request.
    public static let uploadedDocumentReference = "filed with the request on the request form"

    /// Files an agent's request from the public form. As for a person's, the answer is the same whether or not the
    /// contact is anyone's.
    public func fileRequest(
        _ kind: RequestKind, targets: RequestTargets, values: [Identifier: String] = [:], contact item: Identifier, value: String,
        agent relation: AgentAuthority.Relation, document: AgentDocument
    ) async throws(VaultError) -> FiledRequest {
        guard policy.rights?.agents ?? true else { throw .invalidRequest("the policy does not accept requests through agents") }
        let digest = try contactDigest(item, value)
        let checked = try check(kind, targets: targets, values: values)
        let authority = AgentAuthority(relation: relation, documentSHA256: sha256Hex(document.bytes), documentReference: Self.uploadedDocumentReference)
        let now = clock()
        var filed: FiledRequest?
        try await write { sql in
            let subject = try await subject(contact: item, digest: digest, in: sql)
            var request = try await insertRequest(kind, targets: checked.targets, values: checked.values, subject: subject, filer: .agent(authority),
                                                  actor: Self.requestFormActor, source: nil, at: now, in: sql)
            let number = request.summary.number
            let sealed = try cipher.seal(bytes: document.bytes, item: "agent document", subject: number,
                                         key: try requestKey(of: try await requestRow(number, in: sql)))
            try await sql.insert(into: "request_documents").columns("number", "format", "sealed")
                .values(SQLBind(number), SQLBind(document.format.rawValue), SQLBind(sealed)).run()
            try await setState(number, .verifying, step: "authority-to-check", actor: Self.requestFormActor, at: now, in: sql)
            request.summary.state = .verifying
            if let subject { try await tellOfAgent(number: number, kind: kind, relation: relation, subject: subject, contact: item, at: now, in: sql) }
            filed = request
        }
        guard let filed else { throw .storage("the request was not filed") }
        return filed
    }

    /// Tells the person, at the contact the agent named, that someone filed a request for them as their agent, so
    /// that someone without their authority cannot act for them unnoticed: they can tell the officer before staff
    /// have checked the document.
    func tellOfAgent(
        number: String, kind: RequestKind, relation: AgentAuthority.Relation, subject: String, contact item: Identifier, at now: Date,
        in sql: any SQLDatabase
    ) async throws {
        let notice = AccessRules.scheduled(actor: "jikim", operation: .notify, purpose: Self.requestPurpose, items: [item])
        guard let contact = try await contact(of: subject, item: item, under: notice, in: sql) else { return }
        let organisation = policy.organisation.name
        let officer = policy.officer ?? policy.department
        let reach = [officer?.email, officer?.phone].compactMap { $0 }.joined(separator: ", ")
        try await enqueue(
            kind: "agent-filed", about: subject, sealedUnder: contact.retentionClass, recipient: contact.value,
            title: "[\(organisation.text(in: .ko))] 대리인의 요구 접수 / A request filed for you by an agent",
            body: """
                귀하의 \(relation.name(in: .ko))(이)라고 밝힌 분이 귀하의 개인정보 \(kind.name(in: .ko)) 요구(접수번호 \(number))를 대리 권한 서류와 함께 접수했습니다. 담당자가 서류를 확인한 뒤 처리합니다.
                귀하가 위임하지 않은 요구라면 개인정보 보호책임자에게 알려 주십시오\(reach.isEmpty ? "" : ": \(reach)").

                Someone stating that they act for you as \(relation.name(in: .en)) filed a \(kind.name(in: .en).lowercased()) request about your personal information (number \(number)), with a document showing their authority. Staff check the document before carrying it out.
                If you did not authorise this request, tell the privacy officer\(reach.isEmpty ? "" : ": \(reach)").
                """,
            at: now, in: sql)
        try await recorder.record([AccessRecord(
            actor: Self.requestFormActor, at: now, source: nil, subject: cipher.pseudonym(subject), operation: .notify,
            purpose: Self.requestPurpose, items: [contact.item], outcome: .allowed)], in: sql)
    }

    /// The document an agent filed with request `number`, for staff who handle requests; the reading is logged.
    public func agentDocument(_ number: String, by requester: Requester) async throws(VaultError) -> AgentDocument {
        let now = clock()
        var document: AgentDocument?
        try await write { sql in
            try await requireRequestHandler(requester.actor, in: sql)
            let row = try await requestRow(number, in: sql)
            guard let stored = try await sql.select().columns("format", "sealed").from("request_documents")
                .where("number", .equal, SQLBind(number)).first() else {
                throw VaultError.invalidRequest("request \(number) has no document filed with it")
            }
            guard let format = AgentDocument.Format(rawValue: try stored.decode(column: "format", as: String.self)) else {
                throw VaultError.storage("the document of request \(number) has a format this version does not know")
            }
            let bytes = try cipher.openBytes(try stored.decode(column: "sealed", as: Data.self), item: "agent document", subject: number,
                                             key: try requestKey(of: row))
            let summary = try summary(of: row)
            if let subject = try row.decode(column: "subject_id", as: String?.self) {
                try await recordRequestAccess(summary.kind, subject: subject, step: "authority-document-read", actor: requester.actor,
                                              source: requester.source, at: now, in: sql)
            } else {
                try await logStep(number, step: "authority-document-read", state: summary.state, actor: requester.actor, at: now, in: sql)
            }
            document = AgentDocument.stored(format: format, bytes: bytes)
        }
        guard let document else { throw .storage("the document was not read") }
        return document
    }

    /// Staff who read an agent's document confirm the authority it shows: the request is then in progress, as a
    /// person's is once their code is given. A request whose contact is nobody's cannot be confirmed; refuse it.
    public func confirmAgent(_ number: String, by requester: Requester) async throws(VaultError) -> RequestSummary {
        let now = clock()
        var confirmed: RequestSummary?
        try await write { sql in
            let (row, summary) = try await requestForStep(number, .verified, by: requester.actor, in: sql)
            guard summary.filer == "agent", try await sql.select().column("number").from("request_documents")
                .where("number", .equal, SQLBind(number)).first() != nil else {
                throw VaultError.requestStep("only an agent's request filed with its document on the request form waits for its authority to be confirmed")
            }
            guard let subject = try row.decode(column: "subject_id", as: String?.self) else {
                throw VaultError.requestStep("the contact given is no one's the organisation holds: refuse the request (decree46)")
            }
            try await setState(number, .inProgress, step: "authority-confirmed", actor: requester.actor, at: now, in: sql)
            var updated = summary
            updated.state = .inProgress
            try await beginCorrection(updated, subject: subject, in: sql)
            try await recordRequestAccess(summary.kind, subject: subject, step: "authority-confirmed", actor: requester.actor,
                                          source: requester.source, at: now, in: sql)
            confirmed = updated
        }
        guard let confirmed else { throw .storage("the request was not confirmed") }
        return confirmed
    }
}
