import Foundation
import JikimCore
import JikimStore

/// The duties a role carries beside purposes, for the steps that are not a person's values: reading the access log's
/// review and signing it off, approving destruction, administering staff and policy versions.
extension Vault {
    /// Requires `actor` to exist, be enabled, and hold a role that reviews the access log (`reviews_access_log`).
    public func requireLogReviewer(_ actor: String, source: String? = nil) async throws(VaultError) {
        try await requireDuty(.reviewsAccessLog, of: actor, source: source)
    }

    /// Requires `actor` to exist, be enabled, and hold a role that carries `duty`; a refusal is an access record.
    public func requireDuty(_ duty: Duty, of actor: String, source: String? = nil) async throws(VaultError) {
        let now = clock()
        let refusal: AccessRefusal = duty == .reviewsAccessLog ? .roleDoesNotReview(actor: actor) : .roleLacksDuty(actor: actor, duty: duty)
        try await decided { sql -> Decided<Void> in
            switch AccessRules.decideDuty(duty, actor: actor, roles: try await roles(of: actor, in: sql), operation: .read,
                                          purpose: duty.rawValue, under: policy, otherwise: refusal) {
            case .success: return .done(())
            case .failure(let refusal):
                return .refused(refusal, AccessRecord(actor: actor, at: now, source: source, subject: "-", operation: .read,
                                                      purpose: duty.rawValue, items: [], outcome: .refused(code: refusal.code)))
            }
        }
    }

    /// The duties `actor`'s roles carry; empty when the actor is unknown or disabled.
    public func duties(of actor: String) async throws(VaultError) -> Set<Duty> {
        do {
            let held = try await store.read { sql in try await self.roles(of: actor, in: sql) } ?? []
            let declared = held.compactMap(policy.role)
            return Set(Duty.allCases.filter { duty in
                declared.contains(where: duty.isCarried)
            })
        } catch {
            throw .storage(String(describing: error))
        }
    }

    /// The purposes `actor`'s roles grant (retention rules among them, for separate storage); empty when the actor is
    /// unknown or disabled.
    public func purposes(of actor: String) async throws(VaultError) -> Set<Identifier> {
        do {
            return try await store.read { sql in try await self.grantedPurposes(of: actor, in: sql) } ?? []
        } catch {
            throw .storage(String(describing: error))
        }
    }
}
