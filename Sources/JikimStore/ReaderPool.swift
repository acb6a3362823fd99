import Synchronization

/// The SQLite read connections, each lent to one read at a time, so that all of a read's statements run in one
/// read transaction: they see one snapshot of the database (a person's consents and values from the same commit),
/// and SQLite starts and ends one transaction, and takes and drops its read lock once, for the lot.
final class ReaderPool: Sendable {
    let connections: [SQLiteReader]
    private let state: Mutex<(free: [SQLiteReader], waiting: [CheckedContinuation<SQLiteReader, Never>])>

    init(_ connections: [SQLiteReader]) {
        self.connections = connections
        state = Mutex((connections, []))
    }

    /// Runs `body` on a connection of its own, in one read transaction; waits for one when all are lent.
    func read<T>(_ body: (SQLiteReader) async throws -> T) async throws -> T {
        let reader = await borrow()
        defer { giveBack(reader) }
        try reader.begin()
        defer { reader.end() } // before it is given back
        return try await body(reader)
    }

    private func borrow() async -> SQLiteReader {
        if let reader = state.withLock({ $0.free.popLast() }) { return reader }
        // None free: wait, unless one was given back meanwhile (checked under the lock that queues the waiter).
        return await withCheckedContinuation { continuation in
            let free = state.withLock { state -> SQLiteReader? in
                if let reader = state.free.popLast() { return reader }
                state.waiting.append(continuation)
                return nil
            }
            if let free { continuation.resume(returning: free) }
        }
    }

    private func giveBack(_ reader: SQLiteReader) {
        let waiter = state.withLock { state -> CheckedContinuation<SQLiteReader, Never>? in
            if state.waiting.isEmpty {
                state.free.append(reader)
                return nil
            }
            return state.waiting.removeFirst()
        }
        waiter?.resume(returning: reader)
    }
}
