import Foundation
import Logging
import Metrics
import PostgresKit
import SQLKit

extension Store {
    /// Opens the PostgreSQL database at `url` (`postgres://user:password@host:port/database`) and brings its schema
    /// up to date. `schema`, when given, is created if absent and holds all of Jikim's tables — one database can so
    /// hold several stores (the tests use one schema each). The commits' metrics go to `metrics`.
    public static func openPostgres(
        url: String, schema: String? = nil, logger: Logger = Logger(label: "jikim.store"), metrics: any MetricsFactory = MetricsSystem.factory
    ) async throws(StoreError) -> Store {
        let configuration: SQLPostgresConfiguration
        do {
            configuration = try SQLPostgresConfiguration(url: url)
        } catch {
            throw .badDatabaseURL(redacted(url))
        }
        let location = redacted(url) + (schema.map { " (schema \($0))" } ?? "")
        if let schema, !schema.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            throw .cannotOpen(path: location, reason: "the schema name may hold only letters, digits and '_'")
        }
        let writer: PostgresConnection
        let reader: PostgresConnection
        do {
            writer = try await PostgresConnection.connect(configuration: configuration.coreConfiguration, id: 1, logger: logger)
        } catch {
            throw .cannotOpen(path: location, reason: describe(error))
        }
        do {
            reader = try await PostgresConnection.connect(configuration: configuration.coreConfiguration, id: 2, logger: logger)
        } catch {
            try? await writer.close()
            throw .cannotOpen(path: location, reason: describe(error))
        }
        let store = Store(backend: .postgres(writer: writer, reader: reader), location: location, metrics: metrics)
        do {
            if let schema {
                try await store.writer.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
                for connection in [store.writer, store.sql] {
                    try await connection.raw("SET search_path TO \(ident: schema)").run()
                }
            }
        } catch {
            try? await store.close()
            throw .cannotOpen(path: location, reason: describe(error))
        }
        do {
            try await Migrations.run(on: store)
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }

    /// The location a store at `url` is reported under (for tests of the messages).
    public static func redactedForTests(_ url: String) -> String { redacted(url) }

    /// The URL without its password, for messages and logs.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "the database URL" }
        if components.password != nil { components.password = "redacted" }
        return components.string ?? "the database URL"
    }

    /// PostgreSQL's own message when there is one, without bind values.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return "\(error.code)"
        }
        return String(describing: error)
    }
}
