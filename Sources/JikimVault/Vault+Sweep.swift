import Foundation
import JikimCore
import JikimCrypto
import JikimStore
import SQLKit

/// What a sweep did, or would do in a dry run.
public struct SweepReport: Sendable, Hashable {
    /// People whose due date had come.
    public var subjects = 0
    /// Retention classes moved to separate storage.
    public var separated = 0
    /// Separated classes back in ordinary use (a dormant person active again).
    public var restored = 0
    public var destroyed = 0
    /// Due destructions a legal hold stops.
    public var held = 0
    /// Due destructions proposed to the privacy officer in this sweep.
    public var proposed = 0
    /// Dormancy notices written to the outbox.
    public var notices = 0
    /// People of whom nothing is left.
    public var removed = 0
    /// People who could not be swept: left as they were and due again the next day.
    public var failed: [SweepFailure] = []

    public init() {}
}

/// A person the sweep could not act on, by pseudonym, and why.
public struct SweepFailure: Sendable, Hashable {
    public var subject: String
    public var reason: String
}

extension Vault {
    /// The actor the sweep acts as, in the access log and the destruction ledger: a service, working at any hour.
    public static let sweepActor = "jikim-sweep"

    /// Carries out what is due on `today` (the Korean date now, by default): separates, restores, destroys or
    /// proposes for approval, and writes dormancy notices. People are claimed `batchSize` at a time, each batch
    /// in one transaction: a sweep stopped at any point leaves every person either swept or not, and the next
    /// sweep carries on. On PostgreSQL the claimed rows are locked (`FOR UPDATE SKIP LOCKED`), so several
    /// servers sweep the same store without doing anyone twice. `progress` gets the count done and the count due.
    public func sweep(
        on today: CivilDate? = nil, dryRun: Bool = false, actor: String = Vault.sweepActor, batchSize: Int = 200,
        progress: (_ done: Int, _ due: Int) -> Void = { _, _ in }
    ) async throws(VaultError) -> SweepReport {
        let today = today ?? CivilDate(seoul: clock())
        var report = SweepReport()
        let due = try await dueCount(on: today)
        progress(0, due)
        var after: String?
        while true {
            var batch = SweepReport()
            var last: String?
            do {
                try await write { sql in
                    let ids = try await claim(on: today, limit: max(1, batchSize), after: dryRun ? after : nil, in: sql)
                    batch = try await sweep(ids, on: today, dryRun: dryRun, actor: actor, in: sql)
                    last = ids.last
                }
            } catch {
                // Someone in the batch cannot be swept: go one by one, so that the others are, and put off whoever
                // fails to the next day rather than stopping every sweep at them.
                (batch, last) = try await sweepOneByOne(count: max(1, batchSize), on: today, dryRun: dryRun, actor: actor, after: after)
            }
            guard let last else { break }
            after = last
            report.add(batch)
            progress(report.subjects + report.failed.count, max(due, report.subjects + report.failed.count))
        }
        if report.destroyed > 0, !dryRun {
            do { try await store.eraseFreedSpace() } catch { throw .storage(String(describing: error)) }
        }
        return report
    }

    /// Sweeps up to `count` people each in a transaction of their own. One that fails is left as it was, its due date
    /// put off to the next day, and named (by pseudonym) with the error in the report.
    private func sweepOneByOne(
        count: Int, on today: CivilDate, dryRun: Bool, actor: String, after: String?
    ) async throws(VaultError) -> (SweepReport, String?) {
        var report = SweepReport()
        var last = after
        for _ in 0..<count {
            var claimed: String?
            do {
                try await write { sql in
                    let ids = try await claim(on: today, limit: 1, after: dryRun ? last : nil, in: sql)
                    claimed = ids.first
                    report.add(try await sweep(ids, on: today, dryRun: dryRun, actor: actor, in: sql))
                }
            } catch {
                guard let subject = claimed else { throw error }
                report.failed.append(SweepFailure(subject: cipher.pseudonym(subject), reason: error.description))
                if !dryRun { try await write { sql in try await setDue(today.adding(days: 1), for: subject, in: sql) } }
            }
            guard let claimed else { break }
            last = claimed
        }
        return (report, last)
    }

    /// Sweeps one person at once, after a request changed what is due for them, and returns their retention schedule
    /// as it was planned for the sweep.
    func sweepNow(_ subject: String, actor: String) async throws(VaultError) -> RetentionSchedule {
        let today = CivilDate(seoul: clock())
        var schedule = RetentionSchedule(classes: [], history: LifecycleHistory(collectedAt: clock()), policy: policy)
        var destroyed = 0
        try await write { sql in
            if let planned = plan(for: subject, in: try await snapshot(of: [subject], in: sql), today: today) { schedule = planned.1 }
            destroyed = try await sweep([subject], on: today, dryRun: false, actor: actor, in: sql).destroyed
        }
        if destroyed > 0 {
            do { try await store.eraseFreedSpace() } catch { throw .storage(String(describing: error)) }
        }
        return schedule
    }

    /// How many people are due on `today`.
    public func dueCount(on today: CivilDate) async throws(VaultError) -> Int {
        do {
            return try await store.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("subjects")
                .where(isDue(on: today)).first()?.decode(column: "n", as: Int.self) ?? 0
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// `due_on` on or before `today`. The lower bound lets the index seek past the people with no due date (NULL,
    /// which SQLite's index keeps first) instead of stepping over each of them.
    private func isDue(on today: CivilDate) -> any SQLExpression {
        SQLBinaryExpression(
            SQLBinaryExpression(SQLColumn("due_on"), .greaterThanOrEqual, SQLBind("0000-01-01")), .and,
            SQLBinaryExpression(SQLColumn("due_on"), .lessThanOrEqual, SQLBind(today.description)))
    }

    /// The next people due, locked for this transaction where the database can.
    private func claim(on today: CivilDate, limit: Int, after: String?, in sql: any SQLDatabase) async throws -> [String] {
        var query = sql.select().column("id").from("subjects").where(isDue(on: today))
        // In the index's order: ordering ties by id as well would sort every person due on the same day, per batch.
        if let after { query = query.where("id", .greaterThan, SQLBind(after)).orderBy("id") } else { query = query.orderBy("due_on") }
        query = query.limit(limit)
        if store.isPostgres { query = query.lockingClause(SQLRaw("FOR UPDATE SKIP LOCKED")) }
        return try await query.all().map { try $0.decode(column: "id", as: String.self) }
    }

    /// Sweeps a batch of people: reads what the store holds of them in a few queries, plans each, then carries
    /// out the plans class by class for the whole batch.
    private func sweep(_ subjects: [String], on today: CivilDate, dryRun: Bool, actor: String, in sql: any SQLDatabase) async throws -> SweepReport {
        var report = SweepReport()
        guard !subjects.isEmpty else { return report }
        let snapshot = try await snapshot(of: subjects, in: sql)
        let now = clock()
        var separations: [(subject: String, retentionClass: String, cause: SeparationCause)] = []
        var destructions: [DestructionTarget] = []
        var work: [(subject: String, actions: [RetentionAction])] = []
        var removed: [String] = []
        var dues: [CivilDate?: [String]] = [:]
        for subject in subjects {
            guard let (plan, schedule, state) = plan(for: subject, in: snapshot, today: today) else { continue }
            report.subjects += 1
            var remaining = Set(state.classes.keys)
            for action in plan.actions {
                switch action {
                case .separate(let retentionClass, let cause):
                    report.separated += 1
                    separations.append((subject, retentionClass, cause))
                case .destroy(let retentionClass):
                    report.destroyed += 1
                    remaining.remove(retentionClass)
                    let classSchedule = schedule.classes[retentionClass]
                    let approval = snapshot.approvals[subject]?[retentionClass]
                    destructions.append(DestructionTarget(
                        subject: subject, retentionClass: retentionClass, reason: classSchedule?.destructionReason ?? "retention ended",
                        basis: classSchedule?.basisText ?? "purpose", approvedBy: approval?.by ?? "automatic", batch: approval?.batch))
                case .restore: report.restored += 1
                case .propose: report.proposed += 1
                case .held: report.held += 1
                case .notifyDormancy: report.notices += 1
                }
            }
            work.append((subject, plan.actions.filter(\.isOnePerson)))
            if remaining.isEmpty { removed.append(subject) } else { dues[plan.nextDue, default: []].append(subject) }
        }
        report.removed = removed.count
        guard !dryRun else { return report }
        try await separate(separations, snapshot: snapshot, actor: actor, at: now, in: sql)
        try await destroy(destructions, snapshot: snapshot, executedBy: actor, at: now, in: sql)
        // Restoring, proposing and notifying are rarer and act on one person at a time.
        for (subject, actions) in work {
            for action in actions {
                switch action {
                case .restore(let retentionClass): try await restore(retentionClass, of: subject, actor: actor, at: now, in: sql)
                case .propose(let retentionClass): try await propose(retentionClass, of: subject, today: today, in: sql)
                case .notifyDormancy(let dormantOn): try await prepareDormancyNotice(for: subject, dormantOn: dormantOn, actor: actor, at: now, in: sql)
                default: break
                }
            }
        }
        try await remove(removed, in: sql)
        for (due, people) in dues {
            for chunk in people.chunked(into: 500) {
                try await sql.update("subjects").set("due_on", to: due.map { SQLBind($0.description) } ?? SQLBind(String?.none))
                    .where("id", .in, SQLBind.group(Array(chunk))).run()
            }
        }
        return report
    }
}

extension RetentionAction {
    /// Carried out person by person rather than for the batch at once.
    var isOnePerson: Bool {
        switch self {
        case .restore, .propose, .notifyDormancy: true
        case .separate, .destroy, .held: false
        }
    }
}

extension SweepReport {
    mutating func add(_ other: SweepReport) {
        subjects += other.subjects
        separated += other.separated
        restored += other.restored
        destroyed += other.destroyed
        held += other.held
        proposed += other.proposed
        notices += other.notices
        removed += other.removed
        failed += other.failed
    }
}
