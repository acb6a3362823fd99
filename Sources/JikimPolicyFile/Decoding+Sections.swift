import JikimCore
import Yams

extension NodeValue {
    func provision() -> Provision? {
        guard var fields = mapping() else { return nil }
        let id = fields.required("id") { $0.identifier() }
        let recipient = fields.required("recipient") { $0.text() }
        let contact = fields.optional("contact") { $0.nonEmptyString() }
        let purpose = fields.required("purpose") { $0.text() }
        let items = fields.required("items") { $0.list { $0.identifier() } }
        let retention = fields.optional("retention") { $0.text() }
        let basis = fields.optional("basis") { $0.legalBasis() }
        let overseas = fields.optional("overseas") { $0.overseasTransfer() }
        let period = fields.optional("period") { $0.text() }
        let file = fields.optional("file") { $0.text() }
        fields.finish()
        guard let id, let recipient, let purpose, let items else { return nil }
        return Provision(id: id, recipient: recipient, contact: contact, purpose: purpose, items: items,
                         retention: retention, basis: basis, overseas: overseas, period: period, file: file)
    }

    func overseasTransfer() -> OverseasTransfer? {
        guard var fields = mapping() else { return nil }
        // A disclosure the policy does not make is declared `unstated`, not invented.
        var unstated: Set<String> = []
        func stated(_ key: String, _ value: NodeValue) -> Bool {
            guard case .scalar = value.node, value.string() == "unstated" else { return true }
            unstated.insert(key)
            return false
        }
        let country = fields.optional("country") { stated("country", $0) ? $0.text() : nil }
        let whenAndHow = fields.optional("when_and_how") { stated("when_and_how", $0) ? $0.text() : nil }
        let contact = fields.optional("contact") { stated("contact", $0) ? $0.nonEmptyString() : nil }
        let howToRefuse = fields.optional("how_to_refuse") { stated("how_to_refuse", $0) ? $0.text() : nil }
        fields.finish()
        return OverseasTransfer(country: country, whenAndHow: whenAndHow, contact: contact, howToRefuse: howToRefuse, unstated: unstated)
    }

    func consignment() -> Consignment? {
        guard var fields = mapping() else { return nil }
        let id = fields.optional("id") { $0.identifier() }
        let consignee = fields.required("consignee") { $0.text() }
        let contact = fields.optional("contact") { $0.nonEmptyString() }
        let url = fields.optional("url") { $0.nonEmptyString() }
        let task = fields.required("task") { $0.text() }
        let items = fields.list("items") { $0.identifier() }
        let period = fields.optional("period") { $0.text() }
        let country = fields.optional("country") { $0.text() }
        let subConsignees = fields.list("sub_consignees") { $0.subConsignee() }
        let overseas = fields.optional("overseas") { $0.overseasTransfer() }
        fields.finish()
        guard let consignee, let task else { return nil }
        return Consignment(id: id, consignee: consignee, url: url, task: task, items: items, period: period, country: country,
                           subConsignees: subConsignees, overseas: overseas, contact: contact)
    }

    func subConsignee() -> SubConsignee? {
        guard var fields = mapping() else { return nil }
        let name = fields.required("name") { $0.text() }
        let task = fields.required("task") { $0.text() }
        let country = fields.optional("country") { $0.text() }
        fields.finish()
        guard let name, let task else { return nil }
        return SubConsignee(name: name, task: task, country: country)
    }

    func automaticCollection() -> AutomaticCollection? {
        guard var fields = mapping() else { return nil }
        let collection = AutomaticCollection(
            cookies: fields.optional("cookies") { $0.bool() } ?? true,
            purpose: fields.optional("purpose") { $0.text() },
            howToRefuse: fields.optional("how_to_refuse") { $0.text() },
            ifRefused: fields.optional("if_refused") { $0.text() },
            tools: fields.list("tools") { $0.analyticsTool() },
            definition: fields.optional("definition") { $0.text() }
        )
        fields.finish()
        return collection
    }

    func analyticsTool() -> AnalyticsTool? {
        guard var fields = mapping() else { return nil }
        let name = fields.required("name") { $0.text() }
        let provider = fields.optional("provider") { $0.text() }
        let purpose = fields.optional("purpose") { $0.text() }
        let collects = fields.optional("collects") { $0.text() }
        let optOut = fields.optional("opt_out") { $0.text() }
        fields.finish()
        return name.map { AnalyticsTool(name: $0, provider: provider, purpose: purpose, collects: collects, optOut: optOut) }
    }

    func safetyMeasures() -> SafetyMeasures? {
        guard var fields = mapping() else { return nil }
        let measures = SafetyMeasures(
            administrative: fields.list("administrative") { $0.text() },
            technical: fields.list("technical") { $0.text() },
            physical: fields.list("physical") { $0.text() }
        )
        fields.finish()
        return measures
    }

    func rights() -> RightsExercise? {
        guard var fields = mapping() else { return nil }
        let rights = RightsExercise(
            channels: fields.list("channels") { $0.rightsChannel() },
            agents: fields.optional("agents") { $0.bool() } ?? true,
            procedure: fields.optional("procedure") { $0.text() },
            notes: fields.list("notes") { $0.text() },
            keepRequests: fields.optional("keep_requests") { $0.period() } ?? RightsExercise.defaultKeepRequests,
            transmission: fields.optional("transmission") { $0.bool() } ?? false
        )
        fields.finish()
        return rights
    }

    func rightsChannel() -> RightsChannel? {
        guard var fields = mapping() else { return nil }
        let kind = fields.required("kind") { $0.choice(RightsChannel.Kind.self) }
        let detail = fields.optional("detail") { $0.text() }
        let requests = fields.list("requests") { $0.choice(RequestKind.self) }
        fields.finish()
        return kind.map { RightsChannel(kind: $0, detail: detail, requests: requests) }
    }

    func videoDevices() -> VideoDevices? {
        guard var fields = mapping() else { return nil }
        let mobile = fields.optional("mobile") { $0.bool() } ?? false
        let purposes = fields.required("purposes") { $0.text() }
        let basis = fields.optional("basis") { $0.text() }
        let installations = fields.list("installations") { $0.videoInstallation() }
        let hours = fields.optional("hours") { $0.text() }
        let retention = fields.optional("retention") { $0.text() }
        let storage = fields.optional("storage") { $0.text() }
        let manager = fields.optional("manager") { $0.contact() }
        let otherManagers = fields.list("managers") { $0.contact() }
        let preamble = fields.optional("preamble") { $0.text() }
        let viewers = fields.optional("viewers") { $0.text() }
        let requests = fields.optional("requests") { $0.text() }
        let safety = fields.optional("safety") { $0.text() }
        let consignee = fields.optional("consignee") { $0.text() }
        let consigneeContact = fields.optional("consignee_contact") { $0.nonEmptyString() }
        fields.finish()
        guard let purposes else { return nil }
        return VideoDevices(mobile: mobile, purposes: purposes, basis: basis, installations: installations, hours: hours, retention: retention,
                            storage: storage, manager: manager, viewers: viewers, requests: requests, safety: safety, consignee: consignee,
                            consigneeContact: consigneeContact, otherManagers: otherManagers, preamble: preamble)
    }

    func locationInformation() -> LocationInformation? {
        guard var fields = mapping() else { return nil }
        let items = fields.list("items") { $0.identifier() }
        let purposes = fields.required("purposes") { $0.text() }
        let retention = fields.optional("retention") { $0.text() }
        let useRecords = fields.optional("use_records_retention") { $0.text() }
        let notice = fields.optional("third_party_notice") { $0.text() }
        fields.finish()
        return purposes.map {
            LocationInformation(items: items, purposes: $0, retention: retention, useRecordsRetention: useRecords, thirdPartyNotice: notice)
        }
    }

    func videoInstallation() -> VideoDevices.Installation? {
        guard var fields = mapping() else { return nil }
        let place = fields.required("place") { $0.text() }
        let count = fields.optional("count") { $0.int(range: 1...100_000) }
        let range = fields.optional("range") { $0.text() }
        fields.finish()
        return place.map { VideoDevices.Installation(place: $0, count: count, range: range) }
    }

    func registeredFile() -> RegisteredFile? {
        guard var fields = mapping() else { return nil }
        let name = fields.required("name") { $0.text() }
        let basis = fields.required("basis") { $0.text() }
        let purpose = fields.required("purpose") { $0.text() }
        let items = fields.list("items") { $0.identifier() }
        let retention = fields.required("retention") { $0.text() }
        fields.finish()
        guard let name, let basis, let purpose, let retention else { return nil }
        return RegisteredFile(name: name, basis: basis, purpose: purpose, items: items, retention: retention)
    }

    func remedy() -> RemedyAgency? {
        guard var fields = mapping() else { return nil }
        let name = fields.required("name") { $0.text() }
        let phone = fields.optional("phone") { $0.text() }
        let url = fields.optional("url") { $0.nonEmptyString() }
        let email = fields.optional("email") { $0.nonEmptyString() }
        let address = fields.optional("address") { $0.text() }
        let duties = fields.optional("duties") { $0.text() }
        fields.finish()
        return name.map { RemedyAgency(name: $0, phone: phone, url: url, email: email, address: address, duties: duties) }
    }

    func notice() -> Notice? {
        guard var fields = mapping() else { return nil }
        // `opening` or an article's name: where the policy has the notice.
        let place = fields.optional("after") { value -> NoticePlace? in
            guard let name = value.string() else { return nil }
            if let place = NoticePlace.all.first(where: { $0.name == name }) { return place }
            return value.fail("'\(name)' is not a place for a notice: write one of \(NoticePlace.all.map(\.name).joined(separator: ", "))",
                              rule: "unknown-value")
        }
        // A notice of its own needs a heading; one placed inside an article may do without.
        let title = place == nil ? fields.required("title") { $0.text() } : fields.optional("title") { $0.text() }
        let body = fields.required("body") { $0.text() }
        fields.finish()
        guard let body, place != nil || title != nil else { return nil }
        return Notice(title: title, body: body, place: place)
    }

    func declaredHoliday() -> DeclaredHoliday? {
        guard var fields = mapping() else { return nil }
        let date = fields.required("date") { $0.date() }
        let name = fields.required("name") { $0.text() }
        fields.finish()
        guard let date, let name else { return nil }
        return DeclaredHoliday(date: date, name: name)
    }

    func version() -> PolicyVersion? {
        guard var fields = mapping() else { return nil }
        let id = fields.required("id") { $0.nonEmptyString() }
        let announced = fields.optional("announced") { $0.date() }
        // A day, or only a month where that is all the text gives.
        var effectiveMonth: CivilMonth?
        let effective = fields.optional("effective") { value -> CivilDate? in
            if let text = value.string(), let month = CivilMonth(iso: text) {
                effectiveMonth = month
                return nil
            }
            return value.date()
        }
        let summary = fields.optional("summary") { $0.text() }
        let freshConsent = fields.optional("fresh_consent") { $0.bool() }
        let file = fields.optional("file") { $0.nonEmptyString() }
        let url = fields.optional("url") { $0.nonEmptyString() }
        let undated = fields.optional("undated") { $0.bool() } ?? false
        let until = fields.optional("until") { $0.date() }
        fields.finish()
        return id.map {
            PolicyVersion(id: $0, announced: announced, effective: effective, summary: summary,
                          freshConsent: freshConsent ?? false, file: file, url: url, undated: undated, effectiveMonth: effectiveMonth, until: until)
        }
    }

    /// `intros`: an article's opening sentence in the policy's own words, by article.
    func articleIntros() -> [ArticleIntro: LocalizedText]? {
        guard var fields = mapping() else { return nil }
        var intros: [ArticleIntro: LocalizedText] = [:]
        for article in ArticleIntro.allCases {
            if let text = fields.optional(article.rawValue, { $0.text() }) { intros[article] = text }
        }
        fields.finish()
        return intros
    }
}
