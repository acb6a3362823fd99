/// What changed between two versions of a policy, in sentences a reader understands.
public enum PolicyDiff {
    public static func changes(from old: Policy, to new: Policy) -> [PolicyChange] {
        items(old, new) + purposes(old, new) + retention(old, new) + provisions(old, new) + consignments(old, new)
            + contacts(old, new) + cookies(old, new) + dormancy(old, new)
    }

    private static func name(_ text: LocalizedText) -> (ko: String, en: String) {
        (text.text(in: .ko), text.text(in: .en))
    }

    private static func names(_ ids: [Identifier], in policy: Policy) -> (ko: String, en: String) {
        let items = ids.map { policy.item($0)?.name ?? LocalizedText($0) }
        return (items.map { $0.text(in: .ko) }.joined(separator: ", "), items.map { $0.text(in: .en) }.joined(separator: ", "))
    }

    /// Whether `item` is processed on the person's consent in `policy`, so that a change to it needs fresh consent.
    private static func isConsentBased(_ item: Identifier, in policy: Policy) -> Bool {
        policy.purposes.contains { $0.items.contains(item) && $0.basis?.consentID != nil }
    }

    private static func items(_ old: Policy, _ new: Policy) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        for item in new.items {
            let n = name(item.name)
            guard let before = old.item(item.id) else {
                let kindKo = item.required ? "필수" : "선택"
                let kindEn = item.required ? "required" : "optional"
                changes.append(PolicyChange(.itemAdded,
                    ko: "수집 항목에 '\(n.ko)'(\(kindKo))이(가) 추가되었습니다.",
                    en: "The \(kindEn) item '\(n.en)' is now collected.",
                    needsFreshConsent: isConsentBased(item.id, in: new)))
                continue
            }
            if item.required, !before.required {
                changes.append(PolicyChange(.itemMadeRequired,
                    ko: "선택 항목이던 '\(n.ko)'이(가) 필수 항목이 되었습니다.",
                    en: "The item '\(n.en)' was optional and is now required.",
                    needsFreshConsent: true))
            } else if !item.required, before.required {
                changes.append(PolicyChange(.itemMadeOptional,
                    ko: "필수 항목이던 '\(n.ko)'이(가) 선택 항목이 되었습니다.",
                    en: "The item '\(n.en)' was required and is now optional."))
            }
        }
        for item in old.items where new.item(item.id) == nil {
            let n = name(item.name)
            changes.append(PolicyChange(.itemRemoved,
                ko: "'\(n.ko)'은(는) 더 이상 수집하지 않습니다.", en: "The item '\(n.en)' is no longer collected."))
        }
        return changes
    }

    private static func purposes(_ old: Policy, _ new: Policy) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        for purpose in new.purposes {
            let n = name(purpose.name)
            let consentBased = purpose.basis?.consentID != nil
            guard let before = old.purpose(purpose.id) else {
                let items = names(purpose.items, in: new)
                changes.append(PolicyChange(.purposeAdded,
                    ko: "새 처리 목적 '\(n.ko)'이(가) 추가되었습니다(항목: \(items.ko)).",
                    en: "A new purpose, '\(n.en)', uses \(items.en).",
                    needsFreshConsent: consentBased))
                continue
            }
            let added = purpose.items.filter { !before.items.contains($0) }
            if !added.isEmpty {
                let items = names(added, in: new)
                changes.append(PolicyChange(.purposeItemsAdded,
                    ko: "처리 목적 '\(n.ko)'에 \(items.ko)이(가) 추가로 이용됩니다.",
                    en: "The purpose '\(n.en)' now also uses \(items.en).",
                    needsFreshConsent: consentBased))
            }
            let removed = before.items.filter { !purpose.items.contains($0) }
            if !removed.isEmpty {
                let items = names(removed, in: old)
                changes.append(PolicyChange(.purposeItemsRemoved,
                    ko: "처리 목적 '\(n.ko)'에 \(items.ko)을(를) 더 이상 이용하지 않습니다.",
                    en: "The purpose '\(n.en)' no longer uses \(items.en)."))
            }
            if purpose.basis != before.basis {
                changes.append(PolicyChange(.purposeBasisChanged,
                    ko: "처리 목적 '\(n.ko)'의 법적 근거가 바뀌었습니다.",
                    en: "The legal basis of the purpose '\(n.en)' has changed.",
                    needsFreshConsent: consentBased))
            }
        }
        for purpose in old.purposes where new.purpose(purpose.id) == nil {
            let n = name(purpose.name)
            changes.append(PolicyChange(.purposeRemoved,
                ko: "처리 목적 '\(n.ko)'이(가) 삭제되었습니다.", en: "The purpose '\(n.en)' has been dropped."))
        }
        return changes
    }

    private static func retentionKey(_ rule: RetentionRule) -> String {
        rule.id ?? rule.records?.text(in: .en) ?? rule.items.joined(separator: ",")
    }

    private static func retention(_ old: Policy, _ new: Policy) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        let before = Dictionary(old.retention.map { (retentionKey($0), $0) }, uniquingKeysWith: { first, _ in first })
        for rule in new.retention {
            let n = rule.records.map(name) ?? names(rule.items, in: new)
            let consentBased = rule.items.contains { isConsentBased($0, in: new) }
            guard let previous = before[retentionKey(rule)] else {
                changes.append(PolicyChange(.retentionAdded,
                    ko: "'\(n.ko)'의 보유기간(\(termText(rule.term, .ko)))이 새로 정해졌습니다.",
                    en: "'\(n.en)' is now kept \(termText(rule.term, .en))."))
                continue
            }
            guard previous.term != rule.term else {
                // The same term for other people: who the rule keeps is part of the promise.
                if previous.subjects != rule.subjects {
                    let who = { (rule: RetentionRule, policy: Policy, language: Language) -> String in
                        rule.subjects.isEmpty ? (language == .ko ? "모든 정보주체" : "everyone")
                            : rule.subjects.map { id in policy.subjects.first { $0.id == id }?.name.text(in: language) ?? id }
                                .joined(separator: ", ")
                    }
                    changes.append(PolicyChange(.retentionChanged,
                        ko: "'\(n.ko)'의 보유기간이 적용되는 정보주체가 '\(who(previous, old, .ko))'에서 '\(who(rule, new, .ko))'(으)로 바뀌었습니다.",
                        en: "'\(n.en)' was kept so for \(who(previous, old, .en)) and is now kept so for \(who(rule, new, .en)).",
                        needsFreshConsent: consentBased))
                }
                continue
            }
            let oldTerm = (termText(previous.term, .ko), termText(previous.term, .en))
            let newTerm = (termText(rule.term, .ko), termText(rule.term, .en))
            if let was = previous.term.period, let now = rule.term.period, previous.term.event == rule.term.event {
                if now.approximateDays > was.approximateDays {
                    changes.append(PolicyChange(.retentionLengthened,
                        ko: "'\(n.ko)'의 보유기간이 \(was.text(in: .ko))에서 \(now.text(in: .ko))(으)로 늘어났습니다.",
                        en: "'\(n.en)' is kept longer: \(now.text(in: .en)) instead of \(was.text(in: .en)).",
                        needsFreshConsent: consentBased))
                } else {
                    changes.append(PolicyChange(.retentionShortened,
                        ko: "'\(n.ko)'의 보유기간이 \(was.text(in: .ko))에서 \(now.text(in: .ko))(으)로 줄었습니다.",
                        en: "'\(n.en)' is kept for less time: \(now.text(in: .en)) instead of \(was.text(in: .en))."))
                }
            } else {
                changes.append(PolicyChange(.retentionChanged,
                    ko: "'\(n.ko)'의 보유기간이 '\(oldTerm.0)'에서 '\(newTerm.0)'(으)로 바뀌었습니다.",
                    en: "'\(n.en)' was kept \(oldTerm.1) and is now kept \(newTerm.1).",
                    needsFreshConsent: consentBased))
            }
        }
        let keys = Set(new.retention.map(retentionKey))
        for rule in old.retention where !keys.contains(retentionKey(rule)) {
            let n = rule.records.map(name) ?? names(rule.items, in: old)
            changes.append(PolicyChange(.retentionRemoved,
                ko: "'\(n.ko)'에 대한 보유 규정이 삭제되었습니다.", en: "The retention rule for '\(n.en)' has been dropped."))
        }
        return changes
    }

    private static func termText(_ term: RetentionTerm, _ language: Language) -> String {
        switch (term, language) {
        case (.period(let period, _), _): period.text(in: language)
        case (.until, _), (.untilFirst, _), (.permanent, _): term.text(in: language)
        }
    }

    private static func provisions(_ old: Policy, _ new: Policy) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        for provision in new.provisions {
            let n = name(provision.recipient)
            guard let before = old.provisions.first(where: { $0.id == provision.id }) else {
                let items = names(provision.items, in: new)
                changes.append(PolicyChange(.recipientAdded,
                    ko: "개인정보(\(items.ko))를 '\(n.ko)'에 새로 제공합니다.",
                    en: "Personal information (\(items.en)) is now provided to a new recipient, '\(n.en)'.",
                    needsFreshConsent: true))
                if let overseas = provision.overseas {
                    let country = overseas.country.map(name) ?? (ko: "국외", en: "abroad")
                    changes.append(PolicyChange(.overseasTransferAdded,
                        ko: "'\(n.ko)'(\(country.ko))로의 국외 이전이 추가되었습니다.",
                        en: "Personal information is now transferred abroad to '\(n.en)' (\(country.en)).",
                        needsFreshConsent: true))
                }
                continue
            }
            let added = provision.items.filter { !before.items.contains($0) }
            if !added.isEmpty {
                let items = names(added, in: new)
                changes.append(PolicyChange(.recipientItemsAdded,
                    ko: "'\(n.ko)'에 \(items.ko)을(를) 추가로 제공합니다.",
                    en: "'\(n.en)' now also receives \(items.en).", needsFreshConsent: true))
            }
            if provision.purpose != before.purpose || provision.retention != before.retention {
                changes.append(PolicyChange(.recipientChanged,
                    ko: "'\(n.ko)'의 이용 목적 또는 보유기간이 바뀌었습니다.",
                    en: "The purpose or retention of '\(n.en)' has changed.", needsFreshConsent: true))
            }
            if provision.overseas != nil, before.overseas == nil {
                changes.append(PolicyChange(.overseasTransferAdded,
                    ko: "'\(n.ko)'로의 제공이 국외 이전이 되었습니다.",
                    en: "Provision to '\(n.en)' is now a transfer abroad.", needsFreshConsent: true))
            }
        }
        for provision in old.provisions where !new.provisions.contains(where: { $0.id == provision.id }) {
            let n = name(provision.recipient)
            changes.append(PolicyChange(.recipientRemoved,
                ko: "'\(n.ko)'에 더 이상 개인정보를 제공하지 않습니다.",
                en: "Personal information is no longer provided to '\(n.en)'."))
        }
        return changes
    }

    private static func consignments(_ old: Policy, _ new: Policy) -> [PolicyChange] {
        let before = Set(old.consignments.map(\.consignee))
        let after = Set(new.consignments.map(\.consignee))
        let added = new.consignments.filter { !before.contains($0.consignee) }.map { consignment in
            let n = name(consignment.consignee), task = name(consignment.task)
            return PolicyChange(.consigneeAdded,
                ko: "'\(n.ko)'에 '\(task.ko)' 업무를 새로 위탁합니다.",
                en: "'\(task.en)' is now consigned to '\(n.en)'.",
                needsFreshConsent: consignment.overseas != nil)
        }
        let removed = old.consignments.filter { !after.contains($0.consignee) }.map { consignment in
            let n = name(consignment.consignee)
            return PolicyChange(.consigneeRemoved,
                ko: "'\(n.ko)'에 대한 위탁이 종료되었습니다.", en: "Nothing is consigned to '\(n.en)' any more.")
        }
        return added + removed
    }

    private static func contacts(_ old: Policy, _ new: Policy) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        if old.officer != new.officer || old.officerUnstated != new.officerUnstated {
            changes.append(PolicyChange(.contactChanged,
                ko: "개인정보 보호책임자 또는 그 연락처가 바뀌었습니다.", en: "The privacy officer or their contact details have changed."))
        }
        if old.department != new.department {
            changes.append(PolicyChange(.contactChanged,
                ko: "개인정보 보호 담당부서 또는 그 연락처가 바뀌었습니다.", en: "The responsible department or its contact details have changed."))
        }
        return changes
    }

    private static func cookies(_ old: Policy, _ new: Policy) -> [PolicyChange] {
        let before = Set(old.automaticCollection?.tools.map(\.name) ?? [])
        var changes = (new.automaticCollection?.tools ?? []).filter { !before.contains($0.name) }.map { tool in
            let n = name(tool.name)
            return PolicyChange(.cookiesChanged,
                ko: "행태정보 수집 도구 '\(n.ko)'을(를) 새로 사용합니다.", en: "The tool '\(n.en)' now collects usage information.")
        }
        if old.automaticCollection == nil, new.automaticCollection?.cookies == true {
            changes.insert(PolicyChange(.cookiesChanged, ko: "쿠키를 새로 사용합니다.", en: "Cookies are now used."), at: 0)
        }
        return changes
    }

    private static func dormancy(_ old: Policy, _ new: Policy) -> [PolicyChange] {
        guard old.dormancy != new.dormancy else { return [] }
        if let dormancy = new.dormancy {
            return [PolicyChange(.dormancyChanged,
                ko: "\(dormancy.after.text(in: .ko)) 동안 이용하지 않은 이용자의 개인정보를 \(dormancy.action == .separate ? "분리 보관" : "파기")합니다.",
                en: "Personal information of people inactive for \(dormancy.after.text(in: .en)) is \(dormancy.action == .separate ? "stored separately" : "destroyed").")]
        }
        return [PolicyChange(.dormancyChanged, ko: "휴면 정책이 폐지되었습니다.", en: "The dormancy policy has been dropped.")]
    }
}

