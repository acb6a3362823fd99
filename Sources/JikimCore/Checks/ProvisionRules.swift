enum ProvisionRules {
    /// Provision to a third party needs the person's separate consent or a statute; a contract is not enough (Art. 17).
    static let provisionBasis: PolicyChecker.Rule = { policy in
        var findings: [Diagnostic] = []
        for (index, provision) in policy.provisions.enumerated() {
            let path = PolicyPath.root["provisions"][index]
            switch provision.basis {
            case nil:
                findings.append(.error("provision-without-basis", at: path,
                    "provision to '\(provision.recipient.text(in: .en))' has no basis: give the consent or the statute it rests on",
                    article: "PIPA Art. 17(1)"))
            case let basis? where basis != .unstated && basis.members.allSatisfy({ if case .contract = $0 { true } else if case .legitimateInterest = $0 { true } else { false } }):
                findings.append(.error("provision-on-contract", at: path["basis"],
                    "provision to '\(provision.recipient.text(in: .en))' cannot rest on \(provision.basis?.name ?? ""); Art. 17 allows only the person's consent or a legal ground",
                    article: "PIPA Art. 17(1)"))
            case .consent(let id)?:
                if let consent = policy.consent(id), consent.kind != .provision, consent.kind != .overseasTransfer {
                    findings.append(.error("provision-consent-not-separate", at: path["basis"]["consent"],
                        "provision to '\(provision.recipient.text(in: .en))' rests on consent '\(id)' of kind \(consent.kind.rawValue); consent to provision is asked separately (kind provision)",
                        article: "PIPA Art. 17(2), Art. 22(1)"))
                }
            default:
                break
            }
            // Giving a resident registration number to anyone needs a statute that allows it, as collecting one does.
            if provision.basis?.statute == nil {
                for (itemIndex, id) in provision.items.enumerated() where policy.item(id)?.category == .residentRegistrationNumber {
                    findings.append(.error("resident-registration-number-provided-without-law", at: path["items"][itemIndex],
                        "provision to '\(provision.recipient.text(in: .en))' gives the resident registration number '\(id)', which only a statute can allow",
                        article: "PIPA Art. 24-2(1)"))
                }
            }
        }
        return findings
    }

    /// A transfer abroad discloses the country, when and how, the recipient's contact, retention and how to refuse.
    static let overseasDisclosures: PolicyChecker.Rule = { policy in
        var findings: [Diagnostic] = []
        func check(_ transfer: OverseasTransfer, retention: LocalizedText?, at path: PolicyPath) {
            let missing: [(String, Bool)] = [
                ("country", transfer.country?.isEmpty ?? true),
                ("when_and_how", transfer.whenAndHow?.isEmpty ?? true),
                ("contact", (transfer.contact ?? "").isEmpty),
                ("how_to_refuse", transfer.howToRefuse?.isEmpty ?? true),
                ("retention", retention?.isEmpty ?? true),
            ]
            for (field, isMissing) in missing where isMissing {
                // Declared as not stated: the policy is warned that it lacks the disclosure, and the render says so.
                if transfer.unstated.contains(field) {
                    findings.append(.warning("overseas-disclosure-unstated", at: path["overseas"][field],
                        "the policy does not disclose the transfer's \(field); it is rendered as not stated", article: "PIPA Art. 28-8(2), Decree Art. 31(1)"))
                    continue
                }
                findings.append(.error("overseas-disclosure-missing", at: field == "retention" ? path : path["overseas"],
                    "transfer abroad does not disclose \(field)\(field == "retention" ? "" : " (write unstated where the policy does not say)")",
                    article: "PIPA Art. 28-8(2), Decree Art. 31(1)"))
            }
        }
        for (index, provision) in policy.provisions.enumerated() {
            if let overseas = provision.overseas {
                check(overseas, retention: provision.retention, at: PolicyPath.root["provisions"][index])
            }
        }
        for (index, consignment) in policy.consignments.enumerated() {
            if let overseas = consignment.overseas {
                check(overseas, retention: consignment.period, at: PolicyPath.root["consignments"][index])
            }
        }
        return findings
    }
}
