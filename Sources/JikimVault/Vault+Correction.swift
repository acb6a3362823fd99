import Crypto
import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

extension Vault {
    /// Adds or corrects values of the person for the requester's purpose: each value is checked against its
    /// item's type and encrypted under the person's data key of the item's retention class; identity values are
    /// indexed again. The change is recorded (operation `correct`), refusals too.
    public func correct(externalID: String, values: [Identifier: String], by requester: Requester) async throws(VaultError) {
        let now = clock()
        var checked: [(item: Item, value: String)] = []
        for (id, raw) in values.sorted(by: { $0.key < $1.key }) {
            guard let item = policy.item(id) else { throw .undeclaredItem(id) }
            switch item.type.canonical(raw) {
            case .success(let value): checked.append((item, value))
            case .failure(let error): throw .invalidValue(item: id, error)
            }
        }
        let items = checked.map(\.item.id)
        let request = AccessRequest(actor: requester.actor, operation: .correct, purpose: requester.purpose, items: items)
        try await decided { sql -> Decided<Void> in
            let found = try await findSubject(externalID: externalID, in: sql)
            let record = { (outcome: AccessRecord.Outcome) in
                AccessRecord(actor: requester.actor, at: now, source: requester.source, token: requester.token, subject: self.recordName(found),
                             operation: .correct, purpose: requester.purpose, items: items, outcome: outcome)
            }
            if let refusal = try await refusalBeforeLookUp(request, subject: found, in: sql) {
                return .refused(refusal, record(.refused(code: refusal.code)))
            }
            guard let subject = found else { throw VaultError.unknownSubject }
            let context = AccessContext(
                consents: ConsentState(try await consents(of: subject, in: sql)),
                grantedPurposes: try await grantedPurposes(of: requester.actor, in: sql),
                suspendedPurposes: try await suspendedPurposes(of: subject, in: sql))
            let authorisation: Authorisation
            switch AccessRules.decide(request, under: policy, context: context) {
            case .failure(let refusal): return .refused(refusal, record(.refused(code: refusal.code)))
            case .success(let allowed): authorisation = allowed
            }
            let separated = try await sql.select().columns("item", "class").from("separated_values")
                .where("subject_id", .equal, SQLBind(subject)).where("item", .in, SQLBind.group(items)).first()
            if let separated {
                throw VaultError.separated(item: try separated.decode(column: "item", as: String.self),
                                           rule: try separated.decode(column: "class", as: String.self))
            }
            for (item, value) in checked { try await storeValue(value, of: item, subject: subject, under: authorisation, in: sql) }
            try await recorder.record([record(.allowed)], in: sql)
            try await reschedule(subject, in: sql)
            return .done(())
        }
    }

    /// Stores the value of the item, as far as `authorisation` covers it: encrypted, indexed when an identity item,
    /// hashed one-way when the policy says so.
    func storeValue(_ value: String, of item: Item, subject: String, under authorisation: Authorisation, in sql: any SQLDatabase) async throws {
        guard authorisation.covers(item.id) else { throw VaultError.notAuthorised(item: item.id) }
        if item.identity {
            let digest = cipher.blindIndex(item.type.lookupKey(value), item: item.id)
            if let owner = try await sql.select().column("subject_id").from("lookups").where("item", .equal, SQLBind(item.id))
                .where("digest", .equal, SQLBind(digest)).first()?.decode(column: "subject_id", as: String.self), owner != subject {
                throw VaultError.duplicateIdentity(item: item.id)
            }
            try await sql.delete(from: "lookups").where("subject_id", .equal, SQLBind(subject)).where("item", .equal, SQLBind(item.id)).run()
            try await sql.insert(into: "lookups").columns("item", "digest", "subject_id")
                .values(SQLBind(item.id), SQLBind(digest), SQLBind(subject)).run()
        }
        if item.protection == .oneWay {
            try await sql.delete(from: "secrets").where("subject_id", .equal, SQLBind(subject)).where("item", .equal, SQLBind(item.id)).run()
            try await sql.insert(into: "secrets").columns("subject_id", "item", "hash")
                .values(SQLBind(subject), SQLBind(item.id), SQLBind(try passwords.hash(value))).run()
            return
        }
        let retentionClass = RetentionClass.of(item.id, in: policy)
        let key: SymmetricKey
        if let row = try await sql.select().columns("key_version", "sealed").from("data_keys").where("subject_id", .equal, SQLBind(subject))
            .where("class", .equal, SQLBind(retentionClass)).first() {
            key = try keys.unwrap(WrappedKey(keyVersion: try row.decode(column: "key_version", as: Int.self),
                                             sealed: try row.decode(column: "sealed", as: Data.self)),
                                  subject: subject, retentionClass: retentionClass)
        } else {
            let (fresh, wrapped) = try cipher.newDataKey(subject: subject, retentionClass: retentionClass)
            try await sql.insert(into: "data_keys").columns("subject_id", "class", "key_version", "sealed")
                .values(SQLBind(subject), SQLBind(retentionClass), SQLBind(wrapped.keyVersion), SQLBind(wrapped.sealed)).run()
            key = fresh
        }
        try await sql.delete(from: "item_values").where("subject_id", .equal, SQLBind(subject)).where("item", .equal, SQLBind(item.id)).run()
        try await sql.insert(into: "item_values").columns("subject_id", "item", "class", "sealed")
            .values(SQLBind(subject), SQLBind(item.id), SQLBind(retentionClass),
                    SQLBind(try cipher.seal(value, item: item.id, subject: subject, key: key))).run()
    }
}
