import ArgumentParser
import Foundation
import JikimCore
import JikimStore
import JikimVault

extension SubjectsCommand {
    struct Event: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a lifecycle event of a person: retention is counted from it.",
            discussion: """
                Events: membership_withdrawal (also achieves the purpose), contract_end, purpose_achieved, \
                consent_withdrawal, last_activity. The person's due dates are computed again at once; `jikim sweep` \
                (or the scheduler in `jikim serve`) carries out what is due.
                """)
        @OptionGroup var options: StoreOptions
        @Argument(help: "The person's external ID.") var id: String
        @Argument(help: "The event.") var event: String
        @Option(help: "When it happened: YYYY-MM-DD (during that day in Korea, which is then not counted) or an ISO 8601 time; now when absent.") var at: String?
        @Option(help: "The purpose of recording it, e.g. the service's purpose.") var purpose: String
        @Option(help: "Who records it.") var actor: String

        func run() async throws {
            guard let lifecycle = LifecycleEvent(rawValue: event) else {
                throw CommandFailure("'\(event)' is not a lifecycle event: use one of " + LifecycleEvent.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let when = try at.map(parseInstant)
            try await options.withVault { vault in
                try await vault.recordEvent(externalID: id, lifecycle, at: when, by: Requester(actor: actor, purpose: purpose, source: localSource))
                print("\(id): \(lifecycle.rawValue) recorded\(at.map { " at \($0)" } ?? "")")
            }
        }
    }

    struct Hold: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a legal hold on a person's data, which stops its destruction, or lift it with --lift.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The person's external ID.") var id: String
        @Option(help: "Why (a case number, not personal information).") var reason: String?
        @Flag(help: "Lift the hold: what was due meanwhile is due at once.") var lift = false
        @Option(help: "The purpose of the hold, e.g. the purpose handling disputes.") var purpose: String
        @Option(help: "Who sets or lifts it.") var actor: String

        func run() async throws {
            try await options.withVault { vault in
                let requester = Requester(actor: actor, purpose: purpose, source: localSource)
                if lift {
                    try await vault.liftHold(externalID: id, by: requester)
                    print("\(id): legal hold lifted")
                } else {
                    guard let reason else { throw CommandFailure("a legal hold needs --reason") }
                    try await vault.setHold(externalID: id, reason: reason, by: requester)
                    print("\(id): legal hold set")
                }
            }
        }
    }
}

/// `YYYY-MM-DD` (during that day in Korea: the day itself is not counted, Civil Act Art. 157) or an ISO 8601 time
/// (`…T00:00:00+09:00` for an event at midnight, which counts its day).
func parseInstant(_ text: String) throws -> Date {
    if let instant = CivilDate.instant(text) { return instant }
    throw CommandFailure("'\(text)' is neither a date (YYYY-MM-DD) nor an ISO 8601 time")
}
