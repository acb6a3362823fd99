/// Part of a request not carried out on a ground the law gives, the rest being carried out: access limited to some
/// items (Art. 35(4)), items not corrected or deleted (Art. 36(1) proviso, 36(2)), purposes whose processing goes on
/// or consents kept (Art. 37(2)). The answer names the part, the ground and the route to object, as a refusal does
/// (Decree Arts. 42(2), 43(3), 44(2)).
public struct PartialRefusal: Sendable, Hashable, Codable {
    /// What is not carried out: items (access, transmission, correction, deletion of items), purposes (suspension) or
    /// consents (withdrawal).
    public var withheld: [Identifier]
    public var ground: RefusalGround
    /// For the person, no personal information (at most 200 characters).
    public var note: String?

    public init(withheld: [Identifier], ground: RefusalGround, note: String? = nil) {
        self.withheld = withheld
        self.ground = ground
        self.note = note
    }

    /// What a request of `kind` about `targets` can leave out under `policy`: the declared items for an access or
    /// transmission (the person may hold any), otherwise what the request names; empty when it cannot be answered in
    /// part (a deletion of the whole membership keeps by itself what a law requires, and says so in its answer).
    public static func candidates(for kind: RequestKind, targets: RequestTargets, policy: Policy) -> [Identifier] {
        switch kind {
        case .access, .transmission: policy.items.map(\.id)
        case .correction, .deletion: targets.items
        case .suspension: targets.purposes
        case .withdrawal: targets.consents
        }
    }

    /// Why this part cannot be left out of a request of `kind` about `targets` under `policy`; nil when it can.
    public func problem(for kind: RequestKind, targets: RequestTargets, policy: Policy) -> String? {
        let candidates = Self.candidates(for: kind, targets: targets, policy: policy)
        guard !candidates.isEmpty else {
            return "a deletion of the whole membership cannot be carried out in part: what a law keeps is kept by itself and its answer says so; carry it out, or refuse it"
        }
        guard !withheld.isEmpty, Set(withheld).count == withheld.count else {
            return "field withheld: name each part left out once"
        }
        if let unknown = withheld.first(where: { !candidates.contains($0) }) {
            return "field withheld: '\(unknown)' is not part of this request; one of \(candidates.joined(separator: ", "))"
        }
        if kind != .access, kind != .transmission, Set(withheld) == Set(candidates) {
            return "every part of the request would be left out: refuse it instead"
        }
        guard ground != .identityNotConfirmed, ground.applies(to: kind) else {
            let grounds = RefusalGround.allCases.filter { $0 != .identityNotConfirmed && $0.applies(to: kind) }.map(\.rawValue)
            return "field ground: for this request one of \(grounds.joined(separator: ", "))"
        }
        guard note == nil || AccessRules.isAcceptableReason(note) else {
            return "field note: at most 200 characters, with no e-mail address or long number (it is kept as written)"
        }
        return nil
    }
}
