import Foundation
import Hummingbird
import JikimAccessLog
import JikimCore
import JikimCrypto
import JikimPublishing
import JikimVault

/// The staff console (`/console`): server-rendered pages for the duties Jikim automates, each through the same vault
/// operation as the API and the command line. A session lives in an `HttpOnly`, `SameSite=Strict` cookie for
/// `/console` only and ends after `Vault.sessionIdleLimit` without a page; every form carries the page's CSRF token
/// (`FormProtection`, with its cookie on `/console`); what a page offers follows the duties of the staff member's
/// roles, and the vault checks them again. Pages work without script. The pages are grouped by duty:
/// `ConsoleController+Session` (sign-in, one-time password links, sign-out), `+Requests`, `+Destruction`, `+Review`
/// and `+Staff`.
struct ConsoleController {
    let vault: Vault
    let log: AccessLog
    let renderer: PolicyRenderer
    /// Every published version of the policy, the one in force and the next.
    let publication: PolicyPublication
    /// Publishes a new version of the policy into the store.
    let publisher: PolicyPublisher
    let language: @Sendable (Request) -> Language
    var clock: @Sendable () -> Date = Date.init
    /// Last month's review for the dashboard, shared with the API's sign-off.
    var reviews = ReviewSummaries()
    /// The state of Jikim for the dashboard, kept for a minute.
    var statuses = StatusSummaries()
    /// Takes up a version just published, so that the pages show it at once.
    var published: @Sendable () async -> Void = {}

    static let sessionCookie = "jikim_session"
    static let path = "/console"

    /// The signed-in staff member of a request.
    struct Staff {
        var actor: String
        var duties: Set<Duty>
        var readsPeople: Bool
        var sessionEnds: Date?
    }

    func addRoutes(to group: RouterGroup<JikimRequestContext>) {
        addSessionRoutes(to: group)
        addRequestRoutes(to: group)
        addDestructionRoutes(to: group)
        addReviewRoutes(to: group)
        addStaffRoutes(to: group)
        addPeopleRoutes(to: group)
        addPolicyRoutes(to: group)
        addProvisionRoutes(to: group)
        group.get { request, _ -> Response in
            guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
            var requests: [RequestSummary]?
            if staff.duties.contains(.handlesRequests) { requests = try await vault.requests(.open, limit: 200, by: staff.actor) }
            var batches: Int?
            if staff.duties.contains(.approvesDestruction) {
                batches = try await vault.destructionBatches().filter { $0.state == .proposed }.count
            }
            var month: String?, signed = false, findings = 0
            if staff.duties.contains(.reviewsAccessLog) {
                let last = CivilDate(seoul: clock()).previousMonth
                let summary = try await reviews.summary(of: last, log: log, thresholds: vault.policy.effectiveAccessLog.review, now: clock())
                month = last
                signed = summary.signed
                findings = summary.findings
            }
            let status = staff.duties.contains(.administers) || staff.duties.contains(.reviewsAccessLog)
                ? try await statuses.status(now: clock()) { try await self.status() } : nil
            return try page(request, staff) { chrome in
                try renderer.consoleDashboard(chrome, requests: requests, today: CivilDate(seoul: clock()), batchesAwaiting: batches,
                                              reviewMonth: month, reviewSigned: signed, reviewFindings: findings, status: status)
            }
        }
    }

    /// The policy in force and the next, the notices, the keys and the log, for the dashboard.
    func status() async throws -> ConsoleStatus {
        let next = publication.nextVersion
        let notices = try await vault.outboxSummary()
        let keys = try await vault.dataKeysByVersion()
        let current = vault.keyRing.currentVersion
        return ConsoleStatus(
            policyVersion: vault.policy.version.id, policyEffective: vault.policy.version.effective,
            nextVersion: next.flatMap { version in version.effective.map { (version.id, $0) } },
            noticesWaiting: notices.waiting, noticesFailed: notices.failed, keyVersion: current,
            dataKeysOnOlderVersions: keys.filter { $0.key != current }.values.reduce(0, +),
            checkpointSize: try await log.latestCheckpoint()?.size,
            verification: try await log.latestVerification().map { ($0.at, $0.entries, $0.intact, $0.firstBadIndex) })
    }

    // MARK: What every page shares

    /// The staff member the session cookie names, if it names a live session that has not been idle too long.
    func signedIn(_ request: Request) async throws -> Staff? {
        guard let token = cookie(request), let session = try await vault.touchSession(token: token) else { return nil }
        let purposes = try await vault.purposes(of: session.actor)
        return Staff(actor: session.actor, duties: try await vault.duties(of: session.actor),
                     readsPeople: purposes.contains { vault.policy.purpose($0) != nil }, sessionEnds: session.expires)
    }

    /// A page for `staff`, with its chrome; `body` renders it.
    func page(
        _ request: Request, _ staff: Staff, message: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok,
        _ body: (ConsoleChrome) throws -> String
    ) throws -> Response {
        let csrf = FormProtection.token(for: request, path: Self.path)
        let chrome = ConsoleChrome(organisation: vault.policy.organisation.name, actor: staff.actor, duties: staff.duties,
                                   readsPeople: staff.readsPeople, sessionEnds: staff.sessionEnds, csrf: csrf.token,
                                   language: language(request), message: message, error: error)
        return try html(try body(chrome), status: status, setCookie: csrf.setCookie)
    }

    /// Runs a posted step for a signed-in member of staff whose roles carry `duty` (checked again by the vault): the
    /// form is checked first (origin, CSRF token); then `body` takes the step and names the page to show after it
    /// (by a redirect, so that a reload takes nothing twice). A refusal or a bad step shows `failed`'s page with
    /// what went wrong.
    func post(
        _ request: Request, _ context: JikimRequestContext, duty: Duty?,
        failed: @escaping (Staff, String, HTTPResponse.Status) async throws -> Response,
        _ body: (Staff, FormFields) async throws -> String
    ) async throws -> Response {
        guard let staff = try await signedIn(request) else { return redirect("/console/sign-in", request) }
        let form: FormFields
        do {
            form = try await protectedForm(request)
        } catch let refusal as FormProtection.Refusal {
            return try await failed(staff, refusal.text(language(request)), refusal.status)
        }
        do {
            if let duty { try await vault.requireDuty(duty, of: staff.actor, source: context.source) }
            let location = try await body(staff, form)
            return Response(status: .seeOther, headers: [.location: location + (location.contains("?") ? "&" : "?") + "lang=\(language(request).rawValue)",
                                                         .cacheControl: "no-store"])
        } catch let error as VaultError {
            return try await failed(staff, describe(error, request), APIError(error).status)
        } catch let error as ConsoleError {
            return try await failed(staff, error.message, .badRequest)
        }
    }

    /// Refuses a page to staff whose roles lack `duty` (recorded), with the dashboard's words for it.
    func require(_ duty: Duty, _ staff: Staff, _ request: Request, _ context: JikimRequestContext) async throws -> Response? {
        do {
            try await vault.requireDuty(duty, of: staff.actor, source: context.source)
            return nil
        } catch {
            return try refused(request, staff, error)
        }
    }

    /// The page a refusal shows: the dashboard's frame with the refusal, 403.
    func refused(_ request: Request, _ staff: Staff, _ error: VaultError) throws -> Response {
        try page(request, staff, error: describe(error, request), status: .forbidden) { chrome in
            try renderer.consoleDashboard(chrome, requests: nil, today: CivilDate(seoul: clock()), batchesAwaiting: nil,
                                          reviewMonth: nil, reviewSigned: false, reviewFindings: 0)
        }
    }

    func cookie(_ request: Request) -> String? {
        FormProtection.cookie(named: Self.sessionCookie, in: request)
    }

    func protectedForm(_ request: Request) async throws -> FormFields {
        try FormProtection.checkOrigin(request)
        let form = try await FormFields.read(request, limit: 4 * 1024)
        try FormProtection.checkToken(request, form: form)
        return form
    }

    func redirect(_ location: String, _ request: Request) -> Response {
        let lang = language(request) == .en ? (location.contains("?") ? "&lang=en" : "?lang=en") : ""
        return Response(status: .seeOther, headers: [.location: location + lang, .cacheControl: "no-store"])
    }

    /// What the vault said, in the page's language.
    func describe(_ error: VaultError, _ request: Request) -> String {
        ConsoleErrors.text(error, language(request), policy: vault.policy)
    }

    func words(_ request: Request, _ korean: String, _ english: String) -> String {
        language(request) == .ko ? korean : english
    }
}

/// A step the console refuses before it reaches the vault: a field missing or out of bounds.
struct ConsoleError: Error {
    var message: String
}
