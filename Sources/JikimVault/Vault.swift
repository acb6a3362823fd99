import Crypto
import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// The personal information itself, kept encrypted per person and given out only for a declared purpose on a
/// valid legal basis to an actor whose role grants it. Every operation, allowed or refused, leaves an access record
/// written in the same transaction.
///
/// A class, not a struct: every call hands the vault to closures and tasks, and a struct as large as this one (the
/// whole policy among its fields) was copied, field by field, each time.
public final class Vault: Sendable {
    public let policy: Policy
    let store: Store
    let keys: KeyHolder
    var cipher: Cipher { keys.cipher }
    /// The key ring in use.
    public var keyRing: KeyRing { keys.cipher.keys }
    let recorder: any AccessRecorder
    let passwords: PasswordHasher
    /// Failed sign-ins in a row that lock a staff account.
    public let lockoutAfter: Int
    let clock: @Sendable () -> Date
    /// What tokens authenticated a moment ago (`authenticate(token:)`).
    let tokens: TokenCache
    /// The public holidays request deadlines are counted with.
    public let holidays: HolidayCalendar

    /// `recorder` writes the access records: the tamper-evident log (`AccessLog`) wherever Jikim runs.
    /// `reloadKeys`, when given, is asked for the key ring again when a data key turns out to be wrapped by a key
    /// version this one does not hold — another process has rotated the keys — so that rotation needs no restart.
    /// `tokenCacheAge` is the longest what a token authenticated is kept (`authenticate(token:)`): how long a token
    /// revoked by another process or server may still be taken here.
    public init(
        policy: Policy, store: Store, keys: KeyRing, reloadKeys: (@Sendable () throws -> KeyRing)? = nil,
        recorder: any AccessRecorder,
        passwords: PasswordHasher = PasswordHasher(), lockoutAfter: Int = 5, holidays: HolidayCalendar? = nil,
        tokenCacheAge: Duration = .seconds(1), clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.tokens = TokenCache(maxAge: tokenCacheAge)
        self.holidays = holidays ?? policy.holidayCalendar
        self.lockoutAfter = max(1, lockoutAfter)
        self.policy = policy
        self.store = store
        self.keys = KeyHolder(keys, reload: reloadKeys)
        self.recorder = recorder
        self.passwords = passwords
        self.clock = clock
    }

    // MARK: - People

    /// Reads `items` of the person with `externalID` for the requester's purpose.
    public func read(externalID: String, items: [Identifier], by requester: Requester) async throws(VaultError) -> [Identifier: String] {
        let external = cipher.blindIndex(externalID, item: "external id")
        return try await read(items: items, by: requester) { sql in
            try await sql.statement("SELECT id FROM subjects WHERE external = ?", .blob(external)).first()?.decode(column: "id", as: String.self)
        }
    }

    /// Reads `items` of the person whose identity item `item` has `value` (an e-mail address, a phone number).
    public func read(lookup item: Identifier, value: String, items: [Identifier], by requester: Requester) async throws(VaultError) -> [Identifier: String] {
        guard let declared = policy.item(item) else { throw .undeclaredItem(item) }
        let key: String
        switch declared.type.canonical(value) {
        case .success(let canonical): key = declared.type.lookupKey(canonical)
        case .failure(let error): throw .invalidValue(item: item, error)
        }
        let digest = cipher.blindIndex(key, item: item)
        return try await read(items: items, by: requester) { sql in
            try await sql.select().column("subject_id").from("lookups")
                .where("item", .equal, SQLBind(item)).where("digest", .equal, SQLBind(digest)).first()?
                .decode(column: "subject_id", as: String.self)
        }
    }

    /// Exports `items` of the person with `externalID` out of Jikim (a download, a file handed over) for the
    /// requester's purpose. The requester must state the reason, which is recorded with the export for the review.
    public func export(externalID: String, items: [Identifier], by requester: Requester) async throws(VaultError) -> [Identifier: String] {
        try await read(items: items, by: requester, operation: .export) { sql in
            try await sql.select().column("id").from("subjects")
                .where("external", .equal, SQLBind(self.cipher.blindIndex(externalID, item: "external id"))).first()?
                .decode(column: "id", as: String.self)
        }
    }

    private func read(
        items: [Identifier], by requester: Requester, operation: JikimCore.Operation = .read,
        find: @escaping (any SQLDatabase) async throws -> String?
    ) async throws(VaultError) -> [Identifier: String] {
        let now = clock()
        let reason = operation == .export ? requester.reason : nil
        let request = AccessRequest(actor: requester.actor, operation: operation, purpose: requester.purpose, items: items, reason: reason)
        // Read on a read connection, beside the writer; only the access record goes through the shared commit.
        let outcome: (values: [Identifier: String], record: AccessRecord, refusal: AccessRefusal?)
        do {
            outcome = try await store.read { sql in
                let found = try await find(sql)
                let record = { (outcome: AccessRecord.Outcome) in
                    AccessRecord(actor: requester.actor, at: now, source: requester.source, token: requester.token, subject: self.recordName(found),
                                 operation: operation, purpose: requester.purpose, items: items, outcome: outcome,
                                 reason: AccessRules.isAcceptableReason(reason) ? reason : nil)
                }
                if let refusal = try await refusalBeforeLookUp(request, subject: found, in: sql) {
                    return ([:], record(.refused(code: refusal.code)), refusal)
                }
                guard let subject = found else { throw VaultError.unknownSubject }
                let state = try await decisionState(of: subject, in: sql)
                let context = AccessContext(
                    consents: state.consents, grantedPurposes: try await grantedPurposes(of: requester.actor, in: sql),
                    suspendedPurposes: state.suspended, itemsUnderCorrection: state.corrections, itemsAwaitingDestruction: state.destructions
                )
                switch AccessRules.decide(request, under: policy, context: context) {
                case .failure(let refusal): return ([:], record(.refused(code: refusal.code)), refusal)
                case .success(let authorisation): return (try await readValues(authorisation, subject: subject, in: sql), record(.allowed), nil)
                }
            }
        } catch let error as VaultError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
        // Nothing is given out, and no refusal answered, before its record is durable.
        try await write { sql in try await recorder.record([outcome.record], in: sql) }
        if let refusal = outcome.refusal { throw .refused(refusal) }
        return outcome.values
    }

    // MARK: - Values

    /// The values of the items the decision allowed, from ordinary storage; an item separated or one-way is refused.
    func readValues(_ authorisation: Authorisation, subject: String, in sql: any SQLDatabase) async throws -> [Identifier: String] {
        let items = authorisation.items
        for item in items where policy.item(item)?.protection == .oneWay { throw VaultError.secretNotReadable(item) }
        let values = try await openValues(items, of: subject, from: .ordinary, under: authorisation, in: sql)
        let missing = items.filter { values[$0] == nil }
        if !missing.isEmpty, let row = try await sql.select().columns("item", "class").from("separated_values")
            .where("subject_id", .equal, SQLBind(subject)).where("item", .in, SQLBind.group(missing)).first() {
            let retentionClass = try row.decode(column: "class", as: String.self)
            let rules = RetentionClass.rules(of: retentionClass, in: policy).filter(\.separate)
            throw VaultError.separated(item: try row.decode(column: "item", as: String.self),
                                       rule: rules.map { RetentionClass.name(of: $0, in: policy) }.joined(separator: "' or '"))
        }
        return values
    }

    /// The tables values are kept in.
    enum ValueTable: String {
        /// Ordinary storage.
        case ordinary = "item_values"
        /// Separate storage, for values kept past their purpose under a law (Art. 21(3)).
        case separate = "separated_values"
    }

    /// Decrypts `items` of the person kept in `table` (ordinary or separate storage), as far as `authorisation`
    /// covers them.
    func openValues(
        _ items: [Identifier], of subject: String, from table: ValueTable, under authorisation: Authorisation, in sql: any SQLDatabase
    ) async throws -> [Identifier: String] {
        if let item = items.first(where: { !authorisation.covers($0) }) { throw VaultError.notAuthorised(item: item) }
        guard !items.isEmpty else { return [:] }
        // The values with their classes' wrapped data keys, in one statement (a destroyed key leaves the key columns empty).
        // Written as it runs rather than built: it runs for every read, and building the query cost more than running it.
        let rows = try await sql.statement("""
            SELECT v.item, v.class, v.sealed, k.key_version, k.sealed AS key_sealed FROM \(table.rawValue) v
            LEFT JOIN data_keys k ON k.subject_id = v.subject_id AND k.class = v.class
            WHERE v.subject_id = ? AND v.item IN (\(SQLStatement.placeholders(items.count)))
            """, binds: [.text(subject)] + items.map(SQLValue.text)).all()
        guard !rows.isEmpty else { return [:] }
        var keys: [String: WrappedKey] = [:]
        for row in rows {
            guard let version = try row.decode(column: "key_version", as: Int?.self), let sealed = try row.decode(column: "key_sealed", as: Data?.self)
            else { continue }
            keys[try row.decode(column: "class", as: String.self)] = WrappedKey(keyVersion: version, sealed: sealed)
        }
        var values: [Identifier: String] = [:]
        var unwrapped: [String: SymmetricKey] = [:]
        for row in rows {
            let item = try row.decode(column: "item", as: String.self)
            let retentionClass = try row.decode(column: "class", as: String.self)
            guard let wrapped = keys[retentionClass] else { throw VaultError.destroyed(item) }
            let key = try unwrapped[retentionClass] ?? self.keys.unwrap(wrapped, subject: subject, retentionClass: retentionClass)
            unwrapped[retentionClass] = key
            values[item] = try cipher.open(try row.decode(column: "sealed", as: Data.self), item: item, subject: subject, key: key)
        }
        return values
    }

    // MARK: - Consents and roles

    func appendConsents(_ events: [(subject: String, event: ConsentEvent)], in sql: any SQLDatabase) async throws {
        try await sql.insertRows(into: "consent_events", columns: ["subject_id", "consent", "action", "at", "channel", "policy_version"],
                             rows: events.map { subject, event in
                                 [.text(subject), .text(event.consent), .text(event.action.rawValue),
                                  .text(Timestamp.string(event.at)), .text(event.channel), .text(event.policyVersion)]
                             })
    }

    func consents(of subject: String, in sql: any SQLDatabase) async throws -> [ConsentEvent] {
        try await sql.select().columns("consent", "action", "at", "channel", "policy_version").from("consent_events")
            .where("subject_id", .equal, SQLBind(subject)).orderBy("seq").all()
            .map { row in
                ConsentEvent(
                    consent: try row.decode(column: "consent", as: String.self),
                    action: ConsentEvent.Action(rawValue: try row.decode(column: "action", as: String.self)) ?? .withdrawn,
                    at: Timestamp.date(try row.decode(column: "at", as: String.self)) ?? .distantPast,
                    channel: try row.decode(column: "channel", as: String.self),
                    policyVersion: try row.decode(column: "policy_version", as: String.self)
                )
            }
    }

    /// What decides a request about the person, in one statement: their consents, the purposes suspended at their
    /// request, the items a correction request holds back and those whose destruction awaits approval.
    func decisionState(of subject: String, in sql: any SQLDatabase) async throws -> PersonState {
        let rows = try await sql.statement("""
            SELECT 'consent' AS kind, seq, consent AS name, action, at FROM consent_events WHERE subject_id = ?
            UNION ALL SELECT 'suspension' AS kind, seq, purpose AS name, action, at FROM suspension_events WHERE subject_id = ?
            UNION ALL SELECT 'correction' AS kind, 0 AS seq, item AS name, '' AS action, '' AS at FROM pending_corrections
                WHERE subject_id = ?
            UNION ALL SELECT 'destruction' AS kind, 0 AS seq, class AS name, '' AS action, '' AS at FROM destruction_proposals
                WHERE subject_id = ? AND state IN ('proposed', 'approved')
            """, binds: Array(repeating: .text(subject), count: 4)).all()
        var consents: [(seq: Int, event: ConsentEvent)] = []
        var suspensions: [(seq: Int, event: SuspensionEvent)] = []
        var state = PersonState()
        var classes: Set<String> = []
        for row in rows {
            let name = try row.decode(column: "name", as: String.self)
            let seq = try row.decode(column: "seq", as: Int.self)
            switch try row.decode(column: "kind", as: String.self) {
            case "consent":
                let action = ConsentEvent.Action(rawValue: try row.decode(column: "action", as: String.self)) ?? .withdrawn
                let at = Timestamp.date(try row.decode(column: "at", as: String.self)) ?? .distantPast
                consents.append((seq, ConsentEvent(consent: name, action: action, at: at, channel: "", policyVersion: "")))
            case "suspension":
                let action = SuspensionEvent.Action(rawValue: try row.decode(column: "action", as: String.self)) ?? .suspended
                let at = Timestamp.date(try row.decode(column: "at", as: String.self)) ?? .distantPast
                suspensions.append((seq, SuspensionEvent(purpose: name, action: action, at: at, actor: "")))
            case "correction": state.corrections.insert(name)
            default: classes.insert(name)
            }
        }
        state.consents = ConsentState(consents.sorted { $0.seq < $1.seq }.map(\.event))
        state.suspended = SuspensionEvent.suspendedPurposes(suspensions.sorted { $0.seq < $1.seq }.map(\.event))
        if !classes.isEmpty { state.destructions = Set(policy.items.map(\.id).filter { classes.contains(RetentionClass.of($0, in: policy)) }) }
        return state
    }
}

/// What the store says about a person that decides requests about them.
struct PersonState {
    var consents = ConsentState()
    var suspended: Set<Identifier> = []
    var corrections: Set<Identifier> = []
    var destructions: Set<Identifier> = []
}
