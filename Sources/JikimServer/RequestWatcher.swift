import Foundation
import JikimCore
import JikimVault
import Logging
import Metrics
import ServiceLifecycle

/// Watches people's requests against their deadlines: every `interval`, requests filed on the form and not confirmed
/// within a week are closed, the records of requests closed longer ago than the policy keeps them are deleted, and each request that has become overdue raises one alert (a log line, and a message to the privacy officer through the outbox), and the gauge
/// `jikim_requests_overdue` says how many are overdue now; so, for breaches still under investigation 72 hours after
/// they were learned of, `jikim_incidents_overdue`, with one alert each. It also watches the holiday calendar: the gauge
/// `jikim_holiday_calendar_days_left` counts the days until the last day whose public holidays it all knows, and from
/// 90 days before that a warning is logged at start and once a day, since deadlines past it are provisional.
struct RequestWatcher: Service {
    /// The vault of the edition in force, asked at each pass.
    let vault: @Sendable () -> Vault
    let interval: Duration
    let logger: Logger
    var clock: @Sendable () -> Date = Date.init

    /// Days from `today` to the last day the calendar covers (negative once past it).
    static func calendarDaysLeft(today: CivilDate) -> Int {
        let last = CivilDate(year: HolidayCalendar.coveredYears.upperBound, month: 12, day: 31) ?? today
        return last.dayNumber - today.dayNumber
    }

    func run() async throws {
        let overdue = Gauge(label: "jikim_requests_overdue")
        let overdueIncidents = Gauge(label: "jikim_incidents_overdue")
        let calendarDays = Gauge(label: "jikim_holiday_calendar_days_left")
        var warnedOn: CivilDate?
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let today = CivilDate(seoul: clock())
            let left = Self.calendarDaysLeft(today: today)
            calendarDays.record(left)
            if left <= 90, warnedOn != today {
                warnedOn = today
                logger.warning("the holiday calendar runs out: deadlines counted past its last year are provisional; update Jikim, or declare the holidays in the policy file's holidays:", metadata: [
                    "covered-through": .stringConvertible(HolidayCalendar.coveredYears.upperBound), "days-left": .stringConvertible(left),
                ])
            }
            let vault = self.vault()
            do {
                let closed = try await vault.closeUnconfirmedRequests()
                if closed > 0 {
                    logger.info("requests not confirmed within a week closed", metadata: ["requests": .stringConvertible(closed)])
                }
                let pruned = try await vault.pruneRequestRecords()
                if pruned > 0 {
                    logger.info("records of requests closed longer ago than the policy keeps them deleted", metadata: ["requests": .stringConvertible(pruned)])
                }
                for request in try await vault.alertOverdueRequests() {
                    logger.warning("a request is past its legal deadline", metadata: [
                        "request": .string(request.number), "kind": .string(request.kind.rawValue), "deadline": .string(request.deadline),
                        "state": .string(request.state.rawValue),
                    ])
                    Counter(label: "jikim_requests_overdue_alerts_total").increment()
                }
                overdue.record(try await vault.overdueRequestCount())
                // Breaches still under investigation 72 hours after they were learned of (Art. 34).
                for incident in try await vault.alertOverdueIncidents() {
                    logger.warning("a breach is past its 72 hours with nobody notified or reported", metadata: [
                        "incident": .string(incident.id), "learned": .string(Timestamp.string(incident.learnedAt)),
                        "deadline": .string(Timestamp.string(incident.deadline)),
                    ])
                    Counter(label: "jikim_incidents_overdue_alerts_total").increment()
                }
                overdueIncidents.record(try await vault.overdueIncidentCount())
            } catch {
                logger.error("checking request deadlines failed; tried again at the next interval", metadata: ["error": .string(error.description)])
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
        }
    }
}
