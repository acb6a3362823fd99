/// What people's requests (Arts. 35–38) need from the policy: a contact to confirm identity through, staff who
/// answer, and recipients that can be named in the provision ledger.
enum RightsRequestChecks {
    /// A verifiable item is an identity item of type e-mail or phone: the person names it to be found, and the code
    /// goes to the value stored, not to the one typed.
    static let verifiableContacts: PolicyChecker.Rule = { policy in
        policy.items.enumerated().compactMap { index, item in
            guard item.verifiable, !(item.identity && (item.type == .email || item.type == .phone)) else { return nil }
            return .error("unverifiable-contact", at: PolicyPath.root["items"][index]["verifiable"],
                "item '\(item.id)' is marked verifiable: it must be an identity item (identity: true) of type email or phone",
                article: "Decree Art. 46")
        }
    }

    /// People may file requests through a form only where a contact can confirm who they are, and someone must answer.
    static let requestHandling: PolicyChecker.Rule = { policy in
        var findings: [Diagnostic] = []
        if !policy.roles.isEmpty, !policy.roles.contains(where: \.handlesRequests) {
            findings.append(.warning("no-request-handler", at: PolicyPath.root["roles"],
                "no role handles people's requests (handles_requests: true): requests can be filed but no staff member can answer them",
                article: "PIPA Arts. 35–38"))
        }
        if !policy.items.isEmpty, !policy.items.contains(where: \.verifiable) {
            findings.append(.warning("no-verifiable-contact", at: PolicyPath.root["items"],
                "no item is verifiable: people cannot confirm their identity with a one-time code, so staff must file their requests for them",
                article: "Decree Art. 46"))
        }
        if let rights = policy.rights, rights.transmission, rights.keepRequests.approximateDays < RightsExercise.defaultKeepRequests.approximateDays {
            let keep = rights.keepRequests
            findings.append(.warning("request-records-retention", at: PolicyPath.root["rights"]["keep_requests"],
                "records of requests are kept \(keep), less than the 3 years records of transmission requests are kept",
                article: "PIPA Art. 35-2"))
        }
        return findings
    }

    /// Where destruction waits for approval, some role must be able to give it.
    static let staffDuties: PolicyChecker.Rule = { policy in
        guard !policy.roles.isEmpty else { return [] }
        var findings: [Diagnostic] = []
        if policy.destruction?.approval == .officer, !policy.roles.contains(where: \.approvesDestruction) {
            findings.append(.warning("no-destruction-approver", at: PolicyPath.root["roles"],
                "destruction waits for approval (destruction.approval: officer) but no role approves it (approves_destruction: true): only the command line can",
                article: "PIPA Art. 21; safety standard Art. 13"))
        }
        return findings
    }

    /// Provisions and consignments are named by one id in the provision ledger.
    static let recipientIDs: PolicyChecker.Rule = { policy in
        var seen = Set(policy.provisions.map(\.id))
        var findings: [Diagnostic] = []
        for (index, consignment) in policy.consignments.enumerated() {
            guard let id = consignment.id else { continue }
            let path = PolicyPath.root["consignments"][index]["id"]
            if !id.isValidIdentifier {
                findings.append(.error("invalid-id", at: path, "consignment id '\(id)' must be lower-case letters, digits and '_', starting with a letter"))
            }
            if !seen.insert(id).inserted {
                findings.append(.error("duplicate-id", at: path, "recipient '\(id)' is declared more than once among provisions and consignments"))
            }
        }
        return findings
    }
}
