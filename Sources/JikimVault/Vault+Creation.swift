import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

extension Vault {
    /// Adds a person with their values and consents; returns their internal ID.
    @discardableResult
    public func create(_ subject: NewSubject, by requester: Requester) async throws(VaultError) -> String {
        guard let result = try await create([subject], by: requester).first else { throw .storage("no result") }
        return try result.get()
    }

    /// Adds people in one transaction: each is written whole or refused whole, and the others go on. Returns, in
    /// order, each person's internal ID or why they were refused. Allowed and refused creations are recorded in
    /// the same transaction. Throws only when the store fails, and then nothing of the batch is written.
    public func create(_ subjects: [NewSubject], by requester: Requester) async throws(VaultError) -> [Result<String, VaultError>] {
        try await create(prepare(subjects), by: requester)
    }

    /// Adds people batch by batch, checking and encrypting the next batch while the current one is written;
    /// `done` receives each batch's results in order.
    public func create(
        batches: [[NewSubject]], by requester: Requester, done: (Int, [Result<String, VaultError>]) async throws -> Void
    ) async throws {
        guard let first = batches.first else { return }
        var current = prepare(first)
        for index in batches.indices {
            let following = index + 1 < batches.count ? batches[index + 1] : nil
            let next = following.map { batch in Task.detached { self.prepare(batch) } }
            try await done(index, try await create(current, by: requester))
            guard let next else { break }
            current = await next.value
        }
    }

    /// People checked against the policy and encrypted, ready to be written by `create(_:by:)`.
    public struct PreparedBatch: Sendable {
        var at: Date
        var results: [Result<String, VaultError>]
        var subjects: [(index: Int, subject: PreparedSubject)]
    }

    /// Checks and encrypts `subjects` — the costly part of creating people, done outside any transaction.
    public func prepare(_ subjects: [NewSubject]) -> PreparedBatch {
        var batch = PreparedBatch(at: clock(), results: [], subjects: [])
        for (index, subject) in subjects.enumerated() {
            do {
                let ready = try prepare(subject, at: batch.at)
                batch.subjects.append((index, ready))
                batch.results.append(.success(ready.id))
            } catch {
                batch.results.append(.failure(error))
            }
        }
        return batch
    }

    public func create(_ batch: PreparedBatch, by requester: Requester) async throws(VaultError) -> [Result<String, VaultError>] {
        guard !batch.subjects.isEmpty else { return batch.results }
        var results = batch.results
        let outcome: [(index: Int, refusal: VaultError)]
        do {
            outcome = try await store.transaction { sql in
                try await insert(batch.subjects, by: requester, at: batch.at, in: sql)
            }
        } catch let error as VaultError {
            throw error
        } catch {
            // Another writer may have taken an identity between the check and the insert: one at a time, each
            // is checked again and only the one that clashes is refused.
            guard batch.subjects.count > 1 else { throw .storage(String(describing: error)) }
            for (index, subject) in batch.subjects {
                let single = PreparedBatch(at: batch.at, results: [.success(subject.id)], subjects: [(0, subject)])
                results[index] = try await create(single, by: requester)[0]
            }
            return results
        }
        for (index, refusal) in outcome { results[index] = .failure(refusal) }
        return results
    }

    /// Writes the people the rules allow and that clash with no one; returns those refused, with why.
    private func insert(
        _ batch: [(index: Int, subject: PreparedSubject)], by requester: Requester, at now: Date, in sql: any SQLDatabase
    ) async throws -> [(index: Int, refusal: VaultError)] {
        let granted = try await grantedPurposes(of: requester.actor, in: sql)
        let takenExternal = try await existing(column: "external", from: "subjects", matching: batch.map(\.subject.external), in: sql)
        let takenLookups = try await existingLookups(batch.flatMap(\.subject.lookups), in: sql)

        var refused: [(index: Int, refusal: VaultError)] = []
        var accepted: [PreparedSubject] = []
        var records: [AccessRecord] = []
        var seenExternal: Set<Data> = takenExternal
        var seenLookups: Set<LookupKey> = takenLookups
        for (index, subject) in batch {
            let request = AccessRequest(actor: requester.actor, operation: .create, purpose: requester.purpose, items: subject.items)
            let context = AccessContext(consents: ConsentState(subject.consents), grantedPurposes: granted)
            let record = { (outcome: AccessRecord.Outcome) in
                AccessRecord(actor: requester.actor, at: now, source: requester.source, token: requester.token, subject: subject.pseudonym,
                             operation: .create, purpose: requester.purpose, items: subject.items, outcome: outcome)
            }
            if case .failure(let refusal) = AccessRules.decide(request, under: policy, context: context) {
                refused.append((index, .refused(refusal)))
                records.append(record(.refused(code: refusal.code)))
                continue
            }
            if seenExternal.contains(subject.external) {
                refused.append((index, .duplicateIdentity(item: "external ID")))
                continue
            }
            let lookups = subject.lookups.map { LookupKey(item: $0.item, digest: $0.digest) }
            if let clash = lookups.first(where: seenLookups.contains) {
                refused.append((index, .duplicateIdentity(item: clash.item)))
                continue
            }
            seenExternal.insert(subject.external)
            seenLookups.formUnion(lookups)
            accepted.append(subject)
            records.append(record(.allowed))
        }
        try await write(accepted, in: sql)
        try await recorder.record(records, in: sql)
        return refused
    }

    private func write(_ subjects: [PreparedSubject], in sql: any SQLDatabase) async throws {
        let created = Timestamp.string(clock())
        try await sql.insertRows(into: "subjects", columns: ["id", "external", "category", "created_at", "due_on"],
                             rows: subjects.map { [.text($0.id), .blob($0.external), .text(SubjectCategories.stored($0.categories)), .text(created), .text($0.due?.description)] })
        try await sql.insertRows(into: "data_keys", columns: ["subject_id", "class", "key_version", "sealed"],
                             rows: subjects.flatMap { subject in subject.dataKeys.map {
                                 [.text(subject.id), .text($0.retentionClass), .integer($0.wrapped.keyVersion), .blob($0.wrapped.sealed)]
                             } })
        try await sql.insertRows(into: "item_values", columns: ["subject_id", "item", "class", "sealed"],
                             rows: subjects.flatMap { subject in subject.values.map {
                                 [.text(subject.id), .text($0.item), .text($0.retentionClass), .blob($0.sealed)]
                             } })
        try await sql.insertRows(into: "secrets", columns: ["subject_id", "item", "hash"],
                             rows: subjects.flatMap { subject in subject.secrets.map { [.text(subject.id), .text($0.item), .text($0.hash)] } })
        try await sql.insertRows(into: "lookups", columns: ["item", "digest", "subject_id"],
                             rows: subjects.flatMap { subject in subject.lookups.map { [.text($0.item), .blob($0.digest), .text(subject.id)] } })
        try await appendConsents(subjects.flatMap { subject in subject.consents.map { (subject.id, $0) } }, in: sql)
    }

    /// Which of `values` are already in `column` of `table`.
    private func existing(column: String, from table: String, matching values: [Data], in sql: any SQLDatabase) async throws -> Set<Data> {
        var found: Set<Data> = []
        for chunk in values.chunked(into: 500) {
            for row in try await sql.select().column(column).from(table).where(SQLIdentifier(column), .in, SQLBind.group(Array(chunk))).all() {
                found.insert(try row.decode(column: column, as: Data.self))
            }
        }
        return found
    }

    private func existingLookups(_ lookups: [(item: Identifier, digest: Data)], in sql: any SQLDatabase) async throws -> Set<LookupKey> {
        var found: Set<LookupKey> = []
        for chunk in lookups.map(\.digest).chunked(into: 500) {
            for row in try await sql.select().columns("item", "digest").from("lookups").where("digest", .in, SQLBind.group(Array(chunk))).all() {
                found.insert(LookupKey(item: try row.decode(column: "item", as: String.self), digest: try row.decode(column: "digest", as: Data.self)))
            }
        }
        return found
    }
}

/// An identity value's place in the look-up index.
struct LookupKey: Hashable {
    var item: Identifier
    var digest: Data
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
