import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// Lifecycle events — a membership withdrawn, a contract ended, the purpose achieved, the person active — and the
/// due date each person's retention schedule gives, stored and indexed so that a sweep reads only what is due.
extension Vault {
    /// Records that `event` happened to the person at `at` (now by default) and reschedules their retention.
    public func recordEvent(
        externalID: String, _ event: LifecycleEvent, at: Date? = nil, by requester: Requester
    ) async throws(VaultError) {
        guard event != .collection else { throw .invalidEvent("collection is recorded when the person is added") }
        let now = clock()
        let when = at ?? now
        guard when <= now.addingTimeInterval(60) else { throw .invalidEvent("an event cannot be recorded in the future") }
        try await change(externalID: externalID, operation: .lifecycle, items: ["event:\(event.rawValue)"], by: requester) { subject, sql in
            if let collected = try await history(of: subject, in: sql).instant(of: .collection), when < collected {
                throw VaultError.invalidEvent("\(event.rawValue) at \(Timestamp.string(when)) is before the person's information was collected")
            }
            try await sql.insert(into: "lifecycle_events").columns("subject_id", "event", "at", "recorded_at", "by_actor")
                .values(SQLBind(subject), SQLBind(event.rawValue), SQLBind(Timestamp.string(when)), SQLBind(Timestamp.string(now)),
                        SQLBind(requester.actor))
                .run()
            try await reschedule(subject, in: sql)
        }
    }

    /// The person's internal ID.
    func subjectID(externalID: String, in sql: any SQLDatabase) async throws -> String {
        guard let id = try await sql.select().column("id").from("subjects")
            .where("external", .equal, SQLBind(cipher.blindIndex(externalID, item: "external id"))).first()?
            .decode(column: "id", as: String.self)
        else { throw VaultError.unknownSubject }
        return id
    }

    /// The person's history as retention counts from it.
    func history(of subject: String, in sql: any SQLDatabase) async throws -> LifecycleHistory {
        guard let created = try await sql.select().column("created_at").from("subjects").where("id", .equal, SQLBind(subject)).first()
            .flatMap({ try $0.decode(column: "created_at", as: String.self) }).flatMap(Timestamp.date)
        else { throw VaultError.unknownSubject }
        let occurrences = try await sql.select().columns("event", "at").from("lifecycle_events")
            .where("subject_id", .equal, SQLBind(subject)).orderBy("seq").all()
            .compactMap { row -> LifecycleOccurrence? in
                guard let event = LifecycleEvent(rawValue: try row.decode(column: "event", as: String.self)),
                      let at = Timestamp.date(try row.decode(column: "at", as: String.self))
                else { return nil }
                return LifecycleOccurrence(event, at: at)
            }
        var withdrawn: [Identifier: Date] = [:]
        for event in try await consents(of: subject, in: sql) {
            switch event.action {
            case .withdrawn: withdrawn[event.consent] = withdrawn[event.consent] ?? event.at
            case .given: withdrawn[event.consent] = nil
            }
        }
        return LifecycleHistory(collectedAt: created, occurrences: occurrences, withdrawnConsents: withdrawn)
    }

    /// Where the person's retention stands, as stored.
    func retentionState(of subject: String, in sql: any SQLDatabase) async throws -> RetentionState {
        var classes: [String: StorageState] = [:]
        for row in try await sql.select().column("class").from("item_values").where("subject_id", .equal, SQLBind(subject)).all() {
            classes[try row.decode(column: "class", as: String.self)] = .ordinary
        }
        for row in try await sql.select().column("class").from("separated_values").where("subject_id", .equal, SQLBind(subject)).all() {
            classes[try row.decode(column: "class", as: String.self)] = .separated
        }
        for row in try await sql.select().column("item").from("secrets").where("subject_id", .equal, SQLBind(subject)).all() {
            let retentionClass = RetentionClass.of(try row.decode(column: "item", as: String.self), in: policy)
            classes[retentionClass] = classes[retentionClass] ?? .ordinary
        }
        let held = try await sql.select().column("seq").from("legal_holds").where("subject_id", .equal, SQLBind(subject))
            .where(SQLIdentifier("lifted_at"), .is, SQLLiteral.null).first() != nil
        let notice = try await sql.select().column("dormant_on").from("dormancy_notices").where("subject_id", .equal, SQLBind(subject)).first()
            .flatMap { try $0.decode(column: "dormant_on", as: String.self) }.flatMap(CivilDate.init(iso:))
        var awaiting: Set<String> = [], approved: Set<String> = []
        for row in try await sql.select().columns("class", "state").from("destruction_proposals").where("subject_id", .equal, SQLBind(subject)).all() {
            let retentionClass = try row.decode(column: "class", as: String.self)
            switch try row.decode(column: "state", as: String.self) {
            case "approved": approved.insert(retentionClass)
            case "proposed": awaiting.insert(retentionClass)
            default: break
            }
        }
        return RetentionState(classes: classes, held: held, noticeSentFor: notice, awaitingApproval: awaiting, approved: approved)
    }

    /// The person's plan for `today`.
    func plan(for subject: String, today: CivilDate, in sql: any SQLDatabase) async throws -> (RetentionPlan, RetentionSchedule, RetentionState) {
        let state = try await retentionState(of: subject, in: sql)
        let schedule = RetentionSchedule(classes: state.classes.keys, history: try await history(of: subject, in: sql), policy: policy)
        let plan = RetentionPlan(schedule: schedule, state: state, today: today, approvalRequired: approvalRequired)
        return (plan, schedule, state)
    }

    /// Whether due destructions wait for the privacy officer.
    var approvalRequired: Bool { policy.destruction?.approval == .officer }

    /// Stores the person's next due date: today when something is due now, so that the next sweep acts on it.
    func reschedule(_ subject: String, in sql: any SQLDatabase) async throws {
        let today = CivilDate(seoul: clock())
        let (plan, _, _) = try await plan(for: subject, today: today, in: sql)
        let due = plan.actions.contains(where: \.isWork) ? today : plan.nextDue
        try await setDue(due, for: subject, in: sql)
    }

    func setDue(_ due: CivilDate?, for subject: String, in sql: any SQLDatabase) async throws {
        try await sql.update("subjects").set("due_on", to: due.map { SQLBind($0.description) } ?? SQLBind(String?.none))
            .where("id", .equal, SQLBind(subject)).run()
    }
}

extension RetentionAction {
    /// Whether a sweep has something to do for it (a held destruction waits for the hold to be lifted).
    var isWork: Bool {
        if case .held = self { false } else { true }
    }
}
