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
        try await change(externalID: externalID, operation: .lifecycle, items: ["event:\(event.rawValue)"], by: requester) { subject, _, sql in
            if let collected = try await self.history(of: subject, in: sql).instant(of: .collection), when < collected {
                throw VaultError.invalidEvent("\(event.rawValue) at \(Timestamp.string(when)) is before the person's information was collected")
            }
            try await sql.insert(into: "lifecycle_events").columns("subject_id", "event", "at", "recorded_at", "by_actor")
                .values(SQLBind(subject), SQLBind(event.rawValue), SQLBind(Timestamp.string(when)), SQLBind(Timestamp.string(now)),
                        SQLBind(requester.actor))
                .run()
            try await self.reschedule(subject, in: sql)
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
        guard let history = try await snapshot(of: [subject], in: sql).histories[subject] else { throw VaultError.unknownSubject }
        return history
    }

    /// Whether due destructions wait for the privacy officer.
    var approvalRequired: Bool { policy.destruction?.approval == .officer }

    /// Stores the person's next due date: today when something is due now, so that the next sweep acts on it.
    func reschedule(_ subject: String, in sql: any SQLDatabase) async throws {
        let today = CivilDate(seoul: clock())
        guard let (plan, _, _) = plan(for: subject, in: try await snapshot(of: [subject], in: sql), today: today) else {
            throw VaultError.unknownSubject
        }
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
