import Foundation
import Hummingbird
import JikimCore
import JikimPublishing
import JikimStore
import JikimVault
import Logging
import ServiceLifecycle
import Synchronization

/// The edition in force, replaced whole when the store says a version was published or has taken effect: the store
/// is the authority, so every server on one store comes to the same version, and a version published to take effect
/// on a later day is enforced from that day without a restart.
public final class Editions: Sendable {
    private let edition: Mutex<Edition?>
    private let configuration: ServerConfiguration
    private let store: Store
    private let renderer: PolicyRenderer
    private let logger: Logger

    init(configuration: ServerConfiguration, store: Store, renderer: PolicyRenderer, logger: Logger) {
        edition = Mutex(nil)
        self.configuration = configuration
        self.store = store
        self.renderer = renderer
        self.logger = logger
    }

    /// The edition requests are answered with now; nil only before the first `refresh()`.
    var current: Edition? { edition.withLock { $0 } }

    /// Reads the store and, when a version has been published or has taken effect since the edition in force was
    /// built, builds the next edition and answers with it from the next request on. Two refreshes at once are
    /// harmless: an edition replaces only one it supersedes. Returns whether the edition changed.
    @discardableResult
    public func refresh() async throws -> Bool {
        let today = CivilDate(seoul: configuration.clock())
        if let current, try await !changed(since: current, today: today) { return false }
        let publication = try await PolicyPublication.load(from: store, today: today, renderer: renderer)
        let next = Edition.build(publication, day: today, configuration: configuration, store: store, renderer: renderer) { [weak self] in
            do {
                try await self?.refresh()
            } catch {
                self?.logger.error("the policy just published could not be taken up; it is tried again shortly", metadata: ["error": .string("\(error)")])
            }
        }
        let (replaced, old) = edition.withLock { current -> (Bool, Edition?) in
            if let old = current, !next.supersedes(old) { return (false, old) }
            defer { current = next }
            return (true, current)
        }
        guard replaced else { return false }
        if old?.publication.currentVersion != publication.currentVersion || old?.publication.published != publication.published {
            logger.notice("the privacy policy in force", metadata: [
                "version": .string(publication.currentVersion), "versions": .stringConvertible(publication.versions.count),
                "next": .string(publication.nextVersion.map { "\($0.id) from \($0.effective?.description ?? "-")" } ?? "none"),
            ])
        }
        return true
    }

    /// Whether a version was published, or the next one has taken effect, since `edition` was built.
    private func changed(since edition: Edition, today: CivilDate) async throws -> Bool {
        if let effective = edition.publication.nextVersion?.effective, effective <= today { return true }
        return try await PublishedPolicies(store: store).count() != edition.publication.published
    }
}

/// Answers each request with the edition in force when it arrives.
public struct EditionResponder: HTTPResponder {
    public let editions: Editions

    public func respond(to request: Request, context: JikimRequestContext) async throws -> Response {
        guard let edition = editions.current else {
            throw APIError(status: .serviceUnavailable, code: "starting", message: "Jikim is starting")
        }
        return try await edition.responder.respond(to: request, context: context)
    }
}

/// Asks the store every `interval` whether a version was published (by another server, or with
/// `jikim policy publish`) or has taken effect, and takes it up.
struct PolicyWatcher: Service {
    let editions: Editions
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
            do {
                try await editions.refresh()
            } catch {
                logger.error("the published policy could not be read; the version in force stays until the next try", metadata: ["error": .string("\(error)")])
            }
        }
    }
}
