import Metrics

/// What the store's commits show an operator at `/metrics`: how long the database takes to make a commit durable,
/// and how many transactions share one (group commit). Every read waits for its access record's commit, so on
/// SQLite, where the commit's time is the write-ahead log's write and `fsync`, a slow disk shows here before it
/// shows in the requests' latency.
struct CommitMetrics: Sendable {
    let duration: Timer
    let transactions: Recorder

    init(factory: any MetricsFactory) {
        duration = Timer(label: Store.commitDurationMetric, preferredDisplayUnit: .seconds, factory: factory)
        transactions = Recorder(label: Store.commitTransactionsMetric, factory: factory)
    }
}

extension Store {
    /// The time a `COMMIT` takes, in seconds (a histogram in Prometheus).
    public static let commitDurationMetric = "jikim_store_commit_duration_seconds"
    /// The transactions a group commit made durable at once (a histogram in Prometheus).
    public static let commitTransactionsMetric = "jikim_store_commit_transactions"
}
