enum ReferenceRules {
    /// Items, purposes, consents, categories, services and statutes that are referred to are declared.
    static let undeclaredReferences: PolicyChecker.Rule = { policy in
        let declaredItems = Set(policy.items.map(\.id))
        let purposes = Set(policy.purposes.map(\.id))
        let consents = Set(policy.consents.map(\.id))
        let subjects = Set(policy.subjects.map(\.id))
        let services = Set(policy.services.map(\.id))
        var findings: [Diagnostic] = []

        func items(_ ids: [Identifier], at path: PolicyPath, in context: String) {
            for (index, id) in ids.enumerated() where !declaredItems.contains(id) {
                findings.append(.error("undeclared-item", at: path[index],
                    "\(context) refers to item '\(id)', which is not declared under items",
                    article: "PIPA Art. 30(1)"))
            }
        }
        func categories(_ ids: [Identifier], declared: Set<Identifier>, at path: PolicyPath, list: String) {
            for (index, id) in ids.enumerated() where !declared.contains(id) {
                let message = "'\(id)' is not declared under \(list)"
                findings.append(list == "subjects"
                    ? .error("undeclared-subject", at: path[index], message)
                    : .error("undeclared-service", at: path[index], message))
            }
        }
        func statute(_ reference: StatuteReference, at path: PolicyPath) {
            if policy.statute(reference.statute) == nil {
                findings.append(.error("undeclared-statute", at: path,
                    "statute '\(reference.statute)' is neither built in nor declared under statutes"))
            }
        }
        func basis(_ stated: LegalBasis?, at path: PolicyPath) {
            switch stated {
            case .consent(let id) where !consents.contains(id):
                findings.append(.error("undeclared-consent", at: path["consent"],
                    "consent '\(id)' is not declared under consents", article: "PIPA Art. 22(1)"))
            case .law(let reference):
                statute(reference, at: path["law"]["statute"])
            case .publicDuty(let reference):
                statute(reference, at: path["public_duty"]["statute"])
            case .several(let bases):
                for (index, member) in bases.enumerated() { basis(member, at: path[index]) }
            default:
                break
            }
        }

        for (index, item) in policy.items.enumerated() {
            let path = PolicyPath.root["items"][index]
            if let other = item.alternativeTo, !declaredItems.contains(other) || other == item.id {
                findings.append(.error("undeclared-item", at: path["alternative_to"],
                    "item '\(item.id)' is an alternative to '\(other)', which is not another item declared under items",
                    article: "PIPA Art. 30(1)"))
            }
            categories(item.subjects, declared: subjects, at: path["subjects"], list: "subjects")
            categories(item.services, declared: services, at: path["services"], list: "services")
        }
        // A service's list says which of its own items are required or optional there.
        for (index, service) in policy.services.enumerated() {
            for (position, id) in service.order.enumerated() where policy.item(id)?.services.contains(service.id) != true {
                findings.append(.error("undeclared-item", at: .root["services"][index]["order"][position],
                    "service '\(service.id)' orders item '\(id)', but no item '\(id)' names this service under its services"))
            }
            guard case .overrides(let required, let optional) = service.requirement else { continue }
            for (key, ids) in [("required", required), ("optional", optional)] {
                let path = PolicyPath.root["services"][index][key]
                for (position, id) in ids.enumerated() where policy.item(id)?.services.contains(service.id) != true {
                    findings.append(.error("undeclared-item", at: path[position],
                        "service '\(service.id)' lists item '\(id)' as \(key), but no item '\(id)' names this service under its services"))
                }
            }
            for id in Set(required).intersection(optional).sorted() {
                findings.append(.error("undeclared-item", at: .root["services"][index]["optional"],
                    "service '\(service.id)' lists item '\(id)' as both required and optional"))
            }
        }
        for (index, purpose) in policy.purposes.enumerated() {
            let path = PolicyPath.root["purposes"][index]
            items(purpose.items, at: path["items"], in: "purpose '\(purpose.id)'")
            basis(purpose.basis, at: path["basis"])
            categories(purpose.subjects, declared: subjects, at: path["subjects"], list: "subjects")
            categories(purpose.services, declared: services, at: path["services"], list: "services")
        }
        for (index, rule) in policy.retention.enumerated() {
            let path = PolicyPath.root["retention"][index]
            items(rule.items, at: path["items"], in: "retention rule \(rule.id.map { "'\($0)'" } ?? "#\(index + 1)")")
            categories(rule.subjects, declared: subjects, at: path["subjects"], list: "subjects")
            let several = rule.basis.members.count > 1
            for (member, basis) in rule.basis.members.enumerated() {
                let at = several ? path["basis"][member] : path["basis"]
                switch basis {
                case .law(let reference): statute(reference, at: at["law"]["statute"])
                case .consent(let id) where !consents.contains(id):
                    findings.append(.error("undeclared-consent", at: at["consent"],
                        "consent '\(id)' is not declared under consents"))
                default: break
                }
            }
            if let purpose = rule.purpose, !purposes.contains(purpose) {
                findings.append(.error("undeclared-purpose", at: path["purpose"],
                    "retention rule refers to purpose '\(purpose)', which is not declared under purposes",
                    article: "PIPA Art. 30(1)1"))
            }
        }
        for (index, provision) in policy.provisions.enumerated() {
            let path = PolicyPath.root["provisions"][index]
            items(provision.items, at: path["items"], in: "provision '\(provision.id)'")
            basis(provision.basis, at: path["basis"])
        }
        // A role may also grant a retention rule: reading what that rule keeps in separate storage.
        let retentionRules = Set(policy.retention.map { RetentionClass.name(of: $0, in: policy) })
        for (index, role) in policy.roles.enumerated() {
            for (position, id) in role.purposes.enumerated() where !purposes.contains(id) && !retentionRules.contains(id) {
                findings.append(.error("undeclared-purpose", at: PolicyPath.root["roles"][index]["purposes"][position],
                    "role '\(role.id)' grants purpose '\(id)', which is declared neither under purposes nor as a retention rule",
                    article: "PIPA Art. 30(1)1"))
            }
        }
        for (index, consignment) in policy.consignments.enumerated() {
            items(consignment.items, at: PolicyPath.root["consignments"][index]["items"], in: "consignment")
        }
        if let location = policy.location {
            items(location.items, at: PolicyPath.root["location"]["items"], in: "location information")
        }
        for (index, file) in policy.files.enumerated() {
            items(file.items, at: PolicyPath.root["files"][index]["items"], in: "registered file '\(file.name.text(in: .ko))'")
        }
        return findings
    }
}
