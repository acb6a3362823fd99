/// Group commit on one connection: transactions that arrive while another group is being committed run one after
/// another inside one database transaction, each in a savepoint of its own, and share its single durable commit.
/// A transaction that fails is rolled back to its savepoint alone; the others go on. No transaction is told it has
/// succeeded before the commit that holds it is durable.
///
/// The caller's side of the protocol (see `Store.transaction`):
/// 1. `enter()` waits for this caller's turn to use the connection; it says whether to `BEGIN` the group first.
/// 2. The caller runs `SAVEPOINT`, its body, and `RELEASE` (or `ROLLBACK TO`).
/// 3. `bodyDone(succeeded:)` either hands the connection to the next caller and waits for the group's commit
///    (`.committed` / `.failed`), or tells this caller to commit the group (`.commit`).
/// 4. The committer commits (or rolls back), then calls `committed(_:)` to release everyone.
actor GroupCommit {
    enum Turn {
        /// Run `BEGIN` first: this caller opens a new group.
        case begin
        /// A group is open: run the body in it.
        case join
    }

    enum AfterBody {
        /// This caller commits the group, then calls `committed(_:)`.
        case commit
        /// The group this caller's body was part of was committed durably.
        case committed
        /// The group's commit failed: this caller's changes are lost.
        case failed(any Error)
    }

    /// The most transactions one commit holds, so that the first of them does not wait long.
    let limit: Int
    private var busy = false
    private var groupOpen = false
    private var groupSize = 0
    private var waiting: [CheckedContinuation<Turn, Never>] = []
    private var members: [CheckedContinuation<AfterBody, Never>] = []
    private var exclusiveWaiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int = 256) {
        self.limit = limit
    }

    func enter() async -> Turn {
        if !busy && exclusiveWaiting.isEmpty {
            busy = true
            return openTurn()
        }
        return await withCheckedContinuation { waiting.append($0) }
    }

    func bodyDone(succeeded: Bool) async -> AfterBody {
        groupSize += 1
        if !waiting.isEmpty, groupSize < limit {
            let next = waiting.removeFirst()
            next.resume(returning: .join)
            guard succeeded else { return .committed } // nothing of this caller's is in the group
            return await withCheckedContinuation { members.append($0) }
        }
        return .commit
    }

    /// Called by the committer once the group's commit (or roll-back) is over.
    func committed(_ result: Result<Void, any Error>) {
        let released = members
        members = []
        groupOpen = false
        groupSize = 0
        for member in released {
            switch result {
            case .success: member.resume(returning: .committed)
            case .failure(let error): member.resume(returning: .failed(error))
            }
        }
        handOver()
    }

    /// Waits until no group is open and takes the connection alone (for work that cannot run in a transaction).
    func enterExclusive() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { exclusiveWaiting.append($0) }
    }

    func exitExclusive() {
        handOver()
    }

    private func openTurn() -> Turn {
        if groupOpen { return .join }
        groupOpen = true
        return .begin
    }

    /// Gives the idle connection to whoever waits: exclusive work first, then the next group.
    private func handOver() {
        if !exclusiveWaiting.isEmpty {
            exclusiveWaiting.removeFirst().resume()
        } else if !waiting.isEmpty {
            waiting.removeFirst().resume(returning: openTurn())
        } else {
            busy = false
        }
    }
}
