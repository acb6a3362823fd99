import Logging
import NIOCore
import SQLKit
import Synchronization

/// Rows that transactions hand to their group's commit, so that many transactions' rows of one kind — access
/// records, log entries — are written together by one statement just before the commit they share. Staged rows
/// are part of their transaction all the same: they are kept only if its body succeeds, and it returns only once
/// the commit that wrote them is durable.
public typealias StagedFlush = @Sendable (_ rows: [any Sendable], _ sql: any SQLDatabase, _ commit: StagedCommit) async throws -> Void

/// The commit a group's staged rows are written for, as their flush sees it.
public final class StagedCommit: Sendable {
    /// Whether the group's transactions ran no statement of their own, so that the commit writes only staged rows.
    /// The access log's entries are the only rows staged so far; a kind staged later that writes people's data
    /// would have to say so here, since the log writes its own file alone when this is true.
    public let holdsOnlyStagedRows: Bool
    let followUps = Mutex<[@Sendable (any SQLDatabase) async throws -> Void]>([])

    init(holdsOnlyStagedRows: Bool) {
        self.holdsOnlyStagedRows = holdsOnlyStagedRows
    }

    /// Leaves `work` for a transaction of its own right after this commit is durable, before the group's
    /// transactions are told they have succeeded. If it fails they succeed all the same: `work` must be work that
    /// can wait to be done again, with nothing of theirs lost meanwhile.
    public func afterwards(_ work: @escaping @Sendable (any SQLDatabase) async throws -> Void) {
        followUps.withLock { $0.append(work) }
    }
}

/// What one transaction's body staged.
final class Staging: Sendable {
    let store: ObjectIdentifier
    let batches = Mutex<[StagedBatch]>([])

    init(store: ObjectIdentifier) {
        self.store = store
    }

    func add(key: String, rows: [any Sendable], flush: @escaping StagedFlush) {
        batches.withLock { $0.merge([(key, rows, flush)]) }
    }

    func take() -> [StagedBatch] {
        batches.withLock { batches in
            defer { batches = [] }
            return batches
        }
    }
}

extension Store {
    @TaskLocal static var staging: Staging?

    /// Stages `rows` for the commit of the transaction whose body is running: `flush` writes every transaction's
    /// rows of `key` in that group together, in the order they were staged, just before its commit. Returns false
    /// outside a transaction's body, where the caller writes the rows itself.
    public func stage(_ rows: [any Sendable], key: String, flush: @escaping StagedFlush) -> Bool {
        guard let staging = Store.staging, staging.store == ObjectIdentifier(self) else { return false }
        staging.add(key: key, rows: rows, flush: flush)
        return true
    }
}

/// The writer connection as a transaction's body sees it: the transaction's turn on the writer and its savepoint are
/// taken before its first statement (the group's `BEGIN` too, when it is the group's first), so that a body that only
/// stages rows neither waits for the writer nor costs a statement.
final class LazySavepoint: SQLDatabase, Sendable {
    let base: any SQLDatabase
    /// Takes the transaction's turn on the writer, and starts the group's transaction if no statement has yet.
    let begin: @Sendable () async throws -> Void
    private let taken = Mutex(false)

    init(_ base: any SQLDatabase, begin: @escaping @Sendable () async throws -> Void) {
        self.base = base
        self.begin = begin
    }

    var wasTaken: Bool { taken.withLock { $0 } }
    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    /// Whether this call must take the savepoint first.
    private func takeFirst() -> Bool {
        taken.withLock { taken in
            defer { taken = true }
            return !taken
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        guard takeFirst() else { return base.execute(sql: query, onRow) }
        return base.eventLoop.makeFutureWithTask { [self] in try await takeSavepoint() }.flatMap { [base] in base.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        if takeFirst() { try await takeSavepoint() }
        try await base.execute(sql: query, onRow)
    }

    private func takeSavepoint() async throws {
        try await begin()
        try await base.execute(sql: SQLRaw("SAVEPOINT jikim_tx")) { _ in }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }
}
