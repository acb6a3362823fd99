import Foundation
import Ink
import JikimCore
import Mustache

/// What every console page shows around its content: who is signed in and until when, the menu of what their roles
/// let them do, the sign-out button, and what the last step said.
public struct ConsoleChrome: Sendable {
    public var organisation: LocalizedText
    public var actor: String
    public var duties: Set<Duty>
    /// Whether a role of the staff member grants any purpose (the people pages).
    public var readsPeople: Bool
    public var sessionEnds: Date?
    public var csrf: String
    public var language: Language
    public var message: String?
    public var error: String?

    public init(
        organisation: LocalizedText, actor: String, duties: Set<Duty>, readsPeople: Bool = false, sessionEnds: Date?, csrf: String,
        language: Language, message: String? = nil, error: String? = nil
    ) {
        self.organisation = organisation
        self.actor = actor
        self.duties = duties
        self.readsPeople = readsPeople
        self.sessionEnds = sessionEnds
        self.csrf = csrf
        self.language = language
        self.message = message
        self.error = error
    }

    var context: [String: Any] {
        [
            "lang": language.rawValue, "t": ConsoleWords.labels(language), "csrf": csrf, "actor": actor,
            "organisation": organisation.text(in: language),
            "sessionEnds": sessionEnds.map { ReviewContext.seoul($0) + " KST" as Any } ?? NSNull(),
            "message": message.map { $0 as Any } ?? NSNull(), "error": error.map { $0 as Any } ?? NSNull(),
            "menu": [
                "people": readsPeople, "requests": duties.contains(.handlesRequests), "destruction": duties.contains(.approvesDestruction),
                "review": duties.contains(.reviewsAccessLog), "staff": duties.contains(.administers), "policy": true,
                "provision": duties.contains(.reviewsAccessLog) || duties.contains(.handlesRequests),
            ],
        ]
    }
}

/// The staff console's pages (`/console`), rendered from the `console-*.html` templates inside `page.html`, with the
/// chrome of `console-header.html`; Korean first with English.
extension PolicyRenderer {
    /// The sign-in page; `csrf` is the token its form carries back.
    public func consoleSignIn(organisation: LocalizedText, language: Language, error: String? = nil, csrf: String) throws(Failure) -> String {
        let labels = ConsoleWords.labels(language)
        let context: [String: Any] = [
            "lang": language.rawValue, "t": labels, "csrf": csrf, "error": error.map { $0 as Any } ?? NSNull(),
            "organisation": organisation.text(in: language),
        ]
        return try page(template: "console-sign-in.html", context: context, title: labels["signInTitle"] ?? "", language: language)
    }

    /// The page that asks for the authenticator's code after the password; with `enrolment` (its secret in base32 and
    /// its `otpauth://` URI) when an authenticator is first to be enrolled.
    public func consoleSecondFactor(
        organisation: LocalizedText, actor: String, enrolment: (base32: String, uri: String)?, language: Language, error: String? = nil,
        csrf: String
    ) throws(Failure) -> String {
        let labels = ConsoleWords.labels(language)
        var grouped = ""
        for (index, character) in (enrolment?.base32 ?? "").enumerated() {
            if index > 0, index % 4 == 0 { grouped.append(" ") }
            grouped.append(character)
        }
        let context: [String: Any] = [
            "lang": language.rawValue, "t": labels, "csrf": csrf, "error": error.map { $0 as Any } ?? NSNull(),
            "organisation": organisation.text(in: language), "actor": actor, "enrol": enrolment != nil, "secret": grouped,
            "uri": enrolment?.uri ?? "",
        ]
        return try page(template: "console-second-factor.html", context: context, title: labels["secondFactorTitle"] ?? "", language: language)
    }

    /// The page where staff choose their password through a one-time link; nil `actor` when the link is not live.
    public func consolePasswordLink(
        organisation: LocalizedText, actor: String?, token: String, language: Language, error: String? = nil, csrf: String
    ) throws(Failure) -> String {
        let labels = ConsoleWords.labels(language)
        let context: [String: Any] = [
            "lang": language.rawValue, "t": labels, "csrf": csrf, "error": error.map { $0 as Any } ?? NSNull(),
            "organisation": organisation.text(in: language), "actor": actor.map { $0 as Any } ?? NSNull(), "token": token,
        ]
        return try page(template: "console-password.html", context: context, title: labels["passwordTitle"] ?? "", language: language)
    }

    /// The dashboard: the open requests by deadline, overdue first, with the days left counted from `today` (nil
    /// `requests` when the staff member's roles do not handle requests), and what waits for the other duties.
    public func consoleDashboard(
        _ chrome: ConsoleChrome, requests: [RequestSummary]?, today: CivilDate, batchesAwaiting: Int?, reviewMonth: String?,
        reviewSigned: Bool, reviewFindings: Int, status: ConsoleStatus? = nil
    ) throws(Failure) -> String {
        let language = chrome.language
        let rows = (requests ?? []).sorted { ($0.overdue ? 0 : 1, $0.deadline, $0.number) < ($1.overdue ? 0 : 1, $1.deadline, $1.number) }
            .map { Self.requestRow($0, today: today, language: language) }
        return try consolePage("console-dashboard.html", titleKey: "dashboardTitle", chrome, [
            "handlesRequests": requests != nil, "requests": rows, "noRequests": requests?.isEmpty == true,
            "waiting": rows.filter { $0["waiting"] as? Bool == true }.count,
            "overdueCount": rows.filter { $0["overdue"] as? Bool == true }.count,
            "hasOverdue": rows.contains { $0["overdue"] as? Bool == true },
            "approves": batchesAwaiting != nil, "batchesAwaiting": batchesAwaiting ?? 0,
            "reviews": reviewMonth != nil, "reviewMonth": reviewMonth ?? "", "reviewSigned": reviewSigned, "reviewFindings": reviewFindings,
            "status": status.map { status -> Any in
                [
                    "policyVersion": status.policyVersion, "policyEffective": status.policyEffective?.description ?? "—",
                    "nextVersion": status.nextVersion.map { "\($0.id) (\($0.effective))" as Any } ?? NSNull(),
                    "noticesWaiting": status.noticesWaiting, "noticesFailed": status.noticesFailed, "hasFailed": status.noticesFailed > 0,
                    "keyVersion": status.keyVersion, "olderKeys": status.dataKeysOnOlderVersions, "hasOlderKeys": status.dataKeysOnOlderVersions > 0,
                    "checkpoint": status.checkpointSize.map { $0 as Any } ?? NSNull(),
                    "verification": status.verification.map { verification -> Any in
                        ["at": ReviewContext.seoul(verification.at) + " KST", "entries": verification.entries, "intact": verification.intact,
                         "firstBad": verification.firstBad.map { $0 as Any } ?? NSNull()]
                    } ?? NSNull(),
                ]
            } ?? NSNull(),
        ])
    }

    /// The list of requests, in one state (or all), one page of them.
    public func consoleRequestList(
        _ chrome: ConsoleChrome, requests: [RequestSummary], today: CivilDate, state: String, kind: String, overdueOnly: Bool,
        page: Int, hasMore: Bool
    ) throws(Failure) -> String {
        let language = chrome.language
        let lang = language.rawValue
        let query = { (page: Int) in "state=\(state)&kind=\(kind)\(overdueOnly ? "&overdue=1" : "")&page=\(page)&lang=\(lang)" }
        return try consolePage("console-requests.html", titleKey: "listTitle", chrome, [
            "requests": requests.map { Self.requestRow($0, today: today, language: language) }, "none": requests.isEmpty,
            "states": [("open", "stateOpen"), ("all", "stateAll"), ("closed", "stateClosed")].map { value, key in
                ["value": value, "name": ConsoleWords.labels(language)[key] ?? value, "selected": value == state]
            },
            "kinds": [["value": "", "name": ConsoleWords.labels(language)["anyKind"] ?? "", "selected": kind.isEmpty]]
                + RequestKind.allCases.map { ["value": $0.rawValue, "name": $0.name(in: language), "selected": $0.rawValue == kind] },
            "overdueOnly": overdueOnly, "page": page,
            "previous": page > 1 ? query(page - 1) as Any : NSNull(), "next": hasMore ? query(page + 1) as Any : NSNull(),
        ])
    }

    static func requestRow(_ request: RequestSummary, today: CivilDate, language: Language) -> [String: Any] {
        let left = CivilDate(iso: request.deadline).map { $0.dayNumber - today.dayNumber } ?? 0
        return [
            "number": request.number, "kind": request.kind.name(in: language), "state": request.state.name(in: language),
            "deadline": request.deadline, "overdue": request.overdue, "provisional": request.deadlineProvisional,
            "waiting": request.state == .received || request.state == .verifying,
            "left": request.state.isOpen ? (language == .ko ? "\(left)일" : "\(left) day\(abs(left) == 1 ? "" : "s")") : "—",
        ]
    }

    /// A request's page for the staff who handle it: its summary and deadline, its history, and the steps the law
    /// allows while it is open (answer it; refuse it on a ground the law gives for its kind).
    public func consoleRequest(
        _ chrome: ConsoleChrome, request: RequestSummary, steps: [RequestStep], answer: RequestAnswer?, policy: Policy
    ) throws(Failure) -> String {
        let language = chrome.language
        let local = { (timestamp: String) in Timestamp.date(timestamp).map { ReviewContext.seoul($0) + " KST" } ?? timestamp }
        var context: [String: Any] = [
            "number": request.number, "kind": request.kind.name(in: language), "state": request.state.name(in: language),
            "filer": ConsoleWords.labels(language)["filer-\(request.filer)"] ?? request.filer, "received": local(request.receivedAt), "deadline": request.deadline,
            "provisional": request.deadlineProvisional, "overdue": request.overdue, "answered": answer != nil,
            "open": request.state.isOpen, "canAnswer": request.state == .inProgress,
            // An agent's request filed with its document waits for staff to read it and confirm the authority.
            "awaitingAuthority": request.state == .verifying && request.filer == "agent" && request.agentDocumentSHA256 != nil,
            "agentRelation": request.agentRelation.flatMap(AgentAuthority.Relation.init(rawValue:))?.name(in: language) ?? request.agentRelation ?? "",
            "documentSHA256": request.agentDocumentSHA256 ?? "",
            "canPostpone": request.state == .inProgress && request.postponement == nil && (request.kind == .access || request.kind == .transmission),
            "postponement": request.postponement.map { $0 as Any } ?? NSNull(),
            "answerView": answer.map { answer -> Any in
                ["t": RequestWords.labels(language), "answer": answerContext(answer, policy: policy, language: language)]
            } ?? NSNull(),
            "steps": steps.map { ["step": ConsoleWords.labels(language)["step-\($0.step)"] ?? $0.step, "state": $0.state.name(in: language), "at": local($0.at), "actor": $0.actor] },
            "grounds": RefusalGround.allCases.filter { $0.applies(to: request.kind) }.map {
                ["value": $0.rawValue, "name": "\($0.text(in: language)) (\($0.article))"]
            },
        ]
        // Answering in part: what the request lets staff leave out, and the grounds for it (never identity).
        let candidates = PartialRefusal.candidates(for: request.kind, targets: request.targets, policy: policy)
        context["canAnswerInPart"] = request.state == .inProgress && !candidates.isEmpty
        context["partialCandidates"] = candidates.map { id -> [String: Any] in
            let name = switch request.kind {
            case .suspension: policy.purpose(id)?.name.text(in: language)
            case .withdrawal: policy.consent(id)?.title.text(in: language)
            default: policy.item(id)?.name.text(in: language)
            }
            return ["id": id, "name": name ?? id]
        }
        context["partialGrounds"] = RefusalGround.allCases.filter { $0 != .identityNotConfirmed && $0.applies(to: request.kind) }.map {
            ["value": $0.rawValue, "name": "\($0.text(in: language)) (\($0.article))"]
        }
        context["title"] = "\(ConsoleWords.labels(language)["requestTitle"] ?? "") \(request.number)"
        return try consolePage("console-request.html", titleKey: "requestTitle", chrome, context)
    }

    /// Destruction batches with what each holds (counts by retention class, never a person), the decision forms for
    /// proposed ones, and the ledger's months.
    public func consoleDestruction(
        _ chrome: ConsoleChrome, batches: [DestructionBatchView], policy: Policy, lastMonth: String
    ) throws(Failure) -> String {
        let language = chrome.language
        return try consolePage("console-destruction.html", titleKey: "destructionTitle", chrome, [
            "none": batches.isEmpty, "lastMonth": lastMonth,
            "batches": batches.map { batch -> [String: Any] in
                // An approved batch whose proposals are all carried out holds nothing more.
                let state = batch.state == "approved" && batch.count == 0 ? "done" : batch.state
                return [
                    "id": batch.id, "state": ConsoleWords.labels(language)["batch-\(state)"] ?? state,
                    "proposed": ReviewContext.seoul(batch.proposedAt) + " KST", "count": batch.count, "open": batch.state == "proposed",
                    "decided": batch.decidedBy.map { by in
                        "\(by), \(batch.decidedAt.map { ReviewContext.seoul($0) + " KST" } ?? "")\(batch.reason.map { " — \($0)" } ?? "")" as Any
                    } ?? NSNull(),
                    "classes": batch.classes.map { retentionClass, count in
                        ["class": retentionClass, "records": Self.records(of: retentionClass, in: policy, language: language), "count": count]
                    },
                ]
            },
        ])
    }

    /// The destruction ledger of one month (`YYYY-MM`).
    public func consoleLedger(_ chrome: ConsoleChrome, month: String, ledger: [DestructionRecord], policy: Policy) throws(Failure) -> String {
        let language = chrome.language
        return try consolePage("console-ledger.html", titleKey: "ledgerTitle", chrome, [
            "month": month, "none": ledger.isEmpty, "count": ledger.count,
            "lines": ledger.map { record -> [String: Any] in
                [
                    "subject": record.subject, "items": record.items.map { policy.item($0)?.name.text(in: language) ?? $0 }.joined(separator: ", "),
                    "records": Self.records(of: record.retentionClass, in: policy, language: language),
                    "destroyed": ReviewContext.seoul(record.destroyedAt), "reason": record.reason, "basis": record.basis,
                    "method": record.method, "approvedBy": record.approvedBy,
                ]
            },
        ])
    }

    /// The month's access review, with its findings first and the sign-off form bound to the review's digest.
    public func consoleReview(_ chrome: ConsoleChrome, review: AccessReview, digest: String, canSignOff: Bool) throws(Failure) -> String {
        let language = chrome.language
        let name = "review.\(language.rawValue).md"
        let document = ReviewContext(review: review, organisation: chrome.organisation.text(in: language), digest: digest, language: language)
            .build()
        guard let markdown = library.render(document, withTemplate: name) else { throw .missingTemplate(name) }
        let mine = review.signOffs.filter { $0.digest == digest }
        return try consolePage("console-review.html", titleKey: "reviewTitle", chrome, [
            "actors": review.actors.map { activity -> [String: Any] in
                ["actor": activity.actor, "href": "/console/review/actors/\(Self.pathSegment(activity.actor))?month=\(review.month)&lang=\(language.rawValue)",
                 "accesses": activity.accesses, "findingCount": review.findings.filter { $0.actor == activity.actor }.count,
                 "flagged": review.findings.contains { $0.actor == activity.actor }]
            },
            "hasActors": !review.actors.isEmpty,
            "month": review.month, "digest": digest, "findings": review.findings.count, "hasFindings": !review.findings.isEmpty,
            "signOffs": mine.map { ["reviewer": $0.reviewer, "at": ReviewContext.seoul($0.at) + " KST", "note": $0.note ?? ""] },
            "signed": !mine.isEmpty, "canSignOff": canSignOff && mine.isEmpty, "monthOver": canSignOff, "document": MarkdownParser().html(from: markdown),
        ])
    }

    /// One actor's month in the review: their activity and findings as the review counts them, and a page of their
    /// access records with each one's index in the log; refused ones marked.
    public func consoleReviewActor(
        _ chrome: ConsoleChrome, review: AccessReview, actor: String, records: [(index: UInt64, record: AccessRecord)], total: Int, page: Int,
        hasMore: Bool, policy: Policy
    ) throws(Failure) -> String {
        let language = chrome.language
        var mine = review
        mine.actors = review.actors.filter { $0.actor == actor }
        mine.findings = review.findings.filter { $0.actor == actor }
        let document = ReviewContext(review: mine, organisation: chrome.organisation.text(in: language), digest: "", language: language).build()
        let query = { (page: Int) in "/console/review/actors/\(Self.pathSegment(actor))?month=\(review.month)&page=\(page)&lang=\(language.rawValue)" }
        return try consolePage("console-review-actor.html", titleKey: "reviewActorTitle", chrome, [
            // Not `actor`: the chrome names the signed-in member of staff by it.
            "reviewed": actor, "month": review.month, "total": total,
            "summary": (document["actors"] as? [[String: Any]])?.first.map { $0 as Any } ?? NSNull(),
            "findings": document["findings"] ?? [], "hasFindings": !mine.findings.isEmpty,
            "records": records.map { entry -> [String: Any] in
                let record = entry.record
                let refusal: String? = if case .refused(let code) = record.outcome { code } else { nil }
                return ["index": entry.index, "at": ReviewContext.seoul(record.at) + " KST", "operation": record.operation.rawValue,
                        "purpose": policy.purpose(record.purpose)?.name.text(in: language) ?? record.purpose, "subject": record.subject,
                        "items": record.items.map { policy.item($0)?.name.text(in: language) ?? $0 }.joined(separator: ", "),
                        "refused": refusal != nil, "outcome": refusal ?? (language == .ko ? "허용" : "allowed"),
                        "source": record.source ?? "—", "reason": record.reason ?? ""]
            },
            "previous": page > 1 ? query(page - 1) as Any : NSNull(), "next": hasMore ? query(page + 1) as Any : NSNull(),
        ])
    }

    /// `text` as one segment of a path.
    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }

    /// The staff list: each actor, their kind, roles and state.
    public func consoleStaff(_ chrome: ConsoleChrome, actors: [StaffMember], roles: [Role]) throws(Failure) -> String {
        let language = chrome.language
        return try consolePage("console-staff.html", titleKey: "staffTitle", chrome, [
            "actors": actors.map { actor -> [String: Any] in
                ["id": actor.id, "kind": ConsoleWords.labels(language)["kind-\(actor.kind)"] ?? actor.kind,
                 "roles": actor.roles.map { role in roles.first { $0.id == role }?.name.text(in: language) ?? role }.joined(separator: ", "),
                 "disabled": actor.disabled, "locked": actor.locked]
            },
        ])
    }

    /// One staff member: roles to grant and revoke, the history of their rights (3 years are kept), and the steps an
    /// administrator can take; `shown` is a token or link shown once.
    public func consoleStaffMember(
        _ chrome: ConsoleChrome, member: StaffMember, roles: [Role], history: [(role: String, action: String, by: String, at: String)],
        shown: String?
    ) throws(Failure) -> String {
        let language = chrome.language
        let local = { (timestamp: String) in Timestamp.date(timestamp).map { ReviewContext.seoul($0) + " KST" } ?? timestamp }
        // Rights changes (kept 3 years) apart from sign-ins, sign-outs and failures, of which the latest are shown.
        let isSignIn = { (action: String) in ConsoleWords.signInPrefixes.contains { action.hasPrefix($0) } }
        let rights = history.filter { !isSignIn($0.action) }
        let signIns = history.filter { isSignIn($0.action) }
        return try consolePage("console-staff-member.html", titleKey: "memberTitle", chrome, [
            "memberID": member.id, "kind": ConsoleWords.labels(language)["kind-\(member.kind)"] ?? member.kind, "disabled": member.disabled,
            "locked": member.locked, "staff": member.kind == "staff", "shown": shown.map { $0 as Any } ?? NSNull(),
            "held": roles.filter { member.roles.contains($0.id) }.map { ["id": $0.id, "name": $0.name.text(in: language)] },
            "grantable": roles.filter { !member.roles.contains($0.id) }.map { ["id": $0.id, "name": $0.name.text(in: language)] },
            "canGrant": roles.contains { !member.roles.contains($0.id) },
            "history": rights.reversed().map { change -> [String: Any] in
                ["role": change.role == "-" ? "—" : roles.first { $0.id == change.role }?.name.text(in: language) ?? change.role,
                 "action": ConsoleWords.action(change.action, language), "by": change.by, "at": local(change.at)]
            },
            "signIns": signIns.suffix(20).reversed().map { ["action": ConsoleWords.action($0.action, language), "at": local($0.at)] },
            "hasSignIns": !signIns.isEmpty, "signInCount": signIns.count,
        ])
    }

    /// Finding a person and reading what a purpose allows: the look-up form, and — after a read — the values (nil
    /// `read` before one), with the forms for the changes the purpose allows when the person was named by their ID.
    public func consolePeople(
        _ chrome: ConsoleChrome, policy: Policy, purposes: [Identifier], read: (id: String?, purpose: Identifier, values: [Identifier: String])?
    ) throws(Failure) -> String {
        let language = chrome.language
        let purpose = read.flatMap { policy.purpose($0.purpose) }
        let itemName = { (id: Identifier) in policy.item(id)?.name.text(in: language) ?? id }
        return try consolePage("console-people.html", titleKey: "peopleTitle", chrome, [
            "lookups": [["value": "id", "name": ConsoleWords.labels(language)["externalID"] ?? "ID"]]
                + policy.items.filter(\.identity).map { ["value": $0.id, "name": $0.name.text(in: language)] },
            "purposes": purposes.compactMap(policy.purpose).map { ["value": $0.id, "name": $0.name.text(in: language)] },
            "read": read.map { read -> Any in
                [
                    "purpose": purpose?.name.text(in: language) ?? read.purpose, "purposeID": read.purpose, "who": read.id ?? "",
                    "values": (purpose?.items ?? []).filter { policy.item($0)?.protection != .oneWay }.map { item -> [String: Any] in
                        ["item": itemName(item), "value": read.values[item] ?? "—", "absent": read.values[item] == nil]
                    },
                    "id": read.id.map { $0 as Any } ?? NSNull(), "changes": read.id != nil,
                    "items": (purpose?.items ?? []).filter { policy.item($0)?.protection != .oneWay }.map { ["value": $0, "name": itemName($0)] },
                    "consents": policy.consents.map { ["value": $0.id, "name": $0.title.text(in: language)] },
                    "hasConsents": !policy.consents.isEmpty,
                    "events": LifecycleEvent.allCases.filter { $0 != .collection }.map {
                        ["value": $0.rawValue, "name": ConsoleWords.labels(language)["event-\($0.rawValue)"] ?? $0.rawValue]
                    },
                ]
            } ?? NSNull(),
        ])
    }

    /// The policy's versions, and a new file checked against the one in force.
    public func consolePolicy(
        _ chrome: ConsoleChrome, current: PolicyVersion, next: PolicyVersion?, versions: [PolicyVersion], canCheck: Bool, check: PolicyCheckView?,
        text: String = ""
    ) throws(Failure) -> String {
        let language = chrome.language
        return try consolePage("console-policy.html", titleKey: "policyTitle", chrome, [
            "current": current.id,
            "versions": versions.map { version -> [String: Any] in
                ["id": version.id, "announced": version.announced?.description ?? "—", "effective": version.effective?.description ?? "—",
                 "inForce": version.id == current.id, "coming": version.id == next?.id, "freshConsent": version.freshConsent]
            },
            "canCheck": canCheck, "text": text,
            "check": check.map { check -> Any in
                [
                    "valid": check.valid, "problems": check.problems, "hasProblems": !check.problems.isEmpty,
                    "version": check.version.map { $0 as Any } ?? NSNull(), "effective": check.effective ?? "—", "changes": check.changes.map { ["text": $0.text.text(in: language), "fresh": $0.freshConsent] },
                    "noChanges": check.valid && check.changes.isEmpty, "needsConsent": check.changes.contains { $0.freshConsent },
                ]
            } ?? NSNull(),
        ])
    }

    /// The provision ledger of a month, with its counts by recipient, and the yearly notice's form.
    public func consoleProvision(
        _ chrome: ConsoleChrome, month: String, lines: [(subject: String, record: ProvisionRecord)], policy: Policy, lastYear: Int, sends: Bool
    ) throws(Failure) -> String {
        let language = chrome.language
        let recipientName = { (id: String) in
            policy.provisions.first { $0.id == id }?.recipient.text(in: language)
                ?? policy.consignments.first { $0.id == id }?.consignee.text(in: language) ?? id
        }
        var counts: [String: Int] = [:]
        for line in lines { counts[line.record.recipient, default: 0] += 1 }
        return try consolePage("console-provision.html", titleKey: "provisionTitle", chrome, [
            "month": month, "none": lines.isEmpty, "count": lines.count, "lastYear": lastYear, "sends": sends,
            "byRecipient": counts.sorted { $0.key < $1.key }.map { ["recipient": recipientName($0.key), "count": $0.value] },
            "lines": lines.map { line -> [String: Any] in
                ["subject": line.subject, "recipient": recipientName(line.record.recipient),
                 "items": line.record.items.map { policy.item($0)?.name.text(in: language) ?? $0 }.joined(separator: ", "),
                 "at": ReviewContext.seoul(line.record.at) + " KST", "by": line.record.actor,
                 "basis": line.record.basis.hasPrefix("consent:")
                    ? policy.consent(String(line.record.basis.dropFirst("consent:".count)))?.title.text(in: language) ?? line.record.basis
                    : line.record.basis]
            },
        ])
    }

    /// A console page: `template` inside the chrome, titled by the label `titleKey` (or the context's `title`).
    func consolePage(_ template: String, titleKey: String, _ chrome: ConsoleChrome, _ content: [String: Any]) throws(Failure) -> String {
        var context = chrome.context
        context.merge(content) { _, new in new }
        let title = content["title"] as? String ?? ConsoleWords.labels(chrome.language)[titleKey] ?? ""
        return try page(template: template, context: context, title: title, language: chrome.language)
    }
}

/// A policy file checked on the console: its problems as `jikim policy check` prints them, and what changed against
/// the version in force.
public struct PolicyCheckView: Sendable {
    public var valid: Bool
    public var problems: [String]
    public var version: String?
    /// The day the checked version would take effect.
    public var effective: String?
    public var changes: [(text: LocalizedText, freshConsent: Bool)]

    public init(
        valid: Bool, problems: [String], version: String?, effective: String? = nil, changes: [(text: LocalizedText, freshConsent: Bool)]
    ) {
        self.valid = valid
        self.problems = problems
        self.version = version
        self.effective = effective
        self.changes = changes
    }
}

/// The state of Jikim itself, on the dashboard of those who administer it or review the log.
public struct ConsoleStatus: Sendable {
    public var policyVersion: String
    public var policyEffective: CivilDate?
    /// A published version that takes effect after today.
    public var nextVersion: (id: String, effective: CivilDate)?
    public var noticesWaiting: Int
    /// Notices that could not be delivered and will not be retried.
    public var noticesFailed: Int
    public var keyVersion: Int
    /// Data keys still wrapped by an older key version (rewrapped by `jikim keys rotate`).
    public var dataKeysOnOlderVersions: Int
    /// The size of the access log's latest signed checkpoint.
    public var checkpointSize: UInt64?
    /// The latest verification of the log noted (`jikim log verify`): when, how many entries, intact or the first bad.
    public var verification: (at: Date, entries: UInt64, intact: Bool, firstBad: UInt64?)?

    public init(
        policyVersion: String, policyEffective: CivilDate?, nextVersion: (id: String, effective: CivilDate)?, noticesWaiting: Int,
        noticesFailed: Int, keyVersion: Int, dataKeysOnOlderVersions: Int, checkpointSize: UInt64?,
        verification: (at: Date, entries: UInt64, intact: Bool, firstBad: UInt64?)? = nil
    ) {
        self.verification = verification
        self.policyVersion = policyVersion
        self.policyEffective = policyEffective
        self.nextVersion = nextVersion
        self.noticesWaiting = noticesWaiting
        self.noticesFailed = noticesFailed
        self.keyVersion = keyVersion
        self.dataKeysOnOlderVersions = dataKeysOnOlderVersions
        self.checkpointSize = checkpointSize
    }
}

/// A destruction batch as the console shows it.
public struct DestructionBatchView: Sendable {
    public var id: String
    public var state: String
    public var proposedAt: Date
    public var count: Int
    public var decidedBy: String?
    public var decidedAt: Date?
    public var reason: String?
    /// Proposed destructions by retention class.
    public var classes: [(String, Int)]

    public init(id: String, state: String, proposedAt: Date, count: Int, decidedBy: String?, decidedAt: Date?, reason: String?,
                classes: [(String, Int)]) {
        self.id = id
        self.state = state
        self.proposedAt = proposedAt
        self.count = count
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.reason = reason
        self.classes = classes
    }
}

/// The words of the console.
enum ConsoleWords {
    /// How the history of rights names sign-ins, sign-outs and their failures (shown apart).
    static let signInPrefixes = ["signed in", "signed out", "sign-in", "session ", "password accepted", "second factor failed",
                                 "second factor refused", "locked for"]

    /// A recorded change of rights in the page's language (the log keeps the English).
    static func action(_ action: String, _ language: Language) -> String {
        guard language == .ko else { return action }
        let exact = [
            "created": "계정 생성", "granted": "역할 부여", "revoked": "역할 회수", "disabled": "사용 중지", "unlocked": "잠금 해제",
            "password set": "비밀번호 설정", "sign-in failed": "로그인 실패", "second factor enrolled": "2단계 인증 등록",
            "second factor enrolment started": "2단계 인증 등록 시작", "second factor failed": "2단계 인증 실패",
            "second factor reset": "2단계 인증 초기화", "second factor refused: locked or none": "2단계 인증 거부 (잠김 또는 미등록)",
            "sign-in refused: too many failures from its source": "로그인 거부 (같은 접속지에서 실패가 많음)",
            "sign-in refused: unknown, disabled, without password or locked": "로그인 거부 (없는 계정, 사용 중지, 비밀번호 없음 또는 잠김)",
        ]
        if let text = exact[action] { return text }
        let prefixes: [(String, String)] = [
            ("signed in: session ", "로그인 (세션 "), ("signed out: session ", "로그아웃 (세션 "), ("password link issued: ", "비밀번호 설정 링크 발급 ("),
            ("password set by one-time link ", "일회용 링크로 비밀번호 설정 ("), ("token issued: ", "서비스 토큰 발급 ("),
            ("token revoked: ", "서비스 토큰 폐기 ("), ("password accepted, second factor awaited: session ", "비밀번호 확인, 2단계 인증 대기 (세션 "),
        ]
        for (english, korean) in prefixes where action.hasPrefix(english) { return korean + action.dropFirst(english.count) + ")" }
        if let match = action.wholeMatch(of: /locked for (\d+) min after (\d+) failed sign-ins/) {
            return "로그인 \(match.2)회 실패로 \(match.1)분 잠금"
        }
        if let match = action.wholeMatch(of: /session (\S+) ended: idle for (\d+) min/) {
            return "세션 \(match.1) 종료 (\(match.2)분 동안 사용 없음)"
        }
        return action
    }

    static func labels(_ language: Language) -> [String: String] {
        language == .ko ? korean : english
    }

    static let korean: [String: String] = [
        "signInTitle": "개인정보 처리 콘솔 로그인", "actor": "취급자 ID", "password": "비밀번호", "signIn": "로그인", "error": "오류",
        "signInNote": "로그인, 실패, 로그아웃은 모두 접속기록으로 남습니다. 연속으로 실패하면 계정이 잠시 잠깁니다.",
        "dashboardTitle": "오늘 처리할 일", "signedInAs": "로그인:", "signOut": "로그아웃", "sessionEnds": "세션 만료", "menuLabel": "콘솔 메뉴",
        "requestsTitle": "처리 중인 정보주체의 요구 (처리 기한순)", "number": "접수번호", "kind": "요구 종류", "state": "상태",
        "deadline": "처리 기한", "left": "남은 기간", "overdue": "기한 경과", "provisional": "잠정",
        "noRequests": "처리 중인 요구가 없습니다.", "notHandler": "이 계정의 역할은 정보주체의 요구를 처리하지 않습니다.",
        "overdueNote": "건이 처리 기한을 넘겼습니다.", "waitingCount": "본인 확인 또는 대리 권한 확인을 기다리는 요구:",
        "listTitle": "정보주체의 요구", "stateOpen": "처리 중", "stateAll": "전체", "stateClosed": "종결", "anyKind": "모든 종류",
        "overdueOnly": "기한 경과만", "filter": "보기", "noneFound": "해당하는 요구가 없습니다.", "pages": "쪽", "page": "쪽",
        "previous": "이전", "next": "다음",
        "requestTitle": "요구", "filer": "요구한 사람", "received": "접수 일시", "history": "처리 이력",
        "filer-person": "정보주체 본인", "filer-agent": "대리인", "filer-staff": "담당자 접수(서면·전화 등)",
        "step-received": "접수", "step-code-sent": "확인 코드 발송", "step-verified": "본인 확인", "step-completed": "처리 완료",
        "step-refused": "거절", "step-postponed": "연기", "step-authority-confirmed": "대리 권한 확인됨",
        "step-authority-document-read": "대리 권한 서류 열람", "step-authority-to-check": "대리 권한 확인 필요", "step-no-match": "본인 확인 불일치",
        "step-overdue-alert": "기한 경과 알림",
        "step": "단계", "at": "일시", "by": "처리자", "actions": "처리", "answer": "요구대로 처리하고 결과를 알림",
        "answerHelp": "열람·전송은 보유한 정보를, 정정·삭제·처리정지·동의 철회는 처리한 결과를 정보주체가 조회 화면에서 확인합니다.",
        "refuse": "거절", "ground": "거절 사유(법적 근거)", "note": "정보주체에게 알릴 설명 (200자 이내, 개인정보 없이)",
        "answered": "처리 결과가 정보주체에게 공개되었습니다.", "closed": "이 요구는 종결되었습니다.",
        "waiting": "본인 확인 또는 대리 권한 확인을 기다리는 중입니다.", "done": "처리했습니다.",
        "agentTitle": "대리인의 권한 확인", "agentRelation": "밝힌 관계", "document": "대리 권한 서류 보기 (열람은 접속기록에 남습니다)",
        "documentHash": "서류의 SHA-256", "confirmAgent": "대리 권한을 확인함",
        "confirmAgentHelp": "서류가 권한을 보여 주지 않으면 아래에서 거절 사유(시행령 제46조 등)를 골라 거절하십시오.",
        "postpone": "열람 연기", "postponeNote": "연기 사유 (정보주체에게 알립니다. 200자 이내, 개인정보 없이)", "postponed": "연기됨:",
        "answerTitle": "정보주체에게 보이는 처리 결과 (열람은 접속기록에 남습니다)",
        "destructionTitle": "파기 승인", "destructionIntro": "보유기간이 끝나 파기할 개인정보를 보존 규칙별 건수로 보여 줍니다. 개인정보 자체는 표시하지 않습니다. 승인하면 다음 정기 작업에서 복구할 수 없도록 파기하고 파기 관리대장에 기록합니다 (개인정보 보호법 제21조).",
        "noBatches": "승인을 기다리는 파기 묶음이 없습니다.", "batch": "파기 묶음", "batch-proposed": "승인 대기", "batch-approved": "승인됨",
        "batch-rejected": "반려됨", "batch-done": "승인되어 파기함", "proposedAt": "제안 일시", "proposals": "건수", "decidedBy": "결정:", "retentionClass": "보존 구분",
        "records": "대상 기록", "approve": "파기 승인", "reject": "반려", "rejectReason": "반려 사유 (200자 이내, 개인정보 없이)",
        "batchesAwaiting": "승인을 기다리는 파기 묶음:",
        "ledgerTitle": "파기 관리대장", "month": "월", "show": "보기", "downloadCSV": "CSV 내려받기", "noLedger": "이 달에 파기한 기록이 없습니다.",
        "lines": "건수", "pseudonym": "가명 식별자", "items": "항목", "destroyed": "파기 일시", "reason": "파기 사유", "basis": "근거",
        "method": "파기 방법", "approvedBy": "승인자",
        "reviewTitle": "접속기록 점검", "reviewActorTitle": "접속기록 점검 상세", "backToReview": "이 달의 점검으로", "byActor": "담당자별 상세",
        "raRecords": "접속기록", "raIndex": "로그 번호", "raOperation": "처리", "raPerson": "정보주체(가명)", "raOutcome": "결과", "raSource": "접속지",
        "raReason": "사유", "raActivity": "이 달의 활동", "raAccesses": "접속 수", "raDays": "접속 일수", "raPeople": "정보주체 수",
        "raOperations": "처리별", "raPurposes": "목적별", "raItems": "항목별", "raRefusals": "거부", "raSources": "접속지", "raAt": "일시", "raRecordItems": "항목", "raPurpose": "목적", "raNone": "이 달에 이 담당자의 접속기록이 없습니다.", "findings": "점검 결과 확인할 사항:", "noFindings": "이 달에는 확인할 사항이 없습니다.",
        "signOffTitle": "점검 확인", "digest": "점검 문서의 해시(SHA-256):", "signedOffBy": "확인:", "signOffNote": "메모 (200자 이내, 개인정보 없이)",
        "signOff": "이 점검 내용을 확인함", "monthNotOver": "이 달이 끝난 뒤에 확인할 수 있습니다.", "reviewDocument": "점검 문서",
        "signedOff": "확인됨", "notSignedOff": "확인 전", "alreadySigned": "이 내용(해시)은 이미 확인되었습니다. 내용이 바뀌면 다시 확인할 수 있습니다.",
        "signInsTitle": "최근 로그인 기록", "signInsNote": "건 중 최근 20건 (모두 접속기록에 남아 있습니다)",
        "staffTitle": "취급자와 역할", "actorKind": "구분", "roles": "역할", "disabled": "사용 중지", "locked": "잠김",
        "kind-staff": "직원", "kind-service": "서비스", "addStaff": "취급자 추가", "add": "추가", "memberTitle": "취급자",
        "noRoles": "부여된 역할이 없습니다.", "revoke": "회수", "grantRole": "부여할 역할", "grant": "역할 부여",
        "issueLink": "비밀번호 설정 링크 발급", "linkHelp": "본인이 직접 비밀번호를 정하는 일회용 링크(24시간 유효)를 한 번만 보여 줍니다.",
        "issueToken": "서비스 토큰 발급", "unlock": "잠금 해제", "rightsHistory": "권한 변경 이력 (3년 보관)", "role": "역할", "change": "변경",
        "shownOnce": "지금 한 번만 보여 드립니다. 당사자에게 안전하게 전달하십시오:",
        "passwordTitle": "비밀번호 설정", "passwordFor": "취급자:", "newPassword": "새 비밀번호 (10자 이상)", "confirmPassword": "새 비밀번호 확인",
        "setPassword": "비밀번호 설정", "passwordHelp": "이 링크는 한 번만 쓸 수 있습니다. 비밀번호는 일방향 암호화되어 저장되며 누구도 알 수 없습니다.",
        "linkDead": "이 링크는 이미 쓰였거나 만료되었습니다. 관리자에게 새 링크를 요청하십시오.",
        "passwordMismatch": "두 비밀번호가 다릅니다.",
        "provisionTitle": "제공 기록", "provisionIntro": "제3자 제공과 처리위탁으로 개인정보를 넘긴 기록입니다 (정보주체는 가명으로 표시).",
        "recipient": "받는 자", "noProvision": "이 달에 제공한 기록이 없습니다.", "usageTitle": "이용·제공 내역 통지 (제20조의2)",
        "usageHelp": "지난 한 해 동안 개인정보를 제공받은 정보주체 각자에게, 수집·이용 목적과 항목, 제공받은 자와 그 목적·항목을 연 1회 이상 알립니다.",
        "year": "연도", "sendNotices": "통지 발송", "onceAYear": "(한 해의 통지는 한 사람에게 한 번만 보냅니다)",
        "policyTitle": "처리방침", "versionsTitle": "게시한 버전", "version": "버전", "announced": "공고일", "effective": "시행일",
        "inForce": "시행 중", "freshConsentMark": "다시 동의 필요", "checkTitle": "새 처리방침 파일 검사",
        "checkHelp": "처리방침 파일(YAML)을 붙여 넣으면 법 기준에 맞는지 검사하고, 시행 중인 버전과 무엇이 달라지는지 보여 줍니다.",
        "policyFile": "처리방침 파일", "checkButton": "검사", "valid": "유효합니다", "invalid": "유효하지 않습니다", "problemsTitle": "문제",
        "changesAgainst": "시행 중인 버전과 달라지는 점", "noPolicyChanges": "달라지는 점이 없습니다.",
        "consentWarning": "표시한 변경은 정보주체의 동의를 다시 받아야 합니다 (개인정보 보호법 제15조제2항, 제17조제2항 등).",
        "publishHow": "게시하면 공개 처리방침에 개정 예정으로 바로 안내되고, 시행일부터 모든 서버가 이 버전대로 처리합니다. 게시한 버전은 고칠 수 없으며 이전 버전은 그대로 보관됩니다.",
        "publishButton": "이 버전 게시",
        "answerInPart": "일부만 처리", "answerInPartHelp": "법에 정한 사유로 처리하지 않을 부분을 고르십시오. 나머지는 처리하고, 답변에 처리하지 않은 부분과 사유, 이의 제기 방법을 알립니다.",
        "answerInPartButton": "고른 부분을 빼고 처리",
        "comingMark": "시행 예정",
        "peopleTitle": "정보주체 조회", "peopleIntro": "처리 목적을 고르면 그 목적으로 처리하는 항목만 보여 줍니다. 조회와 변경은 모두 접속기록에 남고, 역할이 부여하지 않은 목적이나 동의가 없는 목적은 거부됩니다.",
        "lookup": "찾을 항목", "externalID": "회원 ID (조직의 식별자)", "lookupValue": "값", "purpose": "처리 목적", "readButton": "조회",
        "valuesTitle": "조회한 정보", "notHeld": "없음 (수집되지 않았거나 분리·파기됨)", "item": "항목", "value": "내용",
        "changesTitle": "변경", "changesNeedID": "변경은 회원 ID로 찾은 경우에만 할 수 있습니다.",
        "correctLabel": "정정할 항목", "newValue": "올바른 내용", "correct": "정정", "consentLabel": "동의", "giveConsent": "동의 받음",
        "withdrawConsent": "동의 철회", "eventLabel": "생애주기 사건", "recordEvent": "기록",
        "event-membership_withdrawal": "회원 탈퇴", "event-contract_end": "계약 종료", "event-purpose_achieved": "목적 달성",
        "event-consent_withdrawal": "동의 철회", "event-last_activity": "마지막 이용",
        "disable": "사용 중지", "disableHelp": "세션과 토큰, 비밀번호가 즉시 효력을 잃습니다. 기록은 남습니다.",
        "secondFactorTitle": "2단계 인증", "code": "인증 앱의 6자리 코드", "verify": "확인",
        "secondFactorHelp": "이 계정의 역할은 비밀번호 외에 인증 앱(OTP)의 코드를 요구합니다 (개인정보의 안전성 확보조치 기준: 개인정보처리시스템 접속 시 안전한 인증).",
        "enrolHelp": "처음 한 번, 휴대전화의 인증 앱(Google Authenticator, Microsoft Authenticator 등)에 아래 키를 등록하고, 앱이 보여 주는 6자리 코드를 입력하십시오.",
        "secretKey": "설정 키 (직접 입력)", "uriLabel": "설정 URI (otpauth)", "resetSecondFactor": "2단계 인증 초기화 (휴대전화 분실 시; 다음 로그인 때 다시 등록)",
        "statusTitle": "지킴의 상태", "policyInForce": "시행 중인 처리방침", "nextVersion": "다음 개정(시행일)", "noNext": "예정된 개정 없음",
        "notices": "발송 대기 중인 통지", "failedNotices": "발송에 실패한 통지", "keys": "암호 키", "keyVersion": "현재 키 버전",
        "olderKeys": "이전 버전 키로 감싼 데이터 키 (jikim keys rotate로 다시 감쌈)", "checkpoint": "접속기록 최신 서명 체크포인트의 크기",
        "noCheckpoint": "아직 없음", "lastVerification": "접속기록 무결성 검증(jikim log verify)", "neverVerified": "아직 검증한 기록이 없습니다",
        "entries": "항목", "intact": "이상 없음", "tampered": "변조 발견: 첫 이상 항목",
    ]

    static let english: [String: String] = [
        "signInTitle": "Sign in to the privacy console", "actor": "Staff ID", "password": "Password", "signIn": "Sign in", "error": "Error",
        "signInNote": "Every sign-in, failure and sign-out is an access record. Repeated failures lock the account for a while.",
        "dashboardTitle": "What needs you today", "signedInAs": "Signed in as", "signOut": "Sign out", "sessionEnds": "session ends",
        "menuLabel": "Console menu",
        "requestsTitle": "People's requests in progress, by deadline", "number": "Number", "kind": "Request", "state": "State",
        "deadline": "Answer due by", "left": "Left", "overdue": "overdue", "provisional": "provisional",
        "noRequests": "No request is in progress.", "notHandler": "Your roles do not handle people's requests.",
        "overdueNote": "past their deadline.", "waitingCount": "Requests waiting for identity or an agent's authority to be confirmed:",
        "listTitle": "People's requests", "stateOpen": "in progress", "stateAll": "all", "stateClosed": "closed", "anyKind": "any kind",
        "overdueOnly": "overdue only", "filter": "Show", "noneFound": "No request matches.", "pages": "Pages", "page": "Page",
        "previous": "Previous", "next": "Next",
        "requestTitle": "Request", "filer": "Filed by", "received": "Received", "history": "History",
        "filer-person": "the person", "filer-agent": "an agent", "filer-staff": "staff (on paper, by phone)",
        "step": "Step", "at": "At", "by": "By", "actions": "Steps you can take", "answer": "Carry it out and answer",
        "answerHelp": "An access or transmission gives what is held; a correction, deletion, suspension or withdrawal is carried out; the person reads the answer on their status page.",
        "refuse": "Refuse", "ground": "Ground (the law's)", "note": "What to tell the person (at most 200 characters, no personal information)",
        "answered": "The answer is open to the person.", "closed": "This request is closed.",
        "waiting": "Waiting for the person's identity or an agent's authority to be confirmed.", "done": "Done.",
        "agentTitle": "The agent's authority", "agentRelation": "Relation stated", "document": "View the agent's document (recorded in the access log)",
        "documentHash": "The document's SHA-256", "confirmAgent": "Confirm the authority",
        "confirmAgentHelp": "If the document does not show the authority, refuse below on its ground (Decree Art. 46 and others).",
        "postpone": "Postpone", "postponeNote": "The reason, told to the person (at most 200 characters, no personal information)", "postponed": "Postponed:",
        "answerTitle": "The answer as the person sees it (recorded in the access log)",
        "destructionTitle": "Destruction", "destructionIntro": "Personal information whose retention has ended, counted by retention class; the information itself is never shown. Once approved, the next sweep destroys it beyond recovery and writes the destruction ledger (PIPA Art. 21).",
        "noBatches": "No destruction batch is waiting.", "batch": "Batch", "batch-proposed": "awaiting approval", "batch-approved": "approved",
        "batch-rejected": "rejected", "batch-done": "approved and carried out", "proposedAt": "Proposed", "proposals": "Count", "decidedBy": "Decided by", "retentionClass": "Retention class",
        "records": "Records", "approve": "Approve destruction", "reject": "Reject", "rejectReason": "Why (at most 200 characters, no personal information)",
        "batchesAwaiting": "Destruction batches awaiting approval:",
        "ledgerTitle": "Destruction ledger", "month": "Month", "show": "Show", "downloadCSV": "Download CSV", "noLedger": "Nothing was destroyed this month.",
        "lines": "Lines", "pseudonym": "Pseudonym", "items": "Items", "destroyed": "Destroyed", "reason": "Reason", "basis": "Basis",
        "method": "Method", "approvedBy": "Approved by",
        "reviewTitle": "Access review", "reviewActorTitle": "Access review in detail", "backToReview": "Back to the month's review", "byActor": "In detail, by actor",
        "raRecords": "Access records", "raIndex": "Log index", "raOperation": "Operation", "raPerson": "Person (pseudonym)", "raOutcome": "Outcome",
        "raSource": "Source", "raReason": "Reason", "raActivity": "The month's activity", "raAccesses": "Accesses",
        "raDays": "Days active", "raPeople": "People", "raOperations": "By operation", "raPurposes": "By purpose", "raItems": "By item",
        "raRefusals": "Refusals", "raSources": "Sources", "raAt": "When", "raRecordItems": "Items", "raPurpose": "Purpose", "raNone": "No access records of this actor in this month.", "findings": "Findings to look into:", "noFindings": "Nothing to look into this month.",
        "signOffTitle": "Sign-off", "digest": "The review's SHA-256:", "signedOffBy": "Signed off by", "signOffNote": "Note (at most 200 characters, no personal information)",
        "signOff": "Sign off this review", "monthNotOver": "The month can be signed off once it is over.", "reviewDocument": "The review",
        "signedOff": "signed off", "notSignedOff": "not signed off", "alreadySigned": "This review (its digest) is signed off; a changed review can be signed off again.",
        "signInsTitle": "Latest sign-ins", "signInsNote": "in all; the latest 20 (every one is in the access log)",
        "staffTitle": "Staff and roles", "actorKind": "Kind", "roles": "Roles", "disabled": "disabled", "locked": "locked",
        "kind-staff": "staff", "kind-service": "service", "addStaff": "Add staff", "add": "Add", "memberTitle": "Staff member",
        "noRoles": "No roles.", "revoke": "Revoke", "grantRole": "Role to grant", "grant": "Grant",
        "issueLink": "Issue a password link", "linkHelp": "A one-time link (valid 24 hours) by which they choose their own password, shown once.",
        "issueToken": "Issue a service token", "unlock": "Unlock", "rightsHistory": "History of rights (kept 3 years)", "role": "Role", "change": "Change",
        "shownOnce": "Shown this once. Hand it over safely:",
        "passwordTitle": "Set your password", "passwordFor": "Staff ID:", "newPassword": "New password (at least 10 characters)",
        "confirmPassword": "New password again", "setPassword": "Set password",
        "passwordHelp": "This link works once. The password is stored one-way; nobody can read it.",
        "linkDead": "This link was used or has expired. Ask an administrator for a new one.",
        "passwordMismatch": "The two passwords differ.",
        "provisionTitle": "Provision", "provisionIntro": "Personal information given to third parties and consignees (people under their pseudonyms).",
        "recipient": "Recipient", "noProvision": "Nothing was provided this month.", "usageTitle": "The yearly notice of use and provision (Art. 20-2)",
        "usageHelp": "Everyone whose information was provided last year is told, at least once a year, the purposes and items collected and the recipients with their purposes and items.",
        "year": "Year", "sendNotices": "Send the notices", "onceAYear": "(a year's notice goes to each person once)",
        "policyTitle": "Policy", "versionsTitle": "Published versions", "version": "Version", "announced": "Announced", "effective": "In force from",
        "inForce": "in force", "freshConsentMark": "fresh consent needed", "checkTitle": "Check a new policy file",
        "checkHelp": "Paste a policy file (YAML): it is checked against the law's rules and compared with the version in force.",
        "policyFile": "Policy file", "checkButton": "Check", "valid": "valid", "invalid": "invalid", "problemsTitle": "Problems",
        "changesAgainst": "What changes against the version in force", "noPolicyChanges": "Nothing changes.",
        "consentWarning": "The marked changes need people's consent again (PIPA Arts. 15(2), 17(2) and others).",
        "publishHow": "Once published, the public policy announces it as the coming version at once, and from its effective date every server enforces it. A published version cannot be changed; earlier versions are kept as they were.",
        "publishButton": "Publish this version",
        "answerInPart": "Answer in part", "answerInPartHelp": "Choose the part not to carry out on a ground the law gives. The rest is carried out, and the answer tells the person which part was not, why, and how to object.",
        "answerInPartButton": "Carry out all but the part chosen",
        "comingMark": "coming",
        "peopleTitle": "People", "peopleIntro": "Choose the purpose: only the items processed for it are shown. Every read and change is recorded in the access log; a purpose your roles do not grant, or one without the person's consent, is refused.",
        "lookup": "Find by", "externalID": "member ID (the organisation's)", "lookupValue": "Value", "purpose": "Purpose", "readButton": "Read",
        "valuesTitle": "What the purpose allows", "notHeld": "none (not collected, separated or destroyed)", "item": "Item", "value": "Value",
        "changesTitle": "Changes", "changesNeedID": "Changes can be made when the person is found by their member ID.",
        "correctLabel": "Item to correct", "newValue": "Correct value", "correct": "Correct", "consentLabel": "Consent", "giveConsent": "Given",
        "withdrawConsent": "Withdrawn", "eventLabel": "Lifecycle event", "recordEvent": "Record",
        "event-membership_withdrawal": "membership withdrawal", "event-contract_end": "contract end", "event-purpose_achieved": "purpose achieved",
        "event-consent_withdrawal": "consent withdrawal", "event-last_activity": "last activity",
        "disable": "Disable", "disableHelp": "Sessions, tokens and the password stop working at once; the records stay.",
        "secondFactorTitle": "Second factor", "code": "The 6-digit code from your authenticator app", "verify": "Verify",
        "secondFactorHelp": "Your roles take a code from an authenticator app after the password (the safety-measures standard's secure authentication for access to personal-information systems).",
        "enrolHelp": "Once: add the key below to an authenticator app on your phone (Google Authenticator, Microsoft Authenticator and the like), then enter the 6-digit code it shows.",
        "secretKey": "Setup key (to type in)", "uriLabel": "Setup URI (otpauth)", "resetSecondFactor": "Reset the second factor (a lost phone; enrolled again at the next sign-in)",
        "statusTitle": "Jikim itself", "policyInForce": "Policy in force", "nextVersion": "Next version (takes effect)", "noNext": "none announced",
        "notices": "Notices waiting to go out", "failedNotices": "Notices that could not be delivered", "keys": "Keys", "keyVersion": "Current key version",
        "olderKeys": "Data keys under an older key version (jikim keys rotate rewraps them)", "checkpoint": "Size of the access log's latest signed checkpoint",
        "noCheckpoint": "none yet", "lastVerification": "Last verification of the log (jikim log verify)", "neverVerified": "none noted yet",
        "entries": "entries", "intact": "intact", "tampered": "tampered: first bad entry",
    ]
}
