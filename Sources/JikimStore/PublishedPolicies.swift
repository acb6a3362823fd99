import JikimCore
import Foundation
import SQLKit

/// A version of the privacy policy as it was published: its source is kept so that it stays available unchanged.
public struct PublishedPolicy: Sendable, Equatable {
    public var id: String
    public var effective: String?
    public var announced: String?
    /// The policy file's text as published.
    public var source: String
    public var publishedAt: String
    /// The actor who published it; nil for a version `jikim serve` published from its policy file.
    public var publishedBy: String?

    public init(id: String, effective: String?, announced: String?, source: String, publishedAt: String = "", publishedBy: String? = nil) {
        self.id = id
        self.effective = effective
        self.announced = announced
        self.source = source
        self.publishedAt = publishedAt
        self.publishedBy = publishedBy
    }
}

/// Every version of the privacy policy ever published from this store. A published version never changes.
public struct PublishedPolicies: Sendable {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        /// The version was published before with other content; a change needs a new version id.
        case changedAfterPublication(String)
        /// The check of the new version against those published refused it, for the reasons given.
        case refused([String])
        case storage(String)

        public var description: String {
            switch self {
            case .changedAfterPublication(let id):
                "version '\(id)' was already published with different content; a published version cannot change, so give the changed policy a new version id"
            case .refused(let reasons): reasons.joined(separator: "\n")
            case .storage(let reason): "the store failed: \(reason)"
            }
        }
    }

    let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Publishes the versions not yet published, in one transaction; refuses all of them if any published version
    /// would change.
    public func publish(_ versions: [PublishedPolicy]) async throws(Failure) {
        do {
            try await store.transaction { sql in
                for version in versions {
                    let existing = try await sql.select().column("source").from("policy_versions")
                        .where("id", .equal, SQLBind(version.id)).first()
                    if let existing {
                        guard try existing.decode(column: "source", as: String.self) == version.source else {
                            throw Failure.changedAfterPublication(version.id)
                        }
                        continue
                    }
                    try await sql.insert(into: "policy_versions")
                        .columns("id", "effective", "announced", "source", "published_at")
                        .values(SQLBind(version.id), SQLBind(version.effective), SQLBind(version.announced),
                                SQLBind(version.source), SQLBind(Timestamp.now()))
                        .run()
                }
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// Publishes one new version by `actor` at `at`, after `check` has found nothing against it among the versions
    /// published so far, all in one transaction: two servers publishing at once take turns (the table is locked on
    /// PostgreSQL; SQLite has one writer), so each checks against what the other published. `check` returns the
    /// reasons to refuse, if any.
    public func publish(
        _ version: PublishedPolicy, by actor: String, at: Date, check: @escaping @Sendable ([PublishedPolicy]) -> [String]
    ) async throws(Failure) {
        do {
            try await store.transaction { sql in
                if store.isPostgres { try await sql.raw("LOCK TABLE policy_versions IN EXCLUSIVE MODE").run() }
                let reasons = check(try await Self.rows(sql))
                guard reasons.isEmpty else { throw Failure.refused(reasons) }
                try await sql.insert(into: "policy_versions")
                    .columns("id", "effective", "announced", "source", "published_at", "published_by")
                    .values(SQLBind(version.id), SQLBind(version.effective), SQLBind(version.announced),
                            SQLBind(version.source), SQLBind(Timestamp.string(at)), SQLBind(actor))
                    .run()
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// All published versions, newest effective date first.
    public func all() async throws(Failure) -> [PublishedPolicy] {
        do {
            return try await Self.rows(store.sql)
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// How many versions are published: versions are only ever added, so a count that has not moved means nothing
    /// new was published.
    public func count() async throws(Failure) -> Int {
        do {
            return try await store.sql.raw("SELECT COUNT(*) AS n FROM policy_versions").first()?.decode(column: "n", as: Int.self) ?? 0
        } catch {
            throw .storage(String(describing: error))
        }
    }

    private static func rows(_ sql: any SQLDatabase) async throws -> [PublishedPolicy] {
        try await sql.select().columns("id", "effective", "announced", "source", "published_at", "published_by")
            .from("policy_versions").orderBy("effective", .descending).all()
            .map { row in
                PublishedPolicy(
                    id: try row.decode(column: "id", as: String.self),
                    effective: try row.decode(column: "effective", as: String?.self),
                    announced: try row.decode(column: "announced", as: String?.self),
                    source: try row.decode(column: "source", as: String.self),
                    publishedAt: try row.decode(column: "published_at", as: String.self),
                    publishedBy: try row.decode(column: "published_by", as: String?.self)
                )
            }
    }
}
