import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import Synchronization
import VaporCSQLite

/// The store's one read-write connection to the SQLite file, on a thread of its own, with its prepared statements
/// kept.
///
/// Every statement runs on the writer's thread: a statement waiting for another process's lock (`jikim` commands
/// write to the same file) or for the disk holds that thread alone, never the threads that serve requests. A
/// statement called from elsewhere is handed to the thread and its caller resumed when it is done. Work that runs
/// many statements in a row — a group's commit — runs on the thread itself (`onThread`), and its statements run
/// where they are called, with no hand-over at all: on a busy machine each hand-over waits for the scheduler to
/// run the other thread, and a group's commit is the wait every transaction in it shares.
///
/// Queries come from SQLKit, serialised with SQLite's dialect and decoded with SQLiteKit's decoder, as on the
/// read connections (`SQLiteReader`).
final class SQLiteWriter: SQLDatabase, Sendable {
    let logger: Logger
    /// The writer's thread, as the event loop SQLKit's future-returning calls answer on.
    let eventLoop: any EventLoop
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    private let thread: MultiThreadedEventLoopGroup
    private let executor: ThreadExecutor
    /// Used on the writer's thread only; the lock makes that a rule the compiler checks, and costs nothing uncontended.
    private let state: Mutex<SQLiteHandle>
    private let encoder = SQLiteDataEncoder()
    private let handedOver = Atomic<Int>(0)

    /// Opens `path` with the access log's file `logPath` attached as `log`.
    init(path: String, logPath: String, logger: Logger) throws(StoreError) {
        let handle = try SQLiteHandle(path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, pragmas: [SQLiteHandle.attach(logPath)])
        self.logger = logger
        thread = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        eventLoop = thread.next()
        executor = ThreadExecutor(eventLoop)
        state = Mutex(handle)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        let (sql, binds) = try sqliteStatement(query, encoder: encoder)
        if eventLoop.inEventLoop { return try run(sql, binds, onRow) }
        handedOver.add(1, ordering: .relaxed)
        // One hand-over each way: the statement is queued on the thread, and its caller resumed from there
        // (`EventLoopFuture.get()` would queue a second job on the thread to register its callback).
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            eventLoop.execute { continuation.resume(with: Result { try self.run(sql, binds, onRow) }) }
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        do {
            let (sql, binds) = try sqliteStatement(query, encoder: encoder)
            if eventLoop.inEventLoop {
                try run(sql, binds, onRow)
                return eventLoop.makeSucceededVoidFuture()
            }
            handedOver.add(1, ordering: .relaxed)
            return eventLoop.submit { try self.run(sql, binds, onRow) }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    /// Statements handed to the writer's thread from another so far.
    var handOvers: Int { handedOver.load(ordering: .relaxed) }

    /// Runs `body` on the writer's thread: the statements it runs through this writer run in place.
    func onThread<T>(_ body: () async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(executor, operation: body)
    }

    /// Closes the connection and stops the thread.
    func close() async throws {
        try await eventLoop.submit { self.state.withLock { $0.close() } }.get()
        try await thread.shutdownGracefully()
    }

    private func run(_ sql: String, _ binds: [SQLiteData], _ onRow: @Sendable (any SQLRow) -> ()) throws {
        try state.withLock { connection in try connection.run(sql, binds: binds) { onRow($0) } }
    }
}

/// An event loop's thread as a task executor: the tasks that prefer it run their nonisolated code on that thread.
private final class ThreadExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
