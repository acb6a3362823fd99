import JikimCore
import Yams

extension NodeValue {
    /// The whole policy. Returns nil when a required part could not be read; the log says why.
    func policy() -> Policy? {
        guard var root = mapping() else { return nil }
        let formatVersion = root.required("jikim") { $0.int(range: 1...1) }
        let organisation = root.required("organisation") { $0.organisation() }
        // A contact, or `unstated` where the policy designates an officer without saying who.
        let officerValue = root.optional("officer") { value -> Contact?? in
            if case .scalar = value.node, value.string() == "unstated" { return .some(nil) }
            return value.contact().map { .some($0) }
        }
        let officer = officerValue ?? nil
        let department = root.optional("department") { $0.contact() }
        let domesticAgent = root.optional("domestic_agent") { $0.contact() }
        let subjects = root.list("subjects") { $0.category() }
        let services = root.list("services") { $0.service() }
        let items = root.list("items") { $0.item() }
        let consents = root.list("consents") { $0.consentDeclaration() }
        let purposes = root.list("purposes") { $0.purpose() }
        let retention = root.list("retention") { $0.retentionRule() }
        let destruction = root.optional("destruction") { $0.destruction() }
        let provisions = root.list("provisions") { $0.provision() }
        let consignments = root.list("consignments") { $0.consignment() }
        let automaticCollection = root.optional("automatic_collection") { $0.automaticCollection() }
        let safetyMeasures = root.optional("safety_measures") { $0.safetyMeasures() }
        let dormancy = root.optional("dormancy") { $0.dormancy() }
        let accessLog = root.optional("access_log") { $0.accessLog() }
        let rights = root.optional("rights") { $0.rights() }
        let remedies = root.list("remedies") { $0.remedy() }
        let statutes = root.list("statutes") { $0.category().map { Statute(id: $0.id, name: $0.name) } }
        let roles = root.list("roles") { $0.role() }
        let children = root.optional("children") { $0.text() }
        let additionalUse = root.optional("additional_use") { $0.text() }
        let sensitivePublicity = root.optional("sensitive_publicity") { $0.text() }
        let pseudonymisation = root.optional("pseudonymisation") { $0.text() }
        let automatedDecisions = root.optional("automated_decisions") { $0.text() }
        let cctv = root.optional("cctv") { $0.text() }
        let files = root.list("files") { $0.registeredFile() }
        let officers = root.list("officers") { $0.contact() }
        let accessDesk = root.optional("access_desk") { $0.contact() }
        // `true`, or the policy's own words for it.
        let noProvisionValue = root.optional("no_provision") { value -> (Bool, LocalizedText?)? in
            if case .scalar = value.node, let flag = value.string(), flag == "true" || flag == "false" { return (flag == "true", nil) }
            return value.text().map { (true, $0) }
        }
        let noProvision = noProvisionValue?.0 ?? false
        let videoDevices = root.list("video_devices") { $0.videoDevices() }
        let location = root.optional("location") { $0.locationInformation() }
        let consignmentReason = root.optional("consignment_reason") { $0.text() }
        let labels = root.optional("labels") { $0.bool() }
        let impactAssessment = root.optional("impact_assessment") { $0.text() }
        let intros = root.optional("intros") { $0.articleIntros() }
        let notices = root.list("notices") { $0.notice() }
        let holidays = root.list("holidays") { $0.declaredHoliday() }
        let version = root.required("version") { $0.version() }
        let history = root.list("history") { $0.version() }
        root.finish()
        guard let formatVersion, let organisation, let version else { return nil }
        return Policy(
            formatVersion: formatVersion, organisation: organisation, officer: officer, department: department,
            domesticAgent: domesticAgent, subjects: subjects, services: services, items: items, consents: consents,
            purposes: purposes, retention: retention, destruction: destruction, provisions: provisions,
            consignments: consignments, automaticCollection: automaticCollection, safetyMeasures: safetyMeasures,
            dormancy: dormancy, accessLog: accessLog, rights: rights, remedies: remedies, statutes: statutes, roles: roles, children: children,
            additionalUse: additionalUse, sensitivePublicity: sensitivePublicity, pseudonymisation: pseudonymisation,
            automatedDecisions: automatedDecisions, cctv: cctv, notices: notices, holidays: holidays, files: files, officers: officers, accessDesk: accessDesk, noProvision: noProvision, noProvisionText: noProvisionValue?.1, videoDevices: videoDevices, location: location, consignmentReason: consignmentReason, labels: labels ?? false, impactAssessment: impactAssessment, intros: intros ?? [:], version: version, history: history,
            officerUnstated: officerValue.map { $0 == nil } ?? false
        )
    }

    func organisation() -> Organisation? {
        guard var fields = mapping() else { return nil }
        let name = fields.required("name") { $0.text() }
        let kind = fields.optional("kind") { $0.choice(OrganisationKind.self) }
        let shortName = fields.optional("short_name") { $0.text() }
        let service = fields.optional("service") { $0.text() }
        let website = fields.optional("website") { $0.nonEmptyString() }
        let address = fields.optional("address") { $0.text() }
        let policyTitle = fields.optional("policy_title") { $0.text() }
        fields.finish()
        return name.map {
            Organisation(name: $0, kind: kind ?? .company, shortName: shortName, service: service, website: website, address: address,
                         policyTitle: policyTitle)
        }
    }

    func contact() -> Contact? {
        guard var fields = mapping() else { return nil }
        let contact = Contact(
            name: fields.optional("name") { $0.text() },
            title: fields.optional("title") { $0.text() },
            department: fields.optional("department") { $0.text() },
            contact: fields.optional("contact") { $0.text() },
            phone: fields.optional("phone") { $0.nonEmptyString() },
            email: fields.optional("email") { $0.nonEmptyString() },
            address: fields.optional("address") { $0.text() },
            scope: fields.optional("scope") { $0.text() },
            fax: fields.optional("fax") { $0.nonEmptyString() },
            note: fields.optional("note") { $0.text() },
            role: fields.optional("role") { $0.text() }
        )
        fields.finish()
        return contact
    }

    func category() -> JikimCore.Category? {
        guard var fields = mapping() else { return nil }
        let id = fields.required("id") { $0.identifier() }
        let name = fields.required("name") { $0.text() }
        fields.finish()
        guard let id, let name else { return nil }
        return Category(id: id, name: name)
    }

    func service() -> ServiceDeclaration? {
        guard var fields = mapping() else { return nil }
        let id = fields.required("id") { $0.identifier() }
        let name = fields.required("name") { $0.text() }
        // `unstated`, or the items this service's list calls required.
        let required = fields.optional("required") { value -> ServiceRequirement? in
            if case .scalar = value.node {
                return value.string() == "unstated" ? .unstated : value.fail("expected unstated or a list of item ids")
            }
            return value.list { $0.identifier() }.map { .overrides(required: $0, optional: []) }
        }
        let optional = fields.list("optional") { $0.identifier() }
        let order = fields.list("order") { $0.identifier() }
        fields.finish()
        guard let id, let name else { return nil }
        let requirement: ServiceRequirement
        switch required {
        case .unstated? where !optional.isEmpty:
            return fail("a service whose items are unstated lists no optional items", rule: "conflicting-values")
        case .overrides(let listed, _)?: requirement = .overrides(required: listed, optional: optional)
        case let stated?: requirement = stated
        case nil: requirement = optional.isEmpty ? .asItemsSay : .overrides(required: [], optional: optional)
        }
        return ServiceDeclaration(id: id, name: name, requirement: requirement, order: order)
    }

    func item() -> Item? {
        guard var fields = mapping() else { return nil }
        let id = fields.required("id") { $0.identifier() }
        let name = fields.required("name") { $0.text() }
        let category = fields.optional("category") { $0.choice(ItemCategory.self) }
        // `true`, `false`, or `unstated`: the policy lists the item as collected without saying which.
        let required = fields.optional("required") { value -> (Bool, stated: Bool)? in
            switch value.string() {
            case "true"?: return (true, true)
            case "false"?: return (false, true)
            case "unstated"?: return (true, false)
            case let text?: return value.fail("expected true, false or unstated, found '\(text)'")
            case nil: return nil
            }
        }
        let collectedBy = fields.list("collected_by") { $0.choice(CollectionMethod.self) }
        let subjects = fields.list("subjects") { $0.identifier() }
        let services = fields.list("services") { $0.identifier() }
        let identity = fields.optional("identity") { $0.bool() }
        let verifiable = fields.optional("verifiable") { $0.bool() }
        let protection = fields.optional("protection") { $0.choice(Protection.self) }
        let type = fields.optional("type") { $0.choice(ValueType.self) }
        let condition = fields.optional("condition") { $0.text() }
        let alternativeTo = fields.optional("alternative_to") { $0.identifier() }
        fields.finish()
        guard let id, let name else { return nil }
        return Item(
            id: id, name: name, category: category ?? .ordinary, required: required?.0 ?? true, collectedBy: collectedBy,
            subjects: subjects, services: services, identity: identity ?? false, verifiable: verifiable ?? false, protection: protection ?? .none,
            type: type ?? .text, condition: condition, alternativeTo: alternativeTo, requirementStated: required?.stated ?? true
        )
    }

    func role() -> Role? {
        guard var fields = mapping() else { return nil }
        let id = fields.required("id") { $0.identifier() }
        let name = fields.required("name") { $0.text() }
        let purposes = fields.required("purposes") { $0.list { $0.identifier() } }
        let handlesRequests = fields.optional("handles_requests") { $0.bool() }
        let reviewsAccessLog = fields.optional("reviews_access_log") { $0.bool() }
        let approvesDestruction = fields.optional("approves_destruction") { $0.bool() }
        let administers = fields.optional("administers") { $0.bool() }
        let secondFactor = fields.optional("second_factor") { $0.bool() }
        fields.finish()
        guard let id, let name, let purposes else { return nil }
        return Role(id: id, name: name, purposes: purposes, handlesRequests: handlesRequests ?? false, reviewsAccessLog: reviewsAccessLog ?? false,
                    approvesDestruction: approvesDestruction ?? false, administers: administers ?? false, secondFactor: secondFactor)
    }

    func consentDeclaration() -> ConsentDeclaration? {
        guard var fields = mapping() else { return nil }
        let id = fields.required("id") { $0.identifier() }
        let kind = fields.required("kind") { $0.choice(ConsentKind.self) }
        let title = fields.required("title") { $0.text() }
        fields.finish()
        guard let id, let kind, let title else { return nil }
        return ConsentDeclaration(id: id, kind: kind, title: title)
    }

    func purpose() -> Purpose? {
        guard var fields = mapping() else { return nil }
        let id = fields.required("id") { $0.identifier() }
        let name = fields.required("name") { $0.text() }
        let description = fields.optional("description") { $0.text() }
        let items = fields.list("items") { $0.identifier() }
        let basis = fields.optional("basis") { $0.legalBasis() }
        let marketing = fields.optional("marketing") { $0.bool() }
        let subjects = fields.list("subjects") { $0.identifier() }
        let services = fields.list("services") { $0.identifier() }
        fields.finish()
        guard let id, let name else { return nil }
        return Purpose(
            id: id, name: name, description: description, items: items, basis: basis, marketing: marketing ?? false,
            subjects: subjects, services: services
        )
    }

    /// Two or more different bases stated together, each a single one (not `unstated`, not another list).
    func severalBases<Basis: Hashable>(_ kind: String, read: (NodeValue) -> Basis?, isSingle: (Basis) -> Bool) -> [Basis]? {
        guard let bases = list(read) else { return nil }
        guard bases.allSatisfy(isSingle) else { return fail("a list of \(kind) holds bases only: not unstated, not another list", rule: "wrong-basis") }
        guard bases.count >= 2 else { return fail("a list of \(kind) names two or more; write a single basis without the list", rule: "wrong-basis") }
        guard Set(bases).count == bases.count else { return fail("a list of \(kind) names each basis once", rule: "wrong-basis") }
        return bases
    }

    /// `contract`, `vital_interests`, or a mapping with one of `consent`, `law`, `public_duty`, `legitimate_interest`.
    func legalBasis() -> LegalBasis? {
        if case .scalar = node {
            switch string() {
            case "contract"?: return .contract
            case "vital_interests"?: return .vitalInterests
            case "unstated"?: return .unstated
            case let other?:
                return fail("'\(other)' is not a legal basis: write contract, vital_interests, unstated, a mapping with consent, law, public_duty or legitimate_interest, or a list of those", rule: "unknown-value")
            case nil: return nil
            }
        }
        // Several bases stated together: each one as a basis of its own.
        if case .sequence = node {
            return severalBases("legal bases", read: { $0.legalBasis() }, isSingle: { $0.members == [$0] && $0 != .unstated })
                .map(LegalBasis.several)
        }
        guard var fields = mapping() else { return nil }
        let keys = ["consent", "law", "public_duty", "legitimate_interest", "contract", "vital_interests"].filter(fields.has)
        guard keys.count == 1, let key = keys.first else {
            _ = keys.map { fields.value($0) }
            fields.finish()
            return fail(keys.isEmpty
                ? "give the legal basis: consent, law, public_duty, legitimate_interest, contract or vital_interests"
                : "give one legal basis, not \(keys.joined(separator: " and "))", rule: "wrong-basis")
        }
        let basis: LegalBasis? = switch key {
        case "consent": fields.required("consent") { $0.identifier() }.map(LegalBasis.consent)
        case "law": fields.required("law") { $0.statuteReference() }.map(LegalBasis.law)
        case "public_duty": fields.required("public_duty") { $0.statuteReference() }.map(LegalBasis.publicDuty)
        case "legitimate_interest": fields.required("legitimate_interest") { $0.text() }.map(LegalBasis.legitimateInterest)
        case "contract": fields.optional("contract") { $0.text() } == nil ? .contract : .contract
        default: fields.optional("vital_interests") { $0.text() } == nil ? .vitalInterests : .vitalInterests
        }
        fields.finish()
        return basis
    }

    func statuteReference() -> StatuteReference? {
        guard var fields = mapping() else { return nil }
        let statute = fields.required("statute") { $0.identifier() }
        let article = fields.optional("article") { $0.text() }
        fields.finish()
        return statute.map { StatuteReference(statute: $0, article: article) }
    }
}
