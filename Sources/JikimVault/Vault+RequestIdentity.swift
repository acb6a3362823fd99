import Crypto
import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// Confirming who filed a request through the form: a one-time code sent to the verifiable contact the organisation
/// holds for them, valid for a while and for a few tries.
extension Vault {
    /// Sends a new one-time code for a request filed through the form, when the filer asks again.
    public func resendCode(followToken: String) async throws(VaultError) {
        let now = clock()
        try await write { sql in
            let row = try await followedRequest(followToken, in: sql)
            let number = try row.decode(column: "number", as: String.self)
            guard RequestState(rawValue: try row.decode(column: "state", as: String.self)) == .verifying else {
                throw VaultError.requestStep("only a request waiting for its code can have one sent again")
            }
            try Self.requireCodeConfirmation(row)
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
    /// With `globalPrivacyControl` (the browser sent `Sec-GPC: 1`), the person, now known, has their opt-out consents
    /// withdrawn in the consent ledger, as their objection to the opt-out purposes.
    public func verifyRequest(followToken: String, code: String, globalPrivacyControl: Bool = false) async throws(VaultError) -> RequestSummary {
        let now = clock()
        var failure: VaultError?
        try await write { sql in
            let row = try await followedRequest(followToken, in: sql)
            let number = try row.decode(column: "number", as: String.self)
            guard RequestState(rawValue: try row.decode(column: "state", as: String.self)) == .verifying else {
                throw VaultError.requestStep("the request is not waiting for a code")
            }
            try Self.requireCodeConfirmation(row)
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
            if globalPrivacyControl {
                let withdrawn = try await withdrawOptOutConsents(of: subject, at: now, in: sql)
                if !withdrawn.isEmpty {
                    try await recorder.record([AccessRecord(
                        actor: Self.requestFormActor, at: now, source: nil, subject: cipher.pseudonym(subject), operation: .consent,
                        purpose: Self.requestPurpose, items: withdrawn.map { "consent:\($0)" }, outcome: .allowed)], in: sql)
                }
            }
        }
        if let failure { throw failure }
        return try await requestStatus(followToken: followToken).summary
    }

    /// An agent's request is confirmed by staff reading its document, never by a code sent to the person.
    static func requireCodeConfirmation(_ row: any SQLRow) throws {
        if try row.decode(column: "filer", as: String.self) == "agent" {
            throw VaultError.requestStep("an agent's request is confirmed by staff once they have checked the document filed with it; no code is sent")
        }
    }

    func sendCode(number: String, subject: String, contact item: Identifier, at now: Date, in sql: any SQLDatabase) async throws {
        let notice = AccessRules.scheduled(actor: "jikim", operation: .notify, purpose: Self.requestPurpose, items: [item])
        guard let contact = try await contact(of: subject, item: item, under: notice, in: sql) else { return }
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

    func verifiableContact(of subject: String, preferring item: Identifier, in sql: any SQLDatabase) async throws -> Identifier? {
        let held = Set(try await sql.select().column("item").from("item_values").where("subject_id", .equal, SQLBind(subject)).all()
            .map { try $0.decode(column: "item", as: String.self) })
        return held.contains(item) ? item : policy.items.first { $0.verifiable && held.contains($0.id) }?.id
    }
}
