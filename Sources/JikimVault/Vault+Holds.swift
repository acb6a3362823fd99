import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// Legal holds: while one is set, nothing of the person is destroyed, whatever is due (a dispute, an
/// investigation). Setting and lifting are recorded, with who and why.
extension Vault {
    public func setHold(externalID: String, reason: String, by requester: Requester) async throws(VaultError) {
        guard AccessRules.isAcceptableReason(reason) else {
            throw .invalidRetentionRequest("a legal hold must give its reason (at most 200 characters, with no e-mail address or long number)")
        }
        let now = clock()
        try await change(externalID: externalID, operation: .hold, items: ["hold:set"], by: requester) { subject, _, sql in
            try await sql.insert(into: "legal_holds").columns("subject_id", "reason", "set_by", "set_at")
                .values(SQLBind(subject), SQLBind(reason), SQLBind(requester.actor), SQLBind(Timestamp.string(now))).run()
        }
    }

    /// Lifts the person's holds; what was due meanwhile is due at once.
    public func liftHold(externalID: String, by requester: Requester) async throws(VaultError) {
        let now = clock()
        try await change(externalID: externalID, operation: .hold, items: ["hold:lift"], by: requester) { subject, _, sql in
            let open = try await sql.select().column("seq").from("legal_holds").where("subject_id", .equal, SQLBind(subject))
                .where(SQLIdentifier("lifted_at"), .is, SQLLiteral.null).first()
            guard open != nil else { throw VaultError.invalidRetentionRequest("this person has no legal hold to lift") }
            try await sql.update("legal_holds").set("lifted_by", to: SQLBind(requester.actor)).set("lifted_at", to: SQLBind(Timestamp.string(now)))
                .where("subject_id", .equal, SQLBind(subject)).where(SQLIdentifier("lifted_at"), .is, SQLLiteral.null).run()
            try await self.reschedule(subject, in: sql)
        }
    }
}
