import ArgumentParser
import Foundation
import JikimAccessLog
import JikimCore
import JikimPublishing
import JikimVault

/// The incident register on the command line (PIPA Art. 34; docs/breach.md): open an incident when a leak, loss or
/// unauthorised access is learned of, scope it from the access log, keep its timeline, see whether it must be
/// reported, verify a scope against the log, close it.
struct IncidentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents",
        abstract: "Breaches: the incident register, scoped from the access log, with its 72-hour clocks.",
        subcommands: [Open.self, Scope.self, Contain.self, Notify.self, Note.self, Report.self, Show.self, List.self, Verify.self, Evidence.self, Close.self]
    )

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open an incident; prints its ID. The 72-hour clocks start when it was learned of.")
        @OptionGroup var options: StoreOptions
        @Option(help: "What is known, naming no one (kept and logged as written).") var summary: String
        @Option(help: "When it was learned of: 2026-12-08T09:30 (Korean time) or ISO 8601 with a zone; now when absent.") var learned: String?
        @Option(help: "Who handles it; the opener when absent.") var handler: String?
        @Option(help: "The actor opening it: one whose role reviews the access log.") var by: String

        func run() async throws {
            let learnedAt = try learned.map { try instant($0, "--learned") }
            let incident = try await options.withVault { vault in
                try await fail { try await vault.openIncident(summary: summary, learnedAt: learnedAt, handler: handler, by: by) }
            }
            print(incident.id)
            printError("learned \(korean(incident.learnedAt)); notices and any report are due by \(korean(incident.deadline))")
        }
    }

    struct Scope: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scope an incident from the access log: which people and items the matching records exposed.",
            discussion: """
                Counts the allowed reads, exports, separated reads and provisions in the window made by the actor or \
                token, from the addresses, of the items given; each scope is kept as a new version, with the signed \
                checkpoint it was computed against and the inclusion proofs of its first and last record.
                """
        )
        @OptionGroup var options: StoreOptions
        @Argument(help: "The incident's ID.") var id: String
        @Option(help: "Only what this actor did.") var actor: String?
        @Option(help: "Only what was done with this token or session: its public ID (jk_…, js_…) or the token itself.") var token: String?
        @Option(help: "Only from this source address; repeat for more.") var source: [String] = []
        @Option(help: "The window's start (inclusive): 2026-12-08T09:30 (Korean time) or ISO 8601 with a zone.") var from: String
        @Option(help: "The window's end (exclusive); now when absent.") var to: String?
        @Option(help: "Only these items; repeat for more.") var item: [String] = []
        @Option(help: "The actor scoping: one whose role reviews the access log.") var by: String

        func run() async throws {
            let query = ScopeQuery(actor: actor, token: try token.map(publicTokenID), sources: source, from: try instant(from, "--from"),
                                   to: try to.map { try instant($0, "--to") } ?? Date(), items: item)
            guard query.from < query.to else { throw ValidationError("--from must be before --to") }
            guard query.isNarrowed else { throw ValidationError("name what to look for besides the window: --actor, --token, --source or --item") }
            let policy = try options.loadPolicy()
            let scope = try await options.withVault { vault, store in
                try await fail { try await vault.requireLogReviewer(by) }
                let log = AccessLog(store: store)
                guard let checkpoint = try await fail({ try await options.checkpointLog(store) }) else {
                    throw CommandFailure("no log key in \(options.data): run `jikim init`")
                }
                let evidence = try await fail { try await log.scope(query, against: checkpoint) }
                return try await fail { try await vault.recordScope(id, query: query, evidence: evidence, by: by) }
            }
            print("\(id) scope version \(scope.version): \(scope.people) people exposed in \(scope.records) access records")
            print("items: \(scope.items.map { policy.item($0)?.name.text(in: .en) ?? $0 }.joined(separator: ", "))")
            print("checked against the log's checkpoint of \(scope.checkpointSize) entries; first record \(scope.first.map(String.init) ?? "-"), last \(scope.last.map(String.init) ?? "-")")
        }
    }

    struct Contain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Contain an incident: revoke tokens, end sessions and disable actors, in one step on its timeline.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The incident's ID.") var id: String
        @Option(help: "A service token or session to revoke: its public ID (jk_…, js_…) or the token itself; repeat for more.") var token: [String] = []
        @Option(help: "An actor to disable (their tokens, sessions and password stop working); repeat for more.") var disable: [String] = []
        @Option(help: "The actor: one whose role reviews the access log.") var by: String

        func run() async throws {
            let tokens = try token.map(publicTokenID)
            try await options.withVault { vault in
                try await fail { try await vault.containIncident(id, tokens: tokens, actors: disable, by: by) }
            }
            print("\(id): contained (\((tokens.map { "revoked \($0)" } + disable.map { "disabled \($0)" }).joined(separator: "; ")))")
        }
    }

    struct Notify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Notify the people the latest scope found (Art. 34(1)): notices through the outbox, the unreachable listed and posted at /notices/breach.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The incident's ID.") var id: String
        @Option(help: "When and how it happened (유출 등이 된 시점과 그 경위), naming no one.") var how: String
        @Option(help: "What people can do to reduce harm (피해를 최소화하기 위하여 정보주체가 할 수 있는 방법).") var advice: String
        @Option(help: "What the organisation is doing and how it will make good (대응조치 및 피해 구제절차).") var measures: String
        @Option(help: "The actor: one whose role reviews the access log.") var by: String

        func run() async throws {
            let run = try await options.withVault { vault in
                try await fail { try await vault.notifyIncident(id, text: BreachNoticeText(how: how, advice: advice, measures: measures), by: by) }
            }
            print("\(id): \(run.queued) notices queued for delivery; \(run.unreachable.count) people could not be reached")
            for person in run.unreachable { print("  unreachable: \(person.pseudonym) (\(person.reason))") }
            if run.posted { print("the notice is posted at /notices/breach for at least 30 days") }
        }
    }

    struct Note: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a step to an incident's timeline, and move it to another state.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The incident's ID.") var id: String
        @Option(help: "What was done or decided, in a word or two: contained, notified, reported, …") var action: String
        @Option(help: "Details, naming no one.") var note: String?
        @Option(help: "investigating, notifying, reported or closed.") var state: String?
        @Option(help: "The actor: one whose role reviews the access log.") var by: String

        func run() async throws {
            let newState = try state.map { text -> IncidentState in
                guard let state = IncidentState(rawValue: text) else {
                    throw ValidationError("--state must be one of \(IncidentState.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return state
            }
            try await options.withVault { vault in
                try await fail { try await vault.noteIncident(id, action: action, note: note, state: newState, by: by) }
            }
            print("\(id): \(action) noted\(newState.map { "; now \($0.rawValue)" } ?? "")")
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Whether the incident must be reported to the PIPC or KISA within 72 hours and why (Decree Art. 40(1)); with --document, the report to file.")
        enum Format: String, ExpressibleByArgument, CaseIterable { case md, html }
        @OptionGroup var options: StoreOptions
        @Argument(help: "The incident's ID.") var id: String
        @Flag(help: "The exposure came from unauthorised access from outside (hacking), as the officer judges it.") var fromOutside = false
        @Flag(help: "Write the report to file (Markdown or HTML) instead of the decision alone.") var document = false
        @Option(help: "interim (우선 신고: what is known so far) or follow-up (추가 신고).") var kind: String = "interim"
        @Option(help: "md or html.") var format: Format = .md
        @Option(help: "Write to this file instead of standard output.") var output: String?
        @Option(help: "The actor: one whose role reviews the access log.") var by: String

        func run() async throws {
            guard let reportKind = BreachReportDocument.Kind(rawValue: kind) else { throw ValidationError("--kind must be interim or follow-up") }
            let policy = try options.loadPolicy()
            let facts = try await options.withVault { vault in
                guard let facts = try await fail({ try await vault.reportFacts(id, fromOutside: fromOutside, by: by) }) else {
                    throw CommandFailure("there is no incident \(id)")
                }
                return facts
            }
            if document {
                let markdown = BreachReportDocument.markdown(facts, kind: reportKind, policy: policy, at: Date())
                let text = format == .md ? markdown
                    : try fail { try PolicyRenderer().htmlPage(markdown: markdown, title: "개인정보 유출 등 신고 \(id)", language: .ko) }
                try emit(text, to: output)
                return
            }
            let decision = facts.decision
            print("\(id): \(decision.required ? "a report is required" : "no report is required on what is known") (\(facts.people) people in the latest scope)")
            for ground in decision.grounds { print("- \(ground.en) [\(ground.article)]") }
            print("due by \(korean(facts.incident.deadline))")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An incident: what is known, its clocks, its timeline and its scopes.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The incident's ID.") var id: String
        @Option(help: "The actor: one whose role reviews the access log.") var by: String

        func run() async throws {
            let (incident, scopes, notices) = try await options.withVault { vault in
                guard let incident = try await fail({ try await vault.incident(id, by: by) }) else { throw CommandFailure("there is no incident \(id)") }
                return (incident, try await fail { try await vault.incidentScopes(id, by: by) }, try await fail { try await vault.incidentNotices(id, by: by) })
            }
            print("\(incident.id)  \(incident.state.rawValue)  handled by \(incident.handler)")
            print("learned \(korean(incident.learnedAt)); due by \(korean(incident.deadline))")
            print("summary: \(incident.summary)")
            print("timeline:")
            for event in incident.timeline {
                print("  \(korean(event.at))  \(event.by)  \(event.action)\(event.note.map { ": \($0)" } ?? "")")
            }
            let states = Dictionary(grouping: notices, by: \.state).mapValues(\.count)
            if !notices.isEmpty {
                print("notices: " + ["queued", "delivered", "failed", "unreachable"].compactMap { state in states[state].map { "\($0) \(state)" } }.joined(separator: ", "))
            }
            for scope in scopes {
                print("scope \(scope.version) (\(korean(scope.computedAt)), \(scope.computedBy)): \(scope.people) people, \(scope.records) records; items \(scope.items.joined(separator: ", ")); checkpoint of \(scope.checkpointSize) entries")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every incident, the latest first.")
        @OptionGroup var options: StoreOptions
        @Option(help: "The actor: one whose role reviews the access log.") var by: String

        func run() async throws {
            let incidents = try await options.withVault { vault in try await fail { try await vault.incidents(by: by) } }
            if incidents.isEmpty { print("No incident has been opened.") }
            for incident in incidents {
                print("\(incident.id)  \(incident.state.rawValue)  learned \(korean(incident.learnedAt))  due \(korean(incident.deadline))  \(incident.summary.prefix(60))")
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check an incident's scopes against the log: signed checkpoint, inclusion proofs, and the count again. Exit 1 when one does not hold.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The incident's ID.") var id: String
        @Option(help: "The verifier key file; <data>/log-verifier.key when absent.") var verifierKey: String?
        @Option(help: "The actor: one whose role reviews the access log.") var by: String

        func run() async throws {
            let verifier = try fail { try LogKeys.verifier(path: verifierKey ?? LogKeys.verifierPath(options.data)) }
            let results = try await options.withVault { vault, store in
                let scopes = try await fail { try await vault.incidentScopes(id, by: by) }
                var results: [(Int, [String])] = []
                for scope in scopes { results.append((scope.version, try await AccessLog(store: store).verify(scope, verifier: verifier))) }
                return results
            }
            if results.isEmpty { print("\(id) has no scope to verify") }
            for (version, problems) in results {
                print("scope \(version): \(problems.isEmpty ? "verified against the signed log" : "does not hold")")
                for problem in problems { print("  problem: \(problem)") }
            }
            if results.contains(where: { !$0.1.isEmpty }) { throw ExitCode.failure }
        }
    }

    struct Evidence: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A scope's evidence for someone who checks it without Jikim: its signed checkpoint, and its first and last record's index and inclusion proof.",
            discussion: """
                The checkpoint is the C2SP note the scope was computed against: given as -old to the independent verifier \
                (scripts/verify-log-export) with a later export of the log, it shows that the scope's log is a prefix of \
                the exported one; the proofs (RFC 9162, base64 hashes) lead from the exported entries at those indexes \
                to the checkpoint's root.
                """
        )
        @OptionGroup var options: StoreOptions
        @Argument(help: "The incident's ID.") var id: String
        @Option(help: "The scope's version; the latest when absent.") var version: Int?
        @Option(help: "Write the checkpoint note to this file too.") var checkpointOut: String?
        @Option(help: "The actor: one whose role reviews the access log.") var by: String

        func run() async throws {
            let scopes = try await options.withVault { vault in try await fail { try await vault.incidentScopes(id, by: by) } }
            guard let scope = version.map({ wanted in scopes.first { $0.version == wanted } }) ?? scopes.last else {
                throw CommandFailure("\(id) has no scope\(version.map { " version \($0)" } ?? "")")
            }
            if let checkpointOut { try emit(scope.checkpoint, to: checkpointOut) }
            print("scope \(scope.version) of \(id): \(scope.people) people, \(scope.records) records, computed against the checkpoint of \(scope.checkpointSize) entries")
            print(scope.checkpoint, terminator: scope.checkpoint.hasSuffix("\n") ? "" : "\n")
            for (name, index, proof) in [("first", scope.first, scope.firstProof), ("last", scope.last, scope.lastProof)] {
                guard let index else { continue }
                print("\(name) record: index \(index); inclusion proof: \(proof.map { $0.base64EncodedString() }.joined(separator: " "))")
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close an incident: nothing more is to be done.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The incident's ID.") var id: String
        @Option(help: "Why it is closed, naming no one.") var note: String?
        @Option(help: "The actor: one whose role reviews the access log.") var by: String

        func run() async throws {
            try await options.withVault { vault in
                try await fail { try await vault.noteIncident(id, action: "closed", note: note, state: .closed, by: by) }
            }
            print("\(id): closed")
        }
    }
}

/// A moment given on the command line: ISO 8601 with a zone, or a Korean local time `YYYY-MM-DDTHH:MM[:SS]`.
func instant(_ text: String, _ option: String) throws -> Date {
    let zoned = ISO8601DateFormatter()
    if let date = zoned.date(from: text) { return date }
    let local = DateFormatter()
    local.locale = Locale(identifier: "en_US_POSIX")
    local.timeZone = TimeZone(identifier: "Asia/Seoul")
    for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"] {
        local.dateFormat = format
        if let date = local.date(from: text) { return date }
    }
    throw ValidationError("\(option) must be a time: 2026-12-08T09:30 (Korean time) or ISO 8601 with a zone, not '\(text)'")
}

/// The public ID of a token given whole or by its ID.
func publicTokenID(_ text: String) throws -> String {
    if let id = Vault.publicID(ofToken: text) { return id }
    let parts = text.split(separator: "_")
    guard parts.count == 2, parts[0] == "jk" || parts[0] == "js", !parts[1].isEmpty, parts[1].count <= 16 else {
        throw ValidationError("--token must be a token (jk_…_…) or its public ID (jk_…, js_…)")
    }
    return text
}

/// A moment in Korean time, to the minute.
func korean(_ date: Date) -> String {
    "\(CivilDate(seoul: date)) \(AccessReview.seoulTime(date)) KST"
}
