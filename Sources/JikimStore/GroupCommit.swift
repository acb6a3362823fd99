import Synchronization

/// Rows a transaction staged for its group's commit, of one kind, with what writes them.
typealias StagedBatch = (key: String, rows: [any Sendable], flush: StagedFlush)

extension [StagedBatch] {
    /// Adds `batches`, each kind's rows after the rows of that kind already here, kinds in the order first staged.
    mutating func merge(_ batches: [StagedBatch]) {
        for batch in batches {
            if let index = firstIndex(where: { $0.key == batch.key }) {
                self[index].rows += batch.rows
            } else {
                append(batch)
            }
        }
    }
}

/// Group commit on one connection: transactions that arrive while another group is being committed run one after
/// another inside one database transaction, each in a savepoint of its own, and share its single durable commit.
/// A transaction that fails is rolled back to its savepoint alone; the others go on. No transaction is told it has
/// succeeded before the commit that holds it is durable.
///
/// The caller's side of the protocol (see `Store.transaction`):
/// 1. `enter()` waits for this caller's turn to use the connection; it says whether to `BEGIN` the group first.
/// 2. The caller runs `SAVEPOINT`, its body, and `RELEASE` (or `ROLLBACK TO`), then `stage(_:)`s its rows.
/// 3. `bodyDone(succeeded:)` either hands the connection to the next caller and waits for the group's commit
///    (`.committed` / `.failed`), or tells this caller to commit the group (`.commit`).
/// 4. The committer takes the group's rows (`takeStaged()`), writes them, commits (or rolls back), then calls
///    `committed(_:)` to release everyone.
///
/// A transaction that ran no statement of its own and only staged rows — a read's access record — needs no turn:
/// `joinStaged(_:)` adds its rows to the group being formed and waits for the commit that writes them, or, when the
/// connection is idle, has it commit them itself. Many such transactions then cost the connection one commit and no
/// hand-over from one to the next, where taking turns would pass the connection along a chain of them, each link a
/// wait for a thread.
///
/// Its state is kept under a lock rather than in an actor: every transaction passes through it twice, and a call
/// to an actor is a switch of executors there and back, where a turn that need not wait now takes the lock and goes
/// on. Whoever waits, waits on a continuation, resumed outside the lock.
final class GroupCommit: Sendable {
    enum Turn: Sendable {
        /// Run `BEGIN` first: this caller opens a new group.
        case begin
        /// A group is open: run the body in it.
        case join
    }

    enum AfterBody: Sendable {
        /// This caller commits the group, then calls `committed(_:)`.
        case commit
        /// The group this caller's body was part of was committed durably.
        case committed
        /// The group's commit failed: this caller's changes are lost.
        case failed(any Error)
    }

    /// The most transactions one commit holds, so that the first of them does not wait long.
    let limit: Int
    private let state = Mutex(State())

    init(limit: Int = 256) {
        self.limit = limit
    }

    func enter() async -> Turn {
        if let turn = state.withLock({ $0.takeIdle() }) { return turn }
        return await withCheckedContinuation { continuation in
            // Queued under the same lock that finds the connection busy, unless it was handed back meanwhile.
            let turn = state.withLock { state -> Turn? in
                if let turn = state.takeIdle() { return turn }
                state.waiting.append(continuation)
                return nil
            }
            if let turn { continuation.resume(returning: turn) }
        }
    }

    func bodyDone(succeeded: Bool) async -> AfterBody {
        await withCheckedContinuation { continuation in
            // A member is queued for the commit before the next caller is let in, so no commit can miss it.
            let (next, now) = state.withLock { state -> (CheckedContinuation<Turn, Never>?, AfterBody?) in
                state.groupSize += 1
                guard !state.waiting.isEmpty, state.groupSize < limit else { return (nil, .commit) }
                let next = state.waiting.removeFirst()
                guard succeeded else { return (next, .committed) } // nothing of this caller's is in the group
                state.members.append(continuation)
                return (next, nil)
            }
            next?.resume(returning: .join)
            if let now { continuation.resume(returning: now) }
        }
    }

    /// Adds what a member's body staged to its group's rows, before its `bodyDone(succeeded:)`.
    func stage(_ batches: [StagedBatch]) {
        guard !batches.isEmpty else { return }
        state.withLock { $0.staged.merge(batches) }
    }

    /// Adds the rows of a transaction that only staged rows to the group being formed, and waits for the commit that
    /// writes them (`.committed` / `.failed`), unless this caller is to commit them itself (`.commit`): when the
    /// connection is idle, or when it is handed over with rows staged and no one else waiting for it.
    func joinStaged(_ batches: [StagedBatch]) async -> AfterBody {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> AfterBody? in
                state.staged.merge(batches)
                if state.takeIdle() != nil { return .commit }
                state.stagedWaiting.append(continuation)
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    /// Transactions that only staged rows and wait for a commit to take them.
    var stagedWaitingCount: Int { state.withLock { $0.stagedWaiting.count } }

    /// Takes the rows staged for the group the caller commits; those waiting for them are released with its commit.
    /// Rows staged from now on are for the next commit.
    func takeStaged() -> [StagedBatch] {
        state.withLock { state in
            state.members += state.stagedWaiting
            state.stagedWaiting = []
            defer { state.staged = [] }
            return state.staged
        }
    }

    /// Called by the committer once the group's commit (or roll-back) is over; returns how many transactions it
    /// released besides the committer's own.
    @discardableResult
    func committed(_ result: Result<Void, any Error>) -> Int {
        let (released, next) = state.withLock { state in
            let released = state.members
            state.members = []
            state.groupOpen = false
            state.groupSize = 0
            return (released, state.handOver())
        }
        for member in released {
            switch result {
            case .success: member.resume(returning: .committed)
            case .failure(let error): member.resume(returning: .failed(error))
            }
        }
        next.resume()
        return released.count
    }

    /// Waits until no group is open and takes the connection alone (for work that cannot run in a transaction).
    func enterExclusive() async {
        if state.withLock({ $0.takeIdleExclusive() }) { return }
        await withCheckedContinuation { continuation in
            let taken = state.withLock { state -> Bool in
                if state.takeIdleExclusive() { return true }
                state.exclusiveWaiting.append(continuation)
                return false
            }
            if taken { continuation.resume() }
        }
    }

    func exitExclusive() {
        state.withLock { $0.handOver() }.resume()
    }

    private struct State {
        var busy = false
        var groupOpen = false
        var groupSize = 0
        var waiting: [CheckedContinuation<Turn, Never>] = []
        var members: [CheckedContinuation<AfterBody, Never>] = []
        var exclusiveWaiting: [CheckedContinuation<Void, Never>] = []
        /// The rows staged for the next commit, kind by kind in the order first staged.
        var staged: [StagedBatch] = []
        /// Transactions that only staged rows, waiting for the commit that takes them.
        var stagedWaiting: [CheckedContinuation<AfterBody, Never>] = []

        /// Takes the connection if it is idle and no exclusive work waits for it.
        mutating func takeIdle() -> Turn? {
            guard !busy, exclusiveWaiting.isEmpty else { return nil }
            busy = true
            return openTurn()
        }

        mutating func takeIdleExclusive() -> Bool {
            guard !busy else { return false }
            busy = true
            return true
        }

        mutating func openTurn() -> Turn {
            if groupOpen { return .join }
            groupOpen = true
            return .begin
        }

        /// Gives the idle connection to whoever waits: exclusive work first, then the next group — whose commit
        /// takes the rows staged meanwhile — and, when only staged rows wait, one of their transactions to commit them.
        mutating func handOver() -> HandOver {
            if !exclusiveWaiting.isEmpty { return .exclusive(exclusiveWaiting.removeFirst()) }
            if !waiting.isEmpty { return .turn(waiting.removeFirst(), openTurn()) }
            if !stagedWaiting.isEmpty {
                groupOpen = true
                return .commitStaged(stagedWaiting.removeFirst())
            }
            busy = false
            return .none
        }
    }

    /// Who the connection goes to next, resumed once the lock is let go.
    private enum HandOver {
        case exclusive(CheckedContinuation<Void, Never>)
        case turn(CheckedContinuation<Turn, Never>, Turn)
        case commitStaged(CheckedContinuation<AfterBody, Never>)
        case none

        func resume() {
            switch self {
            case .exclusive(let continuation): continuation.resume()
            case .turn(let continuation, let turn): continuation.resume(returning: turn)
            case .commitStaged(let continuation): continuation.resume(returning: .commit)
            case .none: break
            }
        }
    }
}
