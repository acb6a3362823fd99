enum PurposeRules {
    /// Every purpose rests on a legal basis (Art. 15(1)).
    static let purposeWithoutBasis: PolicyChecker.Rule = { policy in
        let purposes = policy.purposes.enumerated().compactMap { index, purpose -> Diagnostic? in
            switch purpose.basis {
            case nil:
                .error("purpose-without-basis", at: PolicyPath.root["purposes"][index],
                    "purpose '\(purpose.id)' has no legal basis: give consent, contract, law, public_duty, vital_interests or legitimate_interest, or write unstated if the policy states none",
                    article: "PIPA Art. 15(1)")
            case .unstated?:
                .warning("basis-unstated", at: PolicyPath.root["purposes"][index]["basis"],
                    "the policy states no legal basis for purpose '\(purpose.id)'; the render says so, and Jikim cannot hold processing to a basis it is not told",
                    article: "PIPA Art. 15(1), Art. 30(1)1")
            default: nil
            }
        }
        let provisions = policy.provisions.enumerated().compactMap { index, provision -> Diagnostic? in
            provision.basis == .unstated
                ? .warning("basis-unstated", at: PolicyPath.root["provisions"][index]["basis"],
                    "the policy states no legal basis for the provision to '\(provision.recipient.text(in: .en))'; the render says so",
                    article: "PIPA Art. 17(1)")
                : nil
        }
        return purposes + provisions
    }

    /// Every item is processed for some declared purpose; collecting for no purpose breaks minimisation (Art. 3(1)).
    static let itemWithoutPurpose: PolicyChecker.Rule = { policy in
        let used = Set(policy.purposes.flatMap(\.items))
        return policy.items.enumerated().compactMap { index, item in
            used.contains(item.id)
                ? nil
                : .error("item-without-purpose", at: PolicyPath.root["items"][index]["id"],
                    "item '\(item.id)' is not used by any purpose", article: "PIPA Art. 3(1), Art. 15(1)")
        }
    }

    /// Marketing needs a consent of its own, never bundled into the consent the service requires (Art. 22(1)7, 22(5)).
    static let marketingConsent: PolicyChecker.Rule = { policy in
        var findings: [Diagnostic] = []
        for (index, purpose) in policy.purposes.enumerated() {
            let path = PolicyPath.root["purposes"][index]["basis"]
            // An unstated basis is warned as such (basis-unstated); nothing more can be said of it.
            guard let basis = purpose.basis, basis != .unstated else { continue }
            guard let consentID = basis.consentID else {
                if purpose.marketing {
                    findings.append(.error("marketing-without-consent", at: path,
                        "marketing purpose '\(purpose.id)' must rest on a separate marketing consent, not on \(basis.name)",
                        article: "PIPA Art. 22(1)7"))
                }
                continue
            }
            guard let consent = policy.consent(consentID) else { continue }
            if purpose.marketing, consent.kind == .required {
                findings.append(.error("marketing-in-required-consent", at: path["consent"],
                    "marketing purpose '\(purpose.id)' is bundled into the required consent '\(consent.id)'; ask for it separately and let people refuse it",
                    article: "PIPA Art. 22(1)7, Art. 22(5)"))
            } else if purpose.marketing, consent.kind != .marketing {
                findings.append(.error("marketing-without-consent", at: path["consent"],
                    "marketing purpose '\(purpose.id)' rests on consent '\(consent.id)' of kind \(consent.kind.rawValue); it needs a consent of kind marketing",
                    article: "PIPA Art. 22(1)7"))
            } else if !purpose.marketing, consent.kind == .marketing {
                findings.append(.warning("marketing-consent-for-other-purpose", at: path["consent"],
                    "purpose '\(purpose.id)' rests on the marketing consent '\(consent.id)' but is not marked marketing: true"))
            }
        }
        return findings
    }

    /// Optional items rest on an optional consent: refusing them must not cost the person the service
    /// (Arts. 16(3), 22(5)).
    static let optionalItemsOnOptionalConsent: PolicyChecker.Rule = { policy in
        var findings: [Diagnostic] = []
        for (index, purpose) in policy.purposes.enumerated() {
            guard let basis = purpose.basis else { continue }
            let kind = basis.consentID.flatMap(policy.consent)?.kind
            guard basis == .contract || kind == .required else { continue }
            for (position, id) in purpose.items.enumerated() {
                guard let item = policy.item(id), !item.required else { continue }
                findings.append(.warning("optional-item-on-required-basis", at: PolicyPath.root["purposes"][index]["items"][position],
                    "optional item '\(id)' is processed for '\(purpose.id)' on \(kind == .required ? "the required consent" : "contract"); optional items need an optional consent that people can refuse without losing the service",
                    article: "PIPA Art. 16(3), Art. 22(5)"))
            }
        }
        return findings
    }

    /// Unique identifiers and sensitive information need a law or a consent asked separately (Arts. 23, 24, 24-2).
    static let specialCategories: PolicyChecker.Rule = { policy in
        var findings: [Diagnostic] = []
        for (index, purpose) in policy.purposes.enumerated() {
            guard let basis = purpose.basis else { continue }
            let path = PolicyPath.root["purposes"][index]
            let special = purpose.items.compactMap(policy.item)
            for item in special {
                let consentKind = basis.consentID.flatMap(policy.consent)?.kind
                // A policy that states no basis is not told it has the wrong one: it is warned that only a statute or a
                // separate consent allows this item, and the render says the basis is not stated.
                if basis == .unstated {
                    if let article = item.category.specialArticle {
                        findings.append(.warning("special-category-basis-unstated", at: path["basis"],
                            "purpose '\(purpose.id)' processes '\(item.id)' (\(item.category.rawValue)) and the policy states no basis; only a statute or a separate consent allows it",
                            article: article))
                    }
                    continue
                }
                switch item.category {
                case .residentRegistrationNumber:
                    if basis.statute == nil {
                        findings.append(.error("resident-registration-number-without-law", at: path["basis"],
                            "purpose '\(purpose.id)' processes the resident registration number '\(item.id)', which only a statute can allow",
                            article: "PIPA Art. 24-2(1)"))
                    }
                case .passportNumber, .driverLicenceNumber, .alienRegistrationNumber:
                    if basis.statute == nil, consentKind != .uniqueIdentifier {
                        findings.append(.error("unique-identifier-without-separate-consent", at: path["basis"],
                            "purpose '\(purpose.id)' processes the unique identifier '\(item.id)' without a statute or a separate consent of kind unique_identifier",
                            article: "PIPA Art. 24(1)"))
                    }
                case .sensitive, .biometric:
                    if basis.statute == nil, consentKind != .sensitive {
                        findings.append(.error("sensitive-without-separate-consent", at: path["basis"],
                            "purpose '\(purpose.id)' processes the sensitive item '\(item.id)' without a statute or a separate consent of kind sensitive",
                            article: "PIPA Art. 23(1)"))
                    }
                default:
                    break
                }
            }
        }
        return findings
    }
}

extension LegalBasis {
    /// How the basis is spelt in the policy file.
    public var name: String {
        switch self {
        case .consent: "consent"
        case .contract: "contract"
        case .law: "law"
        case .publicDuty: "public_duty"
        case .vitalInterests: "vital_interests"
        case .legitimateInterest: "legitimate_interest"
        case .several(let bases): bases.map(\.name).joined(separator: " and ")
        case .unstated: "unstated"
        }
    }
}

extension ItemCategory {
    /// The article that allows processing an item of this category only on a statute or a separate consent, if any.
    var specialArticle: String? {
        switch self {
        case .residentRegistrationNumber: "PIPA Art. 24-2(1)"
        case .passportNumber, .driverLicenceNumber, .alienRegistrationNumber: "PIPA Art. 24(1)"
        case .sensitive, .biometric: "PIPA Art. 23(1)"
        default: nil
        }
    }
}
