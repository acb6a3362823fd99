import JikimCore

/// Why the vault refused or failed an operation. Messages name items and positions, never values.
public enum VaultError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rules refused access; the refusal was recorded.
    case refused(AccessRefusal)
    case undeclaredItem(Identifier)
    case undeclaredCategory(Identifier)
    case undeclaredConsent(Identifier)
    case undeclaredRole(Identifier)
    case invalidValue(item: Identifier, ValueError)
    /// Another person already has this identity value (e-mail, phone, user ID).
    case duplicateIdentity(item: Identifier)
    case unknownSubject
    case unknownActor(String)
    /// One-way secrets can be verified, never read.
    case secretNotReadable(Identifier)
    /// The values protected by a destroyed data key cannot be read.
    case destroyed(Identifier)
    case weakPassword(minimumLength: Int)
    /// A lifecycle event that cannot be recorded as given.
    case invalidEvent(String)
    /// The item is kept in separate storage: only the retention rule that keeps it may read it.
    case separated(item: Identifier, rule: String)
    /// A legal hold, a batch or a reason that cannot be used as given.
    case invalidRetentionRequest(String)
    /// A request under Arts. 35–38 that cannot be filed or carried out as given.
    case invalidRequest(String)
    /// No request has this number, or the follow token does not match it.
    case unknownRequest
    /// The request's state does not allow the step.
    case requestStep(String)
    /// The one-time code did not match, has expired, or too many were tried.
    case verificationFailed(String)
    /// The operation reached a value its access decision did not allow: a fault in Jikim, answered as a failure.
    case notAuthorised(item: Identifier)
    case storage(String)

    public var description: String {
        switch self {
        case .refused(let refusal): "refused: \(refusal)"
        case .undeclaredItem(let item): "item '\(item)' is not declared in the policy"
        case .undeclaredCategory(let category): "data-subject category '\(category)' is not declared in the policy"
        case .undeclaredConsent(let consent): "consent '\(consent)' is not declared in the policy"
        case .undeclaredRole(let role): "role '\(role)' is not declared in the policy"
        case .invalidValue(let item, let error): "item '\(item)': \(error)"
        case .duplicateIdentity(let item): "another person already has this \(item)"
        case .unknownSubject: "no such person"
        case .unknownActor(let actor): "actor '\(actor)' does not exist"
        case .secretNotReadable(let item): "item '\(item)' is stored one-way: it can be verified, never read"
        case .destroyed(let item): "item '\(item)' has been destroyed"
        case .weakPassword(let length): "a password must have at least \(length) characters"
        case .invalidEvent(let reason): "cannot record the event: \(reason)"
        case .separated(let item, let rule):
            "item '\(item)' is kept separately under retention rule '\(rule)': it can be read only for that rule, by a role that grants it"
        case .invalidRetentionRequest(let reason): reason
        case .invalidRequest(let reason): reason
        case .unknownRequest: "no such request, or the follow token does not match it"
        case .requestStep(let reason): reason
        case .verificationFailed(let reason): reason
        case .notAuthorised(let item): "item '\(item)' is outside what the access decision allowed"
        case .storage(let reason): "the store failed: \(reason)"
        }
    }
}
