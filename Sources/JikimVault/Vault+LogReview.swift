import JikimCore
import JikimStore

/// Who may read the access log's monthly review and sign it off over the API.
extension Vault {
    /// Requires `actor` to exist, be enabled, and hold a role that reviews the access log (`reviews_access_log`).
    public func requireLogReviewer(_ actor: String) async throws(VaultError) {
        do {
            try await store.read { sql in
                _ = try await requireDuty(.reviewsAccessLog, of: actor, operation: .read, purpose: "access-log-review",
                                          otherwise: .roleDoesNotReview(actor: actor), in: sql)
            }
        } catch let error as VaultError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
    }
}
