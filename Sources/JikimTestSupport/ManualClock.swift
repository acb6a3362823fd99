import Foundation
import JikimCore
import Synchronization

/// A clock a test sets and moves, so that lifecycle tests can jump years ahead.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date) { current = Mutex(start) }

    public var now: Date { current.withLock { $0 } }

    public func set(_ date: Date) { current.withLock { $0 = date } }

    /// Moves the clock on by `seconds`.
    public func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    /// The clock as the vault takes it.
    public var function: @Sendable () -> Date { { [self] in now } }
}

/// A Korean date and time as an instant: `seoul("2026-09-15", 14)` is 14:00 on 2026-09-15 in Korea.
public func seoul(_ day: String, _ hour: Int = 0, _ minute: Int = 0) -> Date {
    (CivilDate(iso: day)?.seoulMidnight ?? .distantPast).addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
}
