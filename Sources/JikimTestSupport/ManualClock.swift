import Foundation
import Synchronization

/// A clock a test sets and moves, so that lifecycle tests can jump years ahead.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date) { current = Mutex(start) }

    public var now: Date { current.withLock { $0 } }

    public func set(_ date: Date) { current.withLock { $0 = date } }

    /// The clock as the vault takes it.
    public var function: @Sendable () -> Date { { [self] in now } }
}
