import ArgumentParser
import Foundation
import JikimCore
import JikimCrypto
import JikimVault

/// People's requests for the staff who answer them, as `/v1/requests` offers them over HTTP.
struct RequestsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "requests",
        abstract: "People's requests (access, correction, deletion, suspension, withdrawal, transmission): list, file, answer, refuse.",
        subcommands: [List.self, Show.self, File.self, Document.self, ConfirmAgent.self, Complete.self, Postpone.self, Refuse.self, Withdraw.self, UsageNotices.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List requests, newest first: open ones by default.")
        @OptionGroup var options: StoreOptions
        @Option(help: "open, overdue or all.") var filter: String = "open"
        @Option(help: "Who looks: an actor whose role handles requests.") var actor: String

        func run() async throws {
            guard let filter = RequestFilter(rawValue: filter) else { throw ValidationError("--filter must be open, overdue, closed or all") }
            let requests = try await options.withVault { vault in try await fail { try await vault.requests(filter, limit: 1000, by: actor) } }
            if requests.isEmpty { print("No \(filter == .all ? "" : filter.rawValue + " ")requests.") }
            for request in requests {
                let overdue = request.overdue ? "  OVERDUE" : ""
                print("\(request.number)  \(request.kind.rawValue)  \(request.state.rawValue)  filed by \(request.filer)  received \(request.receivedAt)  due \(request.deadline)\(request.deadlineProvisional ? " (provisional: the calendar does not know that year's holidays)" : "")\(overdue)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One request: its summary, its steps, and its answer as JSON.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The request's number (RQ-…).") var number: String
        @Option(help: "Who looks: an actor whose role handles requests.") var actor: String

        func run() async throws {
            let found = try await options.withVault { vault in try await fail { try await vault.request(number, by: actor) } }
            try printJSON(Detail(request: found.summary, steps: found.steps, answer: found.answer))
        }
    }

    struct File: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "File a request taken by letter, call or visit (the person's identity confirmed), or from an agent with a power of attorney.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The person's external ID.") var id: String
        @Option(help: "access, correction, deletion, suspension, withdrawal or transmission.") var kind: String
        @Option(help: "For a correction: ITEM=VALUE, repeated.") var value: [String] = []
        @Option(help: "For a deletion of some optional items only (the person stays a member): an item, repeated.") var item: [String] = []
        @Option(help: "For a suspension: a purpose, repeated.") var purpose: [String] = []
        @Option(help: "For a withdrawal: a consent, repeated.") var consent: [String] = []
        @Option(help: "For an agent: legal_representative or attorney.") var agent: String?
        @Option(help: "For an agent: the file of the document showing their authority, recorded by its SHA-256.") var document: String?
        @Option(help: "For an agent: where the document is filed (a case number, no personal information).") var documentReference: String?
        @Option(help: "When the request reached you (a letter that arrived yesterday): YYYY-MM-DD or an ISO 8601 time; now when absent. The deadline counts from it.") var received: String?
        @Option(help: "Who files: an actor whose role handles requests.") var actor: String

        func run() async throws {
            guard let kind = RequestKind(rawValue: kind) else {
                throw ValidationError("--kind must be one of " + RequestKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard item.isEmpty || kind == .deletion else { throw ValidationError("--item is for a deletion of some items only") }
            var values: [Identifier: String] = [:]
            for pair in value {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw ValidationError("--value takes ITEM=VALUE") }
                values[parts[0]] = parts[1]
            }
            let filer: RequestFiler
            if let agent {
                guard let relation = AgentAuthority.Relation(rawValue: agent) else { throw ValidationError("--agent must be legal_representative or attorney") }
                guard let document, let reference = documentReference else { throw ValidationError("an agent's request needs --document and --document-reference") }
                guard let contents = FileManager.default.contents(atPath: document) else { throw ValidationError("cannot read the document \(document)") }
                filer = .agent(AgentAuthority(relation: relation, documentSHA256: sha256Hex(contents), documentReference: reference))
            } else {
                filer = .staff
            }
            let receivedAt = try received.map(parseInstant)
            let filed = try await options.withVault { vault in
                try await fail {
                    try await vault.fileRequest(kind, externalID: id, targets: RequestTargets(items: item, purposes: purpose, consents: consent), values: values,
                                                filer: filer, receivedAt: receivedAt, by: requestHandler(actor))
                }
            }
            print("\(filed.summary.number): \(kind.rawValue) in progress, due \(filed.summary.deadline)\(filed.summary.deadlineProvisional ? " (provisional: the calendar does not know that year's holidays)" : "")")
            print("follow token for the person (shown once): \(filed.followToken)")
        }
    }

    struct Document: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Save the document an agent filed with a request on the request form, to check their authority (the reading is logged).")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The request's number (RQ-…).") var number: String
        @Option(help: "Who reads it: an actor whose role handles requests.") var actor: String
        @Option(help: "The file to write (it must not exist yet).") var out: String

        func run() async throws {
            guard !FileManager.default.fileExists(atPath: out) else { throw ValidationError("--out: \(out) exists already") }
            let document = try await options.withVault { vault in
                try await fail { try await vault.agentDocument(number, by: requestHandler(actor)) }
            }
            guard FileManager.default.createFile(atPath: out, contents: document.bytes, attributes: [.posixPermissions: 0o600]) else {
                printError("jikim requests document: cannot write \(out)")
                throw ExitCode.failure
            }
            print("\(out): \(document.format.rawValue), \(document.bytes.count) bytes")
        }
    }

    struct ConfirmAgent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "confirm-agent",
            abstract: "Confirm the authority the document of an agent's request shows; the request is then in progress.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The request's number (RQ-…).") var number: String
        @Option(help: "Who confirms: an actor whose role handles requests.") var actor: String

        func run() async throws {
            let summary = try await options.withVault { vault in
                try await fail { try await vault.confirmAgent(number, by: requestHandler(actor)) }
            }
            try printJSON(summary)
        }
    }

    struct Complete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Carry out a request in progress, whole or in part; prints its answer as JSON.",
            discussion: "With --withhold (repeated) and --ground, the part named is not carried out: items whose access is limited or that are not corrected or deleted, purposes whose processing goes on, consents kept; the answer names the part, the ground and the route to object."
        )
        @OptionGroup var options: StoreOptions
        @Argument(help: "The request's number (RQ-…).") var number: String
        @Option(help: "Who answers: an actor whose role handles requests.") var actor: String
        @Option(name: .customLong("withhold"), help: "An item, purpose or consent of the request not carried out (repeat for more).")
        var withheld: [String] = []
        @Option(help: "The ground for the part withheld, as for refuse.") var ground: String?
        @Option(help: "A note for the person on the part withheld (no personal information).") var note: String?

        func validate() throws {
            if withheld.isEmpty != (ground == nil) { throw ValidationError("--withhold and --ground go together: the part left out and the ground for it") }
            if let ground, RefusalGround(rawValue: ground) == nil {
                throw ValidationError("--ground must be one of " + RefusalGround.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }

        func run() async throws {
            let partial = ground.flatMap(RefusalGround.init(rawValue:)).map { PartialRefusal(withheld: withheld, ground: $0, note: note) }
            let answer = try await options.withVault { vault in
                try await fail { try await vault.completeRequest(number, by: requestHandler(actor), partial: partial) }
            }
            try printJSON(answer)
        }
    }

    struct Refuse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refuse a request on a ground the law gives, with a note for the person.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The request's number (RQ-…).") var number: String
        @Option(help: ArgumentHelp(stringLiteral: "The ground: " + RefusalGround.allCases.map { "\($0.rawValue) (\($0.article))" }.joined(separator: ", ") + "."))
        var ground: String
        @Option(help: "A note for the person (no personal information).") var note: String?
        @Option(help: "Who refuses: an actor whose role handles requests.") var actor: String

        func run() async throws {
            guard let ground = RefusalGround(rawValue: ground) else {
                throw ValidationError("--ground must be one of " + RefusalGround.allCases.map(\.rawValue).joined(separator: ", "))
            }
            try await options.withVault { vault in
                try await fail {
                    try await vault.refuseRequest(number, ground: ground, note: note, by: requestHandler(actor))
                }
            }
            print("\(number): refused under \(ground.article)")
        }
    }

    struct Postpone: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put off an access or transmission request for a justified reason told to the person (PIPA Art. 35(3)).")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The request's number (RQ-…).") var number: String
        @Option(help: "The reason, as the person is told it (no personal information).") var note: String
        @Option(help: "Who decides: an actor whose role handles requests.") var actor: String

        func run() async throws {
            try await options.withVault { vault in
                try await fail { try await vault.postponeRequest(number, note: note, by: requestHandler(actor)) }
            }
            print("\(number): postponed; complete it once the reason ends")
        }
    }

    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record that the filer withdrew a request.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The request's number (RQ-…).") var number: String
        @Option(help: "Who records it: an actor whose role handles requests.") var actor: String

        func run() async throws {
            try await options.withVault { vault in
                try await fail { try await vault.withdrawRequest(number, by: requestHandler(actor)) }
            }
            print("\(number): withdrawn")
        }
    }

    struct UsageNotices: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "usage-notices",
            abstract: "Send the year's notice of use and provision (PIPA Art. 20-2) to everyone whose information was provided that year, through the outbox.")
        @OptionGroup var options: StoreOptions
        @Option(help: "The year the notices cover.") var year: Int
        @Option(help: "Who sends them: an actor whose role handles requests.") var actor: String

        func run() async throws {
            guard (2000...2200).contains(year) else { throw ValidationError("--year must be a year from 2000 to 2200") }
            let sent = try await options.withVault { vault in try await fail { try await vault.sendUsageNotices(year: year, by: actor) } }
            print("\(sent) notice(s) for \(year) written to the outbox; `jikim serve` delivers them")
        }
    }

    struct Detail: Encodable {
        var request: RequestSummary
        var steps: [RequestStep]
        var answer: RequestAnswer?
    }
}

private func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Staff at the server acting on people's requests.
private func requestHandler(_ actor: String) -> Requester {
    Requester(actor: actor, purpose: Vault.requestPurpose, source: localSource)
}
