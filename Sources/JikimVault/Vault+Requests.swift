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
    ///
    /// No source address is recorded: the filer is a member of the public, whose address is their personal information.
    public func fileRequest(
        _ kind: RequestKind, targets: RequestTargets, values: [Identifier: String] = [:], contact item: Identifier, value: String
    ) async throws(VaultError) -> FiledRequest {
        let digest = try contactDigest(item, value)
        let checked = try check(kind, targets: targets, values: values)
        let now = clock()
        var filed: FiledRequest?
        try await write { sql in
            let subject = try await subject(contact: item, digest: digest, in: sql)
            var request = try await insertRequest(kind, targets: checked.targets, values: checked.values, subject: subject, filer: .person,
                                                  actor: Self.requestFormActor, source: nil, at: now, in: sql)
            if let subject {
                try await sendCode(number: request.summary.number, subject: subject, contact: item, at: now, in: sql)
                request.summary.state = .verifying
            } else {
                // Nobody to send a code to: the request waits like any other, and can never be confirmed.
                try await setState(request.summary.number, .verifying, step: "no-match", actor: Self.requestFormActor, at: now, in: sql)
                request.summary.state = .verifying
            }
            filed = request
        }
        guard let filed else { throw .storage("the request was not filed") }
        return filed
    }

    /// The look-up digest of a verifiable contact given on the form.
    func contactDigest(_ item: Identifier, _ value: String) throws(VaultError) -> Data {
        guard let declared = policy.item(item), declared.verifiable else {
            throw .invalidRequest("item '\(item)' is not a contact the policy marks as verifiable")
        }
        switch declared.type.canonical(value) {
        case .success(let canonical): return cipher.blindIndex(declared.type.lookupKey(canonical), item: item)
        case .failure(let error): throw .invalidValue(item: item, error)
        }
    }

    /// The person a contact given on the form belongs to, if anyone.
    func subject(contact item: Identifier, digest: Data, in sql: any SQLDatabase) async throws -> String? {
        try await sql.select().column("subject_id").from("lookups").where("item", .equal, SQLBind(item))
            .where("digest", .equal, SQLBind(digest)).first()?.decode(column: "subject_id", as: String.self)
    }

    /// Files a request for the person with `externalID`, taken by staff (a letter, a call, a visit) who confirmed
    /// the person's identity, or from an agent whose authority document is recorded. It starts in progress.
    public func fileRequest(
        _ kind: RequestKind, externalID: String, targets: RequestTargets, values: [Identifier: String] = [:], filer: RequestFiler,
        receivedAt: Date? = nil, by requester: Requester
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
        // A letter that arrived yesterday is filed with its real receipt: the deadline counts from then (Art. 41(4)
        // of the Decree counts from receipt), never from when staff typed it in.
        let received = receivedAt ?? now
        guard received <= now.addingTimeInterval(60) else { throw .invalidRequest("field receivedAt: a request cannot be received in the future") }
        guard received >= now.addingTimeInterval(-366 * 86_400) else { throw .invalidRequest("field receivedAt: more than a year ago") }
        var filed: FiledRequest?
        try await write { sql in
            try await requireRequestHandler(requester.actor, in: sql)
            let subject = try await subjectID(externalID: externalID, in: sql)
            var request = try await insertRequest(kind, targets: checked.targets, values: checked.values, subject: subject, filer: filer,
                                                  actor: requester.actor, source: requester.source, at: received, in: sql)
            try await setState(request.summary.number, .inProgress, step: "verified", actor: requester.actor, at: now, in: sql)
            try await beginCorrection(request.summary, subject: subject, in: sql)
            request.summary.state = .inProgress
            filed = request
        }
        guard let filed else { throw .storage("the request was not filed") }
        return filed
    }

    /// Checks what a request names against the policy; a correction's values are checked against their items' types.
    func check(
        _ kind: RequestKind, targets: RequestTargets, values: [Identifier: String]
    ) throws(VaultError) -> (targets: RequestTargets, values: [Identifier: String]) {
        var targets = targets
        var canonical: [Identifier: String] = [:]
        if kind == .transmission, policy.rights?.transmission != true {
            throw .invalidRequest("this organisation takes no transmission requests: the right (PIPA Art. 35-2) is for the processors the Decree names, and its policy does not declare rights.transmission")
        }
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
        case .deletion where !targets.items.isEmpty:
            // Some items only: the person stays a member, so only what they need not give can go (Art. 36).
            for id in targets.items {
                guard let item = policy.item(id) else { throw .undeclaredItem(id) }
                guard !item.required else {
                    throw .invalidRequest("'\(id)' is a required item: deleting it ends the membership; file a deletion that names no items")
                }
            }
            targets = RequestTargets(items: Array(Set(targets.items)).sorted())
        case .access, .deletion, .transmission:
            targets = RequestTargets()
        }
        return (targets, canonical)
    }

    func insertRequest(
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
        var summary = RequestSummary(
            number: number, kind: kind, state: .received, filer: filer.kind, agentRelation: agent?.relation.rawValue,
            agentDocumentSHA256: agent?.documentSHA256.lowercased(), agentDocumentReference: agent?.documentReference,
            subject: subject.map(cipher.pseudonym), targets: targets, receivedAt: Timestamp.string(now), deadline: deadline.description,
            overdue: false, refusalGround: nil, closedAt: nil)
        summary.deadlineProvisional = !holidays.isCertain(from: CivilDate(seoul: now), through: deadline)
        return FiledRequest(summary: summary, followToken: "\(number).\(follow)")
    }
}
