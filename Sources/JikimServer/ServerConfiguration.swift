import Foundation
import JikimStore
import Logging

/// How `jikim serve` runs: where it listens and which policy it publishes.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The policy file; the bundled demo policy when nil.
    public var policyFile: String?
    /// Templates that replace the bundled ones.
    public var templateDirectory: String?
    /// Where the embedded database lives, and the key files.
    public var dataDirectory: String
    /// A `postgres://` URL: the store is then PostgreSQL instead of SQLite in the data directory.
    public var databaseURL: String?
    /// How often the access log's head is signed while entries arrive.
    public var checkpointInterval: Duration = .seconds(5)

    public init(
        host: String = "127.0.0.1", port: Int = 8080, policyFile: String? = nil, templateDirectory: String? = nil,
        dataDirectory: String = "jikim-data", databaseURL: String? = nil
    ) {
        self.databaseURL = databaseURL
        self.host = host
        self.port = port
        self.policyFile = policyFile
        self.templateDirectory = templateDirectory
        self.dataDirectory = dataDirectory
    }

    /// The demo policy bundled with Jikim: a fictional shop with two versions.
    public static var demoPolicyFile: String? {
        Bundle.module.resourceURL?.appendingPathComponent("DemoPolicy/policy.yaml").path
    }
}

extension ServerConfiguration {
    /// Opens the store the configuration names.
    public func openStore(logger: Logger = Logger(label: "jikim.store")) async throws(StoreError) -> Store {
        if let databaseURL { try await Store.openPostgres(url: databaseURL, logger: logger) } else {
            try await Store.openSQLite(directory: dataDirectory, logger: logger)
        }
    }
}
