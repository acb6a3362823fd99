import Foundation
import JikimCore
import Mustache

/// Numbers the sections as a template renders them: `{{#n}}{{/n}}` is 1, then 2, …
struct Absent: MustacheCustomRenderable {
    var renderText: String { "" }
    var isNull: Bool { true }
}

final class SectionCounter {
    private var value = 0

    func next() -> String {
        value += 1
        return String(value)
    }
}

/// The values the document templates read, resolved into one language.
///
/// Templates see plain strings, lists and flags; absent sections are absent keys, so `{{#provisions}}…{{/provisions}}`
/// leaves out what does not apply.
struct PolicyContext {
    let policy: Policy
    let language: Language
    let changes: [PolicyChange]

    private func t(_ text: LocalizedText?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        // A line separator in the declaration is a plain line break: only `block` makes one that leaves a table.
        let string = text.text(in: language)
        return string.unicodeScalars.contains { $0.value == 0x2028 }
            ? string.replacingOccurrences(of: MarkdownContentType.blockBreak, with: "\n") : string
    }

    /// Text that stands as a paragraph or a list item of its own, not in a table cell: its line breaks are kept as
    /// Markdown line breaks (the escaper writes a table cell's as `<br>`, the only break a table row can hold).
    private func b(_ text: LocalizedText?) -> String? {
        t(text).map(Self.block)
    }

    private static func block(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 10 || $0 == 13 }) else { return text }
        // Blank lines and the breaks at either end would leave a stray break: only the lines with text are kept.
        return text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n")
            .filter { !$0.allSatisfy(\.isWhitespace) }
            .joined(separator: MarkdownContentType.blockBreak)
    }

    /// Item names in order, each once (items of different services can share a name); an item collected only in
    /// some cases with its condition, and alternatives together where both are listed ("주민등록번호 또는 여권번호").
    private func itemNames(_ ids: [Identifier]) -> String {
        let listed = Set(ids)
        func name(_ id: Identifier) -> String {
            guard let item = policy.item(id) else { return id }
            let condition = item.condition.map { (language == .ko ? "(" : " (") + $0.text(in: language) + ")" } ?? ""
            return item.name.text(in: language) + condition
        }
        var seen: Set<String> = []
        return ids.compactMap { id -> String? in
            // An alternative is named with the item it stands in for, where that one is listed too.
            if let other = policy.item(id)?.alternativeTo, listed.contains(other) { return nil }
            let alternatives = policy.items.filter { $0.alternativeTo == id && listed.contains($0.id) }.map { name($0.id) }
            return ([name(id)] + alternatives).joined(separator: language == .ko ? " 또는 " : " or ")
        }
        .filter { seen.insert($0).inserted }
        .joined(separator: ", ")
    }

    /// Absent values stay as keys that render empty and test false, so that a template never picks up a value of
    /// the same name from an enclosing section (an officer's missing `department` is not the policy's department).
    private func compact(_ pairs: [String: Any?]) -> [String: Any] {
        pairs.mapValues { value in
            switch value {
            case nil: Absent()
            case let text as String where text.isEmpty: Absent()
            case let value?: value
            }
        }
    }

    /// The items of `group`, each with the purposes that process it and their bases; empty when none.
    private func specialItems(_ group: ItemGroup) -> [[String: Any]] {
        policy.items.filter { $0.category.group == group }.map { item in
            let purposes = policy.purposes.filter { $0.items.contains(item.id) }
            return [
                "item": itemNames([item.id]),
                "purposes": purposes.map { $0.name.text(in: language) }.joined(separator: ", "),
                "bases": purposes.map { Words.basis($0.basis, in: policy, language) }.filter { !$0.isEmpty }
                    .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: "; "),
            ]
        }
    }

    /// "the Clinic" → "The Clinic", for the start of a sentence.
    static func capitalised(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }

    /// "the Clinic" → `the "Clinic"`, as an English policy names the short form once.
    static func quoted(_ text: String) -> String {
        text.hasPrefix("the ") ? "the \"\(text.dropFirst(4))\"" : "\"\(text)\""
    }

    func build() -> [String: Any] {
        let organisationName = policy.organisation.name.text(in: language)
        var context = compact([
            "organisation": compact([
                "name": organisationName,
                // What the text calls the organisation after naming it once, with the particles that follow each word.
                "short": policy.organisation.short(in: language),
                "shortTopic": KoreanParticles.topic(after: policy.organisation.short(in: language)),
                "nameTopic": KoreanParticles.topic(after: organisationName),
                "shortCapitalised": Self.capitalised(policy.organisation.short(in: language)),
                "shortQuoted": Self.quoted(policy.organisation.short(in: language)),
                // Only a public institution's decisions on requests are open to administrative appeal (행정심판).
                "isPublic": policy.organisation.kind == .publicInstitution,
                "service": t(policy.organisation.service),
                "website": policy.organisation.website,
                "address": t(policy.organisation.address),
            ]),
            "purposes": policy.purposes.map(purpose),
            "itemGroups": itemGroups(),
            "serviceItems": serviceItems(),
            "hasOptionalItems": policy.items.contains { !$0.required }
                || policy.services.contains { service in policy.items.contains { $0.services.contains(service.id) && service.requirement.required($0) == false } }
                ? true : nil,
            "groupColumns": columns(itemGroupItems().filter { $0.category != .automatic }.map { $0.requirementStated ? $0.required : nil }),
            "serviceColumns": columns(policy.services.flatMap { service in
                policy.items.filter { $0.services.contains(service.id) }.map(service.requirement.required)
            }),
            // Unique identifiers and sensitive information, each with the purposes and the bases it is processed on
            // (Arts. 23, 24, 24-2): what the reader most needs to know is special.
            "uniqueIdentifiers": specialItems(.uniqueIdentifier),
            "sensitiveItems": specialItems(.sensitive),
            "collectionMethods": collectionMethods(),
            "itemsWithoutConsent": itemsWithoutConsent(),
            "retention": policy.retention.map(retentionRule),
            "separatelyStored": policy.retention.filter(\.separate).map(retentionRule),
            "destruction": destruction(),
            "provisions": policy.provisions.map(provision),
            // A column for what some provision states: the file it comes from, how long it is provided, how long the
            // recipient keeps it (shown unless only the providing period is stated).
            "provisionColumns": compact([
                "file": policy.provisions.contains { $0.file != nil } ? true : nil,
                "period": policy.provisions.contains { $0.period != nil } ? true : nil,
                "retention": policy.provisions.contains { $0.retention != nil } || !policy.provisions.contains { $0.period != nil } ? true : nil,
            ]),
            "consignments": policy.consignments.map(consignment),
            "overseas": overseas(),
            "rights": rights(),
            "hasFiles": !policy.files.isEmpty,
            "noProvision": policy.noProvision && policy.provisions.isEmpty,
            "noProvisionText": b(policy.noProvisionText),
            "consignmentReason": b(policy.consignmentReason),
            "files": policy.files.map { file in
                ["name": file.name.text(in: language), "basis": file.basis.text(in: language), "purpose": file.purpose.text(in: language),
                 "items": itemNames(file.items), "retention": file.retention.text(in: language)]
            },
            // The right to transmission is the Decree's named processors' alone (Art. 35-2; Decree Art. 42-2).
            "transmissionRight": policy.rights?.transmission == true,
            "automaticCollection": automaticCollection(),
            "safetyMeasures": safetyMeasures(),
            "officer": policy.officer.map(contact),
            "officers": policy.officers.map(contact),
            "accessDesk": policy.accessDesk.map(contact),
            "department": policy.department.map(contact),
            "officerAndDepartment": policy.officer != nil && policy.department != nil ? true : nil,
            "officerUnstated": policy.officerUnstated ? true : nil,
            "hasPrivacyContact": policy.officer != nil || policy.department != nil ? true : nil,
            "domesticAgent": policy.domesticAgent.map(contact),
            "remedies": policy.remedies.map {
                compact(["name": t($0.name), "phone": t($0.phone), "url": $0.url, "email": $0.email, "address": t($0.address),
                         "duties": b($0.duties)])
            },
            "dormancy": dormancy(),
            "children": b(policy.children),
            "additionalUse": b(policy.additionalUse),
            "sensitivePublicity": b(policy.sensitivePublicity),
            "pseudonymisation": b(policy.pseudonymisation),
            "impactAssessment": b(policy.impactAssessment),
            "automatedDecisions": b(policy.automatedDecisions),
            "cctv": b(policy.cctv),
            "location": policy.location.map { location in
                compact(["items": itemNames(location.items), "purposes": b(location.purposes), "retention": b(location.retention),
                         "useRecords": b(location.useRecordsRetention), "thirdPartyNotice": b(location.thirdPartyNotice)])
            },
            "videoDevices": policy.videoDevices.map { devices in
                compact([
                    "mobile": devices.mobile ? true : nil,
                    "preamble": b(devices.preamble),
                    "purposes": b(devices.purposes), "basis": b(devices.basis),
                    // One line: Ink would carry a nested list on into the items after it.
                    "installations": devices.installations.map { installation -> String in
                        let ko = language == .ko
                        let count = installation.count.map { ko ? " \($0)대" : ": \($0)" } ?? ""
                        let range = installation.range.map { ko ? " (촬영 범위: \($0.text(in: language)))" : " (filming \($0.text(in: language)))" } ?? ""
                        return installation.place.text(in: language) + count + range
                    }.joined(separator: "; "),
                    "hours": b(devices.hours), "retention": b(devices.retention), "storage": b(devices.storage),
                    "managers": ([devices.manager].compactMap { $0 } + devices.otherManagers).map(contact), "viewers": b(devices.viewers), "requests": b(devices.requests),
                    "safety": b(devices.safety), "consignee": b(devices.consignee), "consigneeContact": devices.consigneeContact,
                ])
            },
            "notices": policy.notices.filter { $0.place == nil }.map(notice),
            "version": version(policy.version),
            "history": policy.history.map(version),
            "changes": changes.map { compact(["text": $0.sentence(in: language), "freshConsent": $0.needsFreshConsent ? true : nil]) },
        ])
        let number = SectionCounter()
        context["n"] = MustacheLambda { number.next() }
        context["title"] = t(policy.organisation.policyTitle)
            ?? (language == .ko ? "\(organisationName) 개인정보 처리방침" : "\(organisationName) Privacy Policy")
        context["lang"] = language.rawValue
        // Art. 17(2): the right to refuse is told where provision rests on consent, not where every provision rests on a law.
        context["provisionOnConsent"] = policy.provisions.contains { !($0.basis?.consentIDs.isEmpty ?? true) }
        // An undated legacy text with nothing to say of changes has no article on them (nothing is invented to fill it).
        let version = policy.version
        context["hasChangesArticle"] = !version.undated || version.effectiveMonth != nil || version.summary != nil || version.freshConsent
            || !changes.isEmpty || !policy.history.isEmpty
        context["filesRegistered"] = policy.organisation.kind == .publicInstitution
        context["labels"] = policy.labels ? labels() : []
        // Notices the policy has inside an article, by the article they end (or `opening`).
        context["placed"] = Dictionary(grouping: policy.notices.filter { $0.place != nil }, by: { $0.place?.name ?? "" }).mapValues { $0.map(notice) }
        context["intros"] = Dictionary(uniqueKeysWithValues: policy.intros.compactMap { article, text in b(text).map { (article.rawValue, $0) } })
        return context
    }

    /// The drafting guideline's summary of the main points (주요 개인정보 처리 표시, 라벨링): each one the declaration
    /// gives, in its own words, shown only where it has something to show.
    private func labels() -> [[String: Any]] {
        let ko = language == .ko
        func names(_ groups: Set<ItemGroup>, excluding: Bool = false) -> String {
            let ids = policy.items.filter { groups.contains($0.category.group) != excluding }.map(\.id)
            return ids.isEmpty ? "" : itemNames(ids)
        }
        func distinct(_ values: [String]) -> String {
            var seen: [String] = []
            for value in values where !value.isEmpty && !seen.contains(value) { seen.append(value) }
            return seen.joined(separator: ", ")
        }
        let abroad = policy.provisions.compactMap { provision in provision.overseas.map { (provision.recipient, $0) } }
            + policy.consignments.compactMap { consignment in consignment.overseas.map { (consignment.consignee, $0) } }
        let desk = policy.accessDesk ?? policy.department ?? policy.officer
        let rows: [(String, String)] = [
            (ko ? "일반 개인정보 수집" : "Personal information collected", names([.uniqueIdentifier, .sensitive], excluding: true)),
            (ko ? "민감정보 처리" : "Sensitive information", names([.sensitive])),
            (ko ? "고유식별정보 처리" : "Unique identifiers", names([.uniqueIdentifier])),
            (ko ? "개인정보의 처리 목적" : "Purposes", distinct(policy.purposes.map { $0.name.text(in: language) })),
            (ko ? "개인정보의 보유기간" : "Retention periods",
             distinct(policy.retention.map { t($0.wording) ?? $0.term.text(in: language, eventStated: $0.eventStated) })),
            (ko ? "개인정보의 제공" : "Provision to third parties",
             policy.provisions.isEmpty ? (policy.noProvision ? (ko ? "제공하지 않음" : "None") : "")
                 : distinct(policy.provisions.map { $0.recipient.text(in: language) })),
            (ko ? "개인정보 처리위탁" : "Consignment", distinct(policy.consignments.map { $0.consignee.text(in: language) })),
            (ko ? "개인정보의 국외 이전" : "Transfer abroad",
             distinct(abroad.map { name, transfer in name.text(in: language) + (t(transfer.country).map { " (\($0))" } ?? "") })),
            (ko ? "개인정보 열람청구" : "Requests for access",
             desk.map { distinct([t($0.department) ?? t($0.name) ?? "", $0.phone ?? "", $0.email ?? ""]) } ?? ""),
        ]
        return rows.filter { !$0.1.isEmpty }.map { ["name": $0.0, "content": $0.1] }
    }

    private func purpose(_ purpose: Purpose) -> [String: Any] {
        compact([
            "name": purpose.name.text(in: language),
            "description": t(purpose.description),
            "items": itemNames(purpose.items),
            "basis": Words.basis(purpose.basis, in: policy, language),
            "marketing": purpose.marketing ? true : nil,
        ])
    }

    /// Items by data-subject category, then required before optional, automatic apart. Items a service collects are
    /// listed with their service instead (`serviceItems`): required or optional within that service, as the policy says.
    private func itemGroupItems() -> [Item] {
        let services = Set(policy.services.map(\.id))
        return policy.items.filter { item in item.services.allSatisfy { !services.contains($0) } }
    }

    private func itemGroups() -> [[String: Any]] {
        let listed = itemGroupItems()
        let groups: [(name: String?, items: [Item])]
        // By category only where some item is declared for one: categories declared for retention alone (the people a
        // file holds) do not divide the table, and nothing is labelled "common" that nothing differs from.
        if policy.subjects.isEmpty || listed.allSatisfy(\.subjects.isEmpty) {
            groups = [(nil, listed)]
        } else {
            let unassigned = listed.filter(\.subjects.isEmpty)
            groups = policy.subjects.map { subject in
                (subject.name.text(in: language), listed.filter { $0.subjects.contains(subject.id) })
            } + (unassigned.isEmpty ? [] : [(language == .ko ? "공통" : "All data subjects", unassigned)])
        }
        return groups.filter { !$0.items.isEmpty }.map { group in
            let entered = group.items.filter { $0.category != .automatic }
            var row = requirementColumns(entered)
            row["subject"] = .some(group.name)
            row["automatic"] = itemNames(group.items.filter { $0.category == .automatic }.map(\.id))
            return compact(row)
        }
    }

    /// Items by service, where the policy says which service collects which item.
    private func serviceItems() -> [[String: Any]] {
        policy.services.compactMap { service in
            let items = policy.items(of: service)
            guard !items.isEmpty else { return nil }
            var row = requirementColumns(items, service.requirement.required)
            row["service"] = service.name.text(in: language)
            return compact(row)
        }
    }

    /// Required (필수) and optional (선택) items, and those the policy lists as collected without saying which (수집항목).
    private func requirementColumns(
        _ items: [Item], _ required: (Item) -> Bool? = { $0.requirementStated ? $0.required : nil }
    ) -> [String: Any?] {
        [
            "required": itemNames(items.filter { required($0) == true }.map(\.id)),
            "optional": itemNames(items.filter { required($0) == false }.map(\.id)),
            "collected": itemNames(items.filter { required($0) == nil }.map(\.id)),
        ]
    }

    /// Which columns a table of items has: required and optional where any item is said to be one of them (or
    /// where there is nothing to list), "collected" where any is listed as neither.
    private func columns(_ said: [Bool?]) -> [String: Any] {
        compact([
            "stated": said.contains { $0 != nil } || said.isEmpty ? true : nil,
            "collected": said.contains(nil) ? true : nil,
        ])
    }

    private func collectionMethods() -> String {
        var methods: [CollectionMethod] = []
        for method in policy.items.flatMap(\.collectedBy) where !methods.contains(method) { methods.append(method) }
        return methods.map { Words.collection($0, language) }.joined(separator: ", ")
    }

    /// Art. 22(3): items processed without consent, listed apart with their legal basis.
    private func itemsWithoutConsent() -> [[String: Any]] {
        policy.purposes.filter { $0.basis?.isWithoutConsent ?? false }.map { purpose in
            ["purpose": purpose.name.text(in: language), "items": itemNames(purpose.items),
             "basis": Words.basis(purpose.basis, in: policy, language)]
        }
    }

    private func retentionRule(_ rule: RetentionRule) -> [String: Any] {
        compact([
            "records": t(rule.records) ?? itemNames(rule.items),
            "items": itemNames(rule.items),
            "term": t(rule.wording) ?? rule.term.text(in: language, eventStated: rule.eventStated),
            // The categories the rule is for, unless the records' name already says it ("아르피나 이용회원").
            "subjects": rule.subjects.compactMap { id in policy.subjects.first { $0.id == id }?.name.text(in: language) }
                .filter { $0 != t(rule.records) }.joined(separator: ", "),
            "period": rule.term.period?.text(in: language),
            "basis": Words.retentionBasis(rule.basis, in: policy, language),
            "reason": t(rule.reason),
            "separate": rule.separate ? true : nil,
        ])
    }

    private func destruction() -> [String: Any] {
        let destruction = policy.destruction ?? DestructionPolicy()
        return compact([
            "byOfficer": destruction.approval == .officer ? true : nil,
            "procedure": b(destruction.procedure),
            "electronic": b(destruction.electronic),
            "paper": b(destruction.paper),
        ])
    }

    private func provision(_ provision: Provision) -> [String: Any] {
        compact([
            "recipient": provision.recipient.text(in: language),
            "contact": provision.contact,
            "purpose": t(provision.purpose),
            "items": itemNames(provision.items),
            "retention": t(provision.retention),
            "basis": Words.basis(provision.basis, in: policy, language),
            "period": t(provision.period),
            "file": t(provision.file),
        ])
    }

    private func consignment(_ consignment: Consignment) -> [String: Any] {
        compact([
            "consignee": consignment.consignee.text(in: language),
            "contact": consignment.contact,
            "url": consignment.url,
            "task": t(consignment.task),
            "items": itemNames(consignment.items),
            "period": t(consignment.period),
            "country": t(consignment.country),
            "subConsignees": consignment.subConsignees.map {
                compact(["name": t($0.name), "task": t($0.task), "country": t($0.country)])
            },
        ])
    }

    private func overseas() -> [[String: Any]] {
        let provisions = policy.provisions.compactMap { provision in
            provision.overseas.map { transfer in
                overseasEntry(recipient: provision.recipient, items: provision.items, purpose: provision.purpose,
                              retention: provision.retention, transfer: transfer)
            }
        }
        let consignments = policy.consignments.compactMap { consignment in
            consignment.overseas.map { transfer in
                overseasEntry(recipient: consignment.consignee, items: consignment.items, purpose: consignment.task,
                              retention: consignment.period, transfer: transfer)
            }
        }
        return provisions + consignments
    }

    private func overseasEntry(
        recipient: LocalizedText, items: [Identifier], purpose: LocalizedText, retention: LocalizedText?,
        transfer: OverseasTransfer
    ) -> [String: Any] {
        let unstated = LegalBasis.unstated.text(in: policy, language)
        func disclosed(_ field: String, _ value: String?) -> String? { transfer.unstated.contains(field) ? unstated : value }
        return compact([
            "recipient": recipient.text(in: language), "items": itemNames(items), "purpose": t(purpose),
            "retention": t(retention), "country": disclosed("country", t(transfer.country)),
            "whenAndHow": disclosed("when_and_how", b(transfer.whenAndHow)),
            "contact": disclosed("contact", transfer.contact), "howToRefuse": disclosed("how_to_refuse", b(transfer.howToRefuse)),
        ])
    }

    private func rights() -> [String: Any]? {
        guard let rights = policy.rights else { return nil }
        return compact([
            "channels": rights.channels.map { channel in
                compact(["kind": Words.channel(channel.kind, language), "detail": b(channel.detail),
                         // A channel for some requests only says which ("열람 요구에 한함").
                         "only": channel.requests.isEmpty ? nil : channel.requests.map { $0.name(in: language) }.joined(separator: ", ")])
            },
            "agents": rights.agents ? true : nil,
            "procedure": b(rights.procedure),
            "notes": rights.notes.map { Self.block($0.text(in: language)) },
        ])
    }

    private func automaticCollection() -> [String: Any]? {
        guard let collection = policy.automaticCollection else { return nil }
        return compact([
            // The organisation's own definition of cookies stands instead of the guideline's, never beside it.
            "cookies": collection.cookies && collection.definition == nil ? true : nil,
            // With cookies or without, the organisation's own words stand instead of the renderer's sentence.
            "definition": b(collection.definition),
            "noCookies": collection.cookies || collection.definition != nil ? nil : true,
            "purpose": b(collection.purpose),
            "howToRefuse": b(collection.howToRefuse),
            "ifRefused": b(collection.ifRefused),
            "tools": collection.tools.map {
                compact(["name": t($0.name), "provider": t($0.provider), "purpose": b($0.purpose),
                         "collects": b($0.collects), "optOut": b($0.optOut)])
            },
        ])
    }

    private func safetyMeasures() -> [String: Any]? {
        guard let measures = policy.safetyMeasures else { return nil }
        return compact([
            "administrative": measures.administrative.map { Self.block($0.text(in: language)) },
            "technical": measures.technical.map { Self.block($0.text(in: language)) },
            "physical": measures.physical.map { Self.block($0.text(in: language)) },
        ])
    }

    private func contact(_ contact: Contact) -> [String: Any] {
        compact([
            "name": t(contact.name), "title": t(contact.title), "department": t(contact.department),
            "contact": t(contact.contact), "phone": contact.phone, "email": contact.email, "address": t(contact.address),
            "scope": t(contact.scope), "fax": contact.fax, "note": b(contact.note), "role": t(contact.role),
        ])
    }

    private func notice(_ notice: Notice) -> [String: Any] {
        compact(["title": t(notice.title), "body": Self.block(notice.body.text(in: language))])
    }

    private func dormancy() -> [String: Any]? {
        guard let dormancy = policy.dormancy else { return nil }
        return compact([
            "after": dormancy.after.text(in: language),
            "noticeDays": dormancy.noticeDays.map(String.init),
            "separate": dormancy.action == .separate ? true : nil,
            "destroy": dormancy.action == .destroy ? true : nil,
            "destroyAfter": dormancy.destroyAfter?.text(in: language),
            "wording": b(dormancy.wording),
        ])
    }

    private func version(_ version: PolicyVersion) -> [String: Any] {
        compact([
            "id": version.id,
            "announced": version.announced?.text(in: language),
            "effective": version.effective?.text(in: language) ?? version.effectiveMonth?.text(in: language),
            "until": version.until?.text(in: language),
            "summary": t(version.summary),
            "freshConsent": version.freshConsent ? true : nil,
            "url": version.url,
        ])
    }
}
