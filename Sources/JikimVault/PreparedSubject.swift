import Crypto
import Foundation
import JikimCore
import JikimCrypto

/// A person ready to be written: values checked against their types, encrypted, hashed and indexed, before any
/// transaction starts, so that the transaction holds only the writes.
struct PreparedSubject: Sendable {
    var id: String
    var pseudonym: String
    var external: Data
    var categories: [Identifier]
    var items: [Identifier]
    var consents: [ConsentEvent]
    var dataKeys: [(retentionClass: String, wrapped: WrappedKey)]
    var values: [(item: Identifier, retentionClass: String, sealed: Data)]
    var secrets: [(item: Identifier, hash: String)]
    var lookups: [(item: Identifier, digest: Data)]
    /// The first day retention has something to do for the person (a dormancy notice), if any.
    var due: CivilDate?
}

extension Vault {
    /// Checks `subject` against the policy and encrypts it; throws the first problem found.
    func prepare(_ subject: NewSubject, at now: Date) throws(VaultError) -> PreparedSubject {
        for category in subject.categories where !policy.subjects.isEmpty && !policy.subjects.contains(where: { $0.id == category }) {
            throw .undeclaredCategory(category)
        }
        var checked: [(item: Item, value: String)] = []
        for (id, raw) in subject.values.sorted(by: { $0.key < $1.key }) {
            guard let item = policy.item(id) else { throw .undeclaredItem(id) }
            switch item.type.canonical(raw) {
            case .success(let value): checked.append((item, value))
            case .failure(let error): throw .invalidValue(item: id, error)
            }
        }
        for consent in subject.consents where policy.consent(consent) == nil { throw .undeclaredConsent(consent) }

        let id = SubjectID.next(at: now)
        var prepared = PreparedSubject(
            id: id, pseudonym: cipher.pseudonym(id), external: cipher.blindIndex(subject.externalID, item: "external id"),
            categories: subject.categories, items: checked.map(\.item.id),
            consents: subject.consents.map {
                ConsentEvent(consent: $0, action: .given, at: now, channel: subject.channel, policyVersion: policy.version.id)
            },
            dataKeys: [], values: [], secrets: [], lookups: []
        )
        let classes = Set(checked.map { RetentionClass.of($0.item.id, in: policy) })
        let today = CivilDate(seoul: now)
        let schedule = RetentionSchedule(classes: classes, history: LifecycleHistory(collectedAt: now, categories: subject.categories), policy: policy)
        let plan = RetentionPlan(schedule: schedule, state: RetentionState(classes: Dictionary(uniqueKeysWithValues: classes.map { ($0, .ordinary) })),
                                 today: today, approvalRequired: approvalRequired)
        prepared.due = plan.actions.contains(where: \.isWork) ? today : plan.nextDue
        do {
            var keys: [String: SymmetricKey] = [:]
            for (item, value) in checked {
                if item.identity {
                    prepared.lookups.append((item.id, cipher.blindIndex(item.type.lookupKey(value), item: item.id)))
                }
                if item.protection == .oneWay {
                    prepared.secrets.append((item.id, try passwords.hash(value)))
                    continue
                }
                let retentionClass = RetentionClass.of(item.id, in: policy)
                let key: SymmetricKey
                if let existing = keys[retentionClass] {
                    key = existing
                } else {
                    let (fresh, wrapped) = try cipher.newDataKey(subject: id, retentionClass: retentionClass)
                    prepared.dataKeys.append((retentionClass, wrapped))
                    keys[retentionClass] = fresh
                    key = fresh
                }
                prepared.values.append((item.id, retentionClass, try cipher.seal(value, item: item.id, subject: id, key: key)))
            }
        } catch {
            throw .storage("cannot encrypt: \(error)")
        }
        return prepared
    }
}
