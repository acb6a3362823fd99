import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// Separate storage (PIPA Art. 21(3)): items whose purpose has ended but that a law (or the policy) keeps, and the
/// data of dormant people, are moved out of ordinary storage. Ordinary reads no longer find them; only a read for
/// the retention rule that keeps them, by a role that grants that rule, does — and it is recorded as such.
extension Vault {
    /// Reads separately stored `items` of the person for the retention rule named by the requester's purpose
    /// (the rule's id, or the purpose the rule declares). Refusals are recorded like any access.
    public func readSeparated(externalID: String, items: [Identifier], by requester: Requester) async throws(VaultError) -> [Identifier: String] {
        let now = clock()
        return try await decided { sql -> Decided<[Identifier: String]> in
            let found = try await findSubject(externalID: externalID, in: sql)
            let record = { (outcome: AccessRecord.Outcome) in
                AccessRecord(actor: requester.actor, at: now, source: requester.source, token: requester.token, subject: self.recordName(found),
                             operation: .readSeparated, purpose: requester.purpose, items: items, outcome: outcome)
            }
            let authorisation: Authorisation
            switch AccessRules.decideSeparatedRead(actor: requester.actor, rule: requester.purpose, items: items, under: policy,
                                                   grantedPurposes: try await grantedPurposes(of: requester.actor, in: sql)) {
            case .failure(let refusal): return .refused(refusal, record(.refused(code: refusal.code)))
            case .success(let allowed): authorisation = allowed
            }
            guard let subject = found else { throw VaultError.unknownSubject }
            let values = try await openValues(items, of: subject, from: .separate, under: authorisation, in: sql)
            if let absent = items.first(where: { values[$0] == nil }) {
                throw VaultError.invalidRetentionRequest("item '\(absent)' of this person is not in separate storage")
            }
            try await recorder.record([record(.allowed)], in: sql)
            return .done(values)
        }
    }

    /// Moves classes of people to separate storage, class by class for all of them at once, and drops the
    /// classes' look-up entries, so that the people's identity values no longer find them (and can be used by
    /// someone who registers anew).
    func separate(
        _ targets: [(subject: String, retentionClass: String, cause: SeparationCause)], snapshot: RetentionSnapshot, actor: String,
        at now: Date, in sql: any SQLDatabase
    ) async throws {
        var records: [AccessRecord] = []
        for (cause, group) in Dictionary(grouping: targets, by: { $0.cause.text }) {
            for (retentionClass, members) in Dictionary(grouping: group, by: \.retentionClass) {
                for chunk in members.map(\.subject).chunked(into: 500) {
                    let people = SQLBind.group(Array(chunk))
                    try await sql.raw("""
                        INSERT INTO separated_values (subject_id, item, class, sealed, separated_at, cause)
                        SELECT subject_id, item, class, sealed, \(bind: Timestamp.string(now)), \(bind: cause) FROM item_values
                        WHERE class = \(bind: retentionClass) AND subject_id IN \(people)
                        """).run()
                    try await sql.delete(from: "item_values").where("class", .equal, SQLBind(retentionClass)).where("subject_id", .in, people).run()
                    let items = declaredItems(of: retentionClass)
                    if !items.isEmpty {
                        try await sql.delete(from: "lookups").where("subject_id", .in, people).where("item", .in, SQLBind.group(items)).run()
                    }
                }
                records += members.map { member in
                    AccessRecord(actor: actor, at: now, source: nil, subject: cipher.pseudonym(member.subject), operation: .separate, purpose: cause,
                                 items: (snapshot.items[member.subject]?[retentionClass] ?? []).sorted(), outcome: .allowed)
                }
            }
        }
        try await recorder.record(records, in: sql)
    }

    /// Brings a separated class back to ordinary storage, with its look-up entries.
    func restore(_ retentionClass: String, of subject: String, actor: String, at now: Date, in sql: any SQLDatabase) async throws {
        let items = try await items(of: retentionClass, subject: subject, in: "separated_values", sql)
        let identity = items.filter { policy.item($0)?.identity == true }
        let values = try await openValues(identity, of: subject, from: .separate,
                                          under: AccessRules.scheduled(actor: actor, operation: .restore, purpose: "dormancy", items: identity),
                                          in: sql)
        try await sql.raw("""
            INSERT INTO item_values (subject_id, item, class, sealed)
            SELECT subject_id, item, class, sealed FROM separated_values WHERE subject_id = \(bind: subject) AND class = \(bind: retentionClass)
            """).run()
        try await sql.delete(from: "separated_values").where("subject_id", .equal, SQLBind(subject)).where("class", .equal, SQLBind(retentionClass)).run()
        var lookups: [[SQLValue]] = []
        for (item, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let declared = policy.item(item) else { continue }
            let digest = cipher.blindIndex(declared.type.lookupKey(value), item: item)
            // Someone else may have registered with the value meanwhile; they keep it.
            let taken = try await sql.select().column("subject_id").from("lookups").where("item", .equal, SQLBind(item))
                .where("digest", .equal, SQLBind(digest)).first() != nil
            if !taken { lookups.append([.text(item), .blob(digest), .text(subject)]) }
        }
        try await sql.insertRows(into: "lookups", columns: ["item", "digest", "subject_id"], rows: lookups)
        try await recorder.record([AccessRecord(
            actor: actor, at: now, source: nil, subject: cipher.pseudonym(subject), operation: .restore, purpose: "dormancy",
            items: items, outcome: .allowed)], in: sql)
    }

    func items(of retentionClass: String, subject: String, in table: String, _ sql: any SQLDatabase) async throws -> [Identifier] {
        try await sql.select().column("item").from(table).where("subject_id", .equal, SQLBind(subject))
            .where("class", .equal, SQLBind(retentionClass)).orderBy("item").all()
            .map { try $0.decode(column: "item", as: String.self) }
    }
}

extension SeparationCause {
    /// The cause as recorded: the rule's name, or `dormancy`.
    var text: String {
        switch self {
        case .retention(let rule): rule
        case .dormancy: "dormancy"
        }
    }
}
