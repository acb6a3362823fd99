import JikimStore
import JikimTestSupport

/// Writes `MonthOfActivity` (November 2026) into the store of a data directory made by `jikim init`: the actors,
/// their earlier source addresses, and the month's entries through the access log, so that
/// `jikim log review --month 2026-11` can be read as a privacy officer reads it.
func writeMonthOfActivity(directory: String) async throws {
    let store = try await Store.openSQLite(directory: directory)
    try await MonthOfActivity.record(in: store)
    try await store.close()
    print("wrote \(MonthOfActivity.entries.count) entries of \(MonthOfActivity.month) into \(directory)")
}
