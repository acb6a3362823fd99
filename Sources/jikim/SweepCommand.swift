import ArgumentParser
import Foundation
import JikimCore
import JikimVault

struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Carry out what retention has made due: separate, destroy (or propose for approval), restore, notify.",
        discussion: """
            Reads only the people whose due date has come (an index on it), each batch in one transaction: a sweep \
            stopped at any point can be started again and finishes the work, with nothing done twice. `jikim serve` \
            sweeps by itself; this command is for running it by hand, as of another day (--now) or as a dry run.
            """
    )
    @OptionGroup var options: StoreOptions
    @Option(help: "Sweep as of this Korean date, YYYY-MM-DD (today when absent).") var now: String?
    @Flag(help: "Count what is due without changing anything.") var dryRun = false
    @Option(help: "People per transaction.") var batchSize = 200

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        if let now, CivilDate(iso: now) == nil { throw ValidationError("--now must be a date, YYYY-MM-DD") }
    }

    func run() async throws {
        let today = now.flatMap(CivilDate.init(iso:))
        // As of another day, the records the sweep writes carry that day's time too.
        let clock: @Sendable () -> Date = if let today {
            { Date(timeIntervalSince1970: today.seoulMidnight.timeIntervalSince1970 + Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400)) }
        } else {
            Date.init
        }
        let started = Date()
        let report = try await options.withVault(clock: clock) { vault in
            var progress: Progress?
            let report = try await fail {
                try await vault.sweep(on: today, dryRun: dryRun, batchSize: batchSize) { done, due in
                    if progress == nil { progress = Progress(total: due) }
                    progress?.advance(done: done, detail: "people swept")
                }
            }
            progress?.finish()
            return report
        }
        let seconds = Date().timeIntervalSince(started)
        let day = (today ?? CivilDate(seoul: Date())).description
        print(dryRun ? "Dry run as of \(day): nothing was changed." : "Sweep as of \(day), \(String(format: "%.1f", seconds)) s.")
        print(SweepCommand.table(report, dryRun: dryRun))
        for failure in report.failed { print("failed: \(failure.subject): \(failure.reason)") }
        if !report.failed.isEmpty { throw ExitCode.failure }
    }

    /// The closing summary.
    static func table(_ report: SweepReport, dryRun: Bool) -> String {
        let rows: [(String, Int)] = [
            ("people due", report.subjects),
            (dryRun ? "to separate" : "separated", report.separated),
            (dryRun ? "to destroy" : "destroyed", report.destroyed),
            ("held (legal hold)", report.held),
            (dryRun ? "to propose for approval" : "waiting for approval", report.proposed),
            (dryRun ? "to restore" : "restored", report.restored),
            (dryRun ? "notices to send" : "notices written", report.notices),
            (dryRun ? "people to remove" : "people removed", report.removed),
            ("failed (due again tomorrow)", report.failed.count),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        let numbers = rows.map { String($0.1) }
        let numberWidth = numbers.map(\.count).max() ?? 0
        let rule = String(repeating: "─", count: width + numberWidth + 3)
        var lines = [rule]
        for ((label, _), number) in zip(rows, numbers) {
            lines.append(label.padding(toLength: width, withPad: " ", startingAt: 0) + "   "
                         + String(repeating: " ", count: numberWidth - number.count) + number)
        }
        lines.append(rule)
        return lines.joined(separator: "\n")
    }
}
