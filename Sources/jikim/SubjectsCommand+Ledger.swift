import ArgumentParser
import Foundation
import JikimCore
import JikimStore
import JikimVault

extension SubjectsCommand {
    struct Consent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a person gave or withdrew a consent; with neither flag, show their consent ledger.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The person's external ID.") var id: String
        @Argument(help: "The consent, as the policy declares it.") var consent: String?
        @Flag(help: "Whether the consent is given or withdrawn.") var action: ConsentEvent.Action?
        @Option(help: "How the person gave or withdrew it (web, phone, paper, e-mail…).") var channel = "cli"
        @Option(help: "The purpose of the change, e.g. the purpose handling people's requests.") var purpose: String
        @Option(help: "Who records it.") var actor: String

        func run() async throws {
            try await options.withVault { vault in
                let requester = Requester(actor: actor, purpose: purpose, source: localSource)
                if let action {
                    guard let consent else { throw CommandFailure("name the consent to mark \(action.rawValue)") }
                    try await vault.changeConsent(externalID: id, consent: consent, action, channel: channel, by: requester)
                    print("\(id): consent '\(consent)' \(action.rawValue) (\(channel))")
                }
                for event in try await vault.consentHistory(externalID: id, by: requester) where consent == nil || event.consent == consent {
                    print("\(Timestamp.string(event.at))  \(event.consent)  \(event.action.rawValue)  via \(event.channel)  policy \(event.policyVersion)")
                }
            }
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suspend processing for a purpose at the person's request (PIPA Art. 37), or resume it with --resume.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The person's external ID.") var id: String
        @Argument(help: "The purpose whose processing is suspended.") var suspended: String
        @Flag(help: "Resume processing instead.") var resume = false
        @Option(help: "Why (a request number, not personal information).") var reason: String?
        @Option(help: "The purpose of the change, e.g. the purpose handling people's requests.") var purpose: String
        @Option(help: "Who records it.") var actor: String

        func run() async throws {
            try await options.withVault { vault in
                let action: SuspensionEvent.Action = resume ? .resumed : .suspended
                try await vault.setSuspension(externalID: id, purpose: suspended, action, reason: reason,
                                              by: Requester(actor: actor, purpose: purpose, source: localSource))
                print("\(id): processing for '\(suspended)' \(action.rawValue)")
            }
        }
    }
}

extension ConsentEvent.Action: EnumerableFlag {
    public static func name(for value: Self) -> NameSpecification { .customLong(value.rawValue) }
}
