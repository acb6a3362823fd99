import Foundation
import JikimStore
import Metrics
import SQLKit

/// The databases the store and vault suites run against: SQLite always, and PostgreSQL when
/// `JIKIM_TEST_POSTGRES_URL` names a server (`.ci/run` starts one; `scripts/postgres-test-server start` prints the
/// URL). Each store the suites open is fresh: a new directory, or a new schema.
public enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    /// SQLite, and PostgreSQL when a server is configured.
    public static var available: [TestBackend] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["JIKIM_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public var description: String { rawValue }

    /// A fresh, empty store, and what to pass to `discard` afterwards; its commits' metrics go to `metrics`.
    public func open(metrics: any MetricsFactory = MetricsSystem.factory) async throws -> TestStore {
        let name = "jikim_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
            return TestStore(store: try await Store.openSQLite(directory: directory, metrics: metrics), directory: directory, schema: nil)
        case .postgres:
            guard let url = Self.postgresURL else { throw TestBackendError.noPostgres }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            return TestStore(store: try await Store.openPostgres(url: url, schema: name, metrics: metrics), directory: directory, schema: name)
        }
    }
}

/// A store opened for one test, with its data directory (for key files and the like) and, on PostgreSQL, its schema.
public struct TestStore: Sendable {
    public let store: Store
    public let directory: String
    public let schema: String?

    /// Closes the store and removes what the test left.
    public func discard() async {
        if let schema { try? await store.sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
        try? await store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

public enum TestBackendError: Error, CustomStringConvertible {
    case noPostgres
    public var description: String { "JIKIM_TEST_POSTGRES_URL is not set" }
}
