import Foundation
import JikimCore
import JikimStore
import SQLKit

/// What the store holds about the retention of a group of people, read with one query per table, so that a sweep
/// costs a few statements per batch rather than per person.
struct RetentionSnapshot {
    var states: [String: RetentionState] = [:]
    var histories: [String: LifecycleHistory] = [:]
    var created: [String: Date] = [:]
    /// Per person and class, the items the class holds: ordinary, separated and one-way.
    var items: [String: [String: [Identifier]]] = [:]
    /// Per person and class, who approved its destruction and in which batch.
    var approvals: [String: [String: (by: String, batch: String)]] = [:]
}

extension Vault {
    func snapshot(of subjects: [String], in sql: any SQLDatabase) async throws -> RetentionSnapshot {
        var snapshot = RetentionSnapshot()
        guard !subjects.isEmpty else { return snapshot }
        let ids = SQLBind.group(subjects)
        var categories: [String: [Identifier]] = [:]
        for row in try await sql.select().columns("id", "created_at", "category").from("subjects").where("id", .in, ids).all() {
            let id = try row.decode(column: "id", as: String.self)
            categories[id] = SubjectCategories.read(try row.decode(column: "category", as: String?.self))
            snapshot.created[id] = Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? .distantPast
            snapshot.states[id] = RetentionState(classes: [:])
        }
        for (table, storage) in [("item_values", StorageState.ordinary), ("separated_values", .separated)] {
            for row in try await sql.select().columns("subject_id", "item", "class").from(table).where("subject_id", .in, ids).all() {
                let id = try row.decode(column: "subject_id", as: String.self), retentionClass = try row.decode(column: "class", as: String.self)
                snapshot.states[id]?.classes[retentionClass] = storage
                snapshot.items[id, default: [:]][retentionClass, default: []].append(try row.decode(column: "item", as: String.self))
            }
        }
        for row in try await sql.select().columns("subject_id", "item").from("secrets").where("subject_id", .in, ids).all() {
            let id = try row.decode(column: "subject_id", as: String.self), item = try row.decode(column: "item", as: String.self)
            let retentionClass = RetentionClass.of(item, in: policy)
            if snapshot.states[id]?.classes[retentionClass] == nil { snapshot.states[id]?.classes[retentionClass] = .ordinary }
            snapshot.items[id, default: [:]][retentionClass, default: []].append(item)
        }
        for row in try await sql.select().column("subject_id").from("legal_holds").where("subject_id", .in, ids)
            .where(SQLIdentifier("lifted_at"), .is, SQLLiteral.null).all() {
            snapshot.states[try row.decode(column: "subject_id", as: String.self)]?.held = true
        }
        for row in try await sql.select().columns("subject_id", "dormant_on").from("dormancy_notices").where("subject_id", .in, ids).all() {
            snapshot.states[try row.decode(column: "subject_id", as: String.self)]?.noticeSentFor = CivilDate(iso: try row.decode(column: "dormant_on", as: String.self))
        }
        let proposals = try await sql.raw("""
            SELECT p.subject_id, p.class, p.state, p.batch_id, b.decided_by FROM destruction_proposals p
            JOIN destruction_batches b ON b.id = p.batch_id WHERE p.subject_id IN \(ids)
            """).all()
        for row in proposals {
            let id = try row.decode(column: "subject_id", as: String.self), retentionClass = try row.decode(column: "class", as: String.self)
            switch try row.decode(column: "state", as: String.self) {
            case "approved":
                snapshot.states[id]?.approved.insert(retentionClass)
                snapshot.approvals[id, default: [:]][retentionClass] = (
                    try row.decode(column: "decided_by", as: String?.self) ?? "officer", try row.decode(column: "batch_id", as: String.self))
            case "proposed":
                snapshot.states[id]?.awaitingApproval.insert(retentionClass)
            default:
                break
            }
        }
        var occurrences: [String: [LifecycleOccurrence]] = [:]
        for row in try await sql.select().columns("subject_id", "event", "at").from("lifecycle_events").where("subject_id", .in, ids).orderBy("seq").all() {
            guard let event = LifecycleEvent(rawValue: try row.decode(column: "event", as: String.self)),
                  let at = Timestamp.date(try row.decode(column: "at", as: String.self))
            else { continue }
            occurrences[try row.decode(column: "subject_id", as: String.self), default: []].append(LifecycleOccurrence(event, at: at))
        }
        var withdrawn: [String: [Identifier: Date]] = [:]
        for row in try await sql.select().columns("subject_id", "consent", "action", "at").from("consent_events").where("subject_id", .in, ids).orderBy("seq").all() {
            let id = try row.decode(column: "subject_id", as: String.self), consent = try row.decode(column: "consent", as: String.self)
            if try row.decode(column: "action", as: String.self) == ConsentEvent.Action.withdrawn.rawValue {
                let at = Timestamp.date(try row.decode(column: "at", as: String.self))
                withdrawn[id, default: [:]][consent] = withdrawn[id]?[consent] ?? at
            } else {
                withdrawn[id]?[consent] = nil
            }
        }
        for (id, created) in snapshot.created {
            snapshot.histories[id] = LifecycleHistory(collectedAt: created, occurrences: occurrences[id] ?? [], withdrawnConsents: withdrawn[id] ?? [:],
                                                      categories: categories[id] ?? [])
        }
        return snapshot
    }

    /// The plan for `today` of a person in the snapshot.
    func plan(for subject: String, in snapshot: RetentionSnapshot, today: CivilDate) -> (RetentionPlan, RetentionSchedule, RetentionState)? {
        guard let state = snapshot.states[subject], let history = snapshot.histories[subject] else { return nil }
        let schedule = RetentionSchedule(classes: state.classes.keys, history: history, policy: policy)
        return (RetentionPlan(schedule: schedule, state: state, today: today, approvalRequired: approvalRequired), schedule, state)
    }

    /// The items of `retentionClass`, as the policy defines the class.
    func declaredItems(of retentionClass: String) -> [Identifier] {
        policy.items.map(\.id).filter { RetentionClass.of($0, in: policy) == retentionClass }
    }
}
