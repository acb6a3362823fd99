import Foundation
import JikimCrypto
import JikimStore
import Logging
import Prometheus

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
    /// The key ring, when there is one (`jikim init` makes it): without it nothing can be read or destroyed, so
    /// the retention sweeps and the notifier do not run.
    public var keys: KeyRing?
    /// How often the retention sweep looks for what is due (a sweep with nothing due reads one index entry).
    public var sweepInterval: Duration = .seconds(60)
    /// How often the outbox is looked at for notices to deliver.
    public var deliveryInterval: Duration = .seconds(10)
    /// How often the store is asked whether a version of the policy was published elsewhere or has taken effect: a
    /// version published by another server or by `jikim policy publish`, or taking effect at midnight, is in force
    /// here within this long.
    public var policyCheckInterval: Duration = .seconds(30)
    /// Where notices go: a webhook (an SMS or messaging gateway), and an SMTP server for e-mail addresses.
    public var notices = NoticeDelivery()
    /// Where the metrics swift-metrics records are collected, served at `/metrics` in Prometheus's text format.
    /// The process bootstraps swift-metrics with it once (`jikim serve` does).
    public var metrics = PrometheusCollectorRegistry()
    /// The clock the vault decides with; tests set one to move through deadlines and retention periods.
    public var clock: @Sendable () -> Date = Date.init

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

/// Where the notifier hands notices on.
public struct NoticeDelivery: Sendable {
    public var webhook: URL?
    public var webhookToken: String?
    public var smtpHost: String?
    public var smtpPort = 25
    public var smtpFrom: String?

    public init(webhook: URL? = nil, webhookToken: String? = nil, smtpHost: String? = nil, smtpPort: Int = 25, smtpFrom: String? = nil) {
        self.webhook = webhook
        self.webhookToken = webhookToken
        self.smtpHost = smtpHost
        self.smtpPort = smtpPort
        self.smtpFrom = smtpFrom
    }
}

extension ServerConfiguration {
    /// Opens the store the configuration names, its commits' metrics recorded in `metrics`.
    public func openStore(logger: Logger = Logger(label: "jikim.store")) async throws(StoreError) -> Store {
        if let databaseURL { try await Store.openPostgres(url: databaseURL, logger: logger, metrics: metricsFactory) } else {
            try await Store.openSQLite(directory: dataDirectory, logger: logger, metrics: metricsFactory)
        }
    }

    /// A metrics factory that records into `metrics`, with buckets for the store's commits: a commit takes well under
    /// a millisecond when the disk is well, below the default buckets' first (5 ms).
    public var metricsFactory: PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: metrics)
        factory.durationHistogramBuckets[Store.commitDurationMetric] = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
        ]
        factory.valueHistogramBuckets[Store.commitTransactionsMetric] = [1, 2, 4, 8, 16, 32, 64, 128, 256]
        return factory
    }
}
