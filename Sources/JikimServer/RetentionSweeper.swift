import Foundation
import JikimVault
import Logging
import Metrics
import ServiceLifecycle

/// Runs the retention sweep at start and then every `interval`, so that what is due is separated, destroyed or
/// proposed for approval without delay. A sweep with nothing due costs one indexed query. Several servers on one
/// PostgreSQL sweep side by side: each claims its people with row locks.
struct RetentionSweeper: Service {
    /// The vault of the edition in force, asked at each pass.
    let vault: @Sendable () -> Vault
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                let report = try await vault().sweep()
                for (action, count) in [("separated", report.separated), ("destroyed", report.destroyed), ("proposed", report.proposed),
                                        ("restored", report.restored), ("held", report.held), ("notices", report.notices),
                                        ("failed", report.failed.count)] where count > 0 {
                    Counter(label: "jikim_retention_\(action)_total").increment(by: count)
                }
                if report.subjects > 0 {
                    logger.info("retention sweep", metadata: [
                        "people": .stringConvertible(report.subjects), "separated": .stringConvertible(report.separated),
                        "destroyed": .stringConvertible(report.destroyed), "held": .stringConvertible(report.held),
                        "proposed": .stringConvertible(report.proposed), "restored": .stringConvertible(report.restored),
                        "notices": .stringConvertible(report.notices), "failed": .stringConvertible(report.failed.count),
                    ])
                }
                for failure in report.failed {
                    logger.error("a person could not be swept; due again tomorrow", metadata: [
                        "subject": .string(failure.subject), "error": .string(failure.reason),
                    ])
                }
            } catch {
                logger.error("the retention sweep failed; it is tried again at the next interval", metadata: ["error": .string(error.description)])
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
        }
    }
}
