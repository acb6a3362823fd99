import Foundation
import JikimCore
import Mustache

/// The public pages where a person files a request (Arts. 35–38) and follows it: the form, and the status page
/// with the answer once given. Rendered from `request-form.html` and `request-status.html` inside `page.html`.
extension PolicyRenderer {
    /// `csrf` is the token every form of the page carries back, bound to the browser's cookie (the server checks it).
    /// Each item's name as a list of items shows it: where several items share a name (one per service, say), each
    /// is told apart by its services or the people it is collected from, as the rendered policy groups them.
    static func itemLabels(_ items: [Item], in policy: Policy, _ language: Language) -> [Identifier: String] {
        let byName = Dictionary(grouping: items) { $0.name.text(in: language) }
        var labels: [Identifier: String] = [:]
        for (name, sharing) in byName {
            for item in sharing {
                guard sharing.count > 1 else { labels[item.id] = name; continue }
                let services = item.services.compactMap { id in policy.services.first { $0.id == id }?.name.text(in: language) }
                let subjects = item.subjects.compactMap { id in policy.subjects.first { $0.id == id }?.name.text(in: language) }
                let qualifier = (services.isEmpty ? subjects : services).joined(separator: ", ")
                labels[item.id] = "\(name) (\(qualifier.isEmpty ? item.id : qualifier))"
            }
        }
        return labels
    }

    public func requestForm(policy: Policy, language: Language, error: String? = nil, csrf: String) throws(Failure) -> String {
        let names = { (text: LocalizedText) in text.text(in: language) }
        let labels = Self.itemLabels(policy.items, in: policy, language)
        let label = { (item: Item) in labels[item.id] ?? names(item.name) }
        let context: [String: Any] = [
            "lang": language.rawValue, "t": RequestWords.labels(language), "error": error.map { $0 as Any } ?? NSNull(), "csrf": csrf,
            // Transmission only where the policy declares the organisation one the Decree obliges (Art. 35-2).
            "kinds": RequestKind.allCases.filter { $0 != .transmission || policy.rights?.transmission == true }.enumerated()
                .map { ["value": $1.rawValue, "name": $1.name(in: language), "checked": $0 == 0] },
            "contacts": policy.items.filter(\.verifiable).map { ["id": $0.id, "name": label($0)] },
            "items": policy.items.filter { $0.protection != .oneWay && $0.category != .automatic }.map { ["id": $0.id, "name": label($0)] },
            "purposes": policy.purposes.map { ["id": $0.id, "name": names($0.name)] },
            "optionalItems": policy.items.filter { !$0.required }.map { ["id": $0.id, "name": label($0)] },
            "hasOptionalItems": policy.items.contains { !$0.required },
            "consents": policy.consents.filter { $0.kind != .required }.map { ["id": $0.id, "name": names($0.title)] },
            "agents": policy.rights?.agents ?? true,
            "relations": AgentAuthority.Relation.allCases.map { ["value": $0.rawValue, "name": $0.name(in: language)] },
        ]
        return try page(template: "request-form.html", context: context, title: RequestWords.labels(language)["formTitle"] ?? "", language: language)
    }

    /// The status page of a request; `token` is the filer's follow token, put into the page's forms.
    public func requestStatus(
        policy: Policy, request: RequestSummary, steps: [RequestStep], answer: RequestAnswer?, token: String, justFiled: Bool,
        error: String? = nil, language: Language, csrf: String
    ) throws(Failure) -> String {
        let labels = RequestWords.labels(language)
        let lang = language.rawValue
        func list(_ values: [String]) -> String { values.joined(separator: ", ") }
        func itemNames(_ ids: [Identifier]) -> [String] { ids.map { policy.item($0)?.name.text(in: language) ?? $0 } }
        // An agent's request waits for staff to check the authority, not for the person's code.
        func stateName(_ state: RequestState) -> String {
            state == .verifying && request.filer == "agent" ? labels["authorityState"] ?? state.name(in: language) : state.name(in: language)
        }
        let context: [String: Any] = [
            "lang": lang, "t": labels, "error": error.map { $0 as Any } ?? NSNull(), "token": token, "csrf": csrf, "justFiled": justFiled,
            "request": ["number": request.number, "receivedAt": local(request.receivedAt), "deadline": request.deadline, "deadlineProvisional": request.deadlineProvisional, "overdue": request.overdue,
                        "postponement": request.postponement.map { $0 as Any } ?? NSNull()],
            "kindName": request.kind.name(in: language), "stateName": stateName(request.state),
            // A person's request waits for their code; an agent's for staff to check the document filed with it.
            "canVerify": request.state == .verifying && request.filer != "agent", "canWithdraw": request.state.isOpen,
            "awaitingAuthority": request.state == .verifying && request.filer == "agent",
            "answer": answer.map { answerContext($0, policy: policy, language: language) as Any } ?? NSNull(),
            // A completed access, transmission or correction whose copy of the values went with the information.
            "answerDestroyed": answer == nil && request.state == .completed && request.kind.holdsValues,
            "steps": steps.map { ["at": local($0.at), "stateName": stateName($0.state)] },
        ]
        return try page(template: "request-status.html", context: context, title: "\(labels["statusTitle"] ?? "") \(request.number)", language: language)
    }

    /// The answer to a request as the person reads it (and staff see it on the console's request page).
    func answerContext(_ answer: RequestAnswer, policy: Policy, language: Language) -> [String: Any] {
        let lang = language.rawValue
        func list(_ values: [String]) -> String { values.joined(separator: ", ") }
        func itemNames(_ ids: [Identifier]) -> [String] { ids.map { policy.item($0)?.name.text(in: language) ?? $0 } }
        var answerContext: [String: Any] = [:]
        if let access = answer.access?[lang] {
            answerContext["access"] = [
                "items": access.items.map { ["name": $0.name, "value": $0.value ?? "—", "storage": $0.storage] },
                "purposes": access.purposes.map { ["name": $0.name, "basis": $0.basis, "itemList": list($0.items)] },
                "retention": access.retention.map { ["itemList": list($0.items), "ruleList": $0.rules.joined(separator: "; "), "until": $0.until ?? "—"] },
                "provisions": access.provisions.map { ["recipient": $0.recipient, "itemList": list($0.items), "at": local($0.at), "basis": $0.basis] },
                "hasProvisions": !access.provisions.isEmpty,
                "consents": access.consents.map { ["consent": $0.consent, "action": $0.action, "at": local($0.at), "channel": $0.channel] },
            ] as [String: Any]
        }
        if answer.transmission != nil { answerContext["transmission"] = true }
        if let corrected = answer.corrected { answerContext["hasCorrected"] = true; answerContext["correctedList"] = list(itemNames(corrected)) }
        // Art. 36 and the standard guideline: the recipients that had a corrected item are told of the correction.
        let recipientNames = { (ids: [Identifier]) in
            ids.map { id in
                policy.provisions.first { $0.id == id }?.recipient.text(in: language)
                    ?? policy.consignments.first { $0.id == id }?.consignee.text(in: language) ?? id
            }
        }
        if let notified = answer.recipientsNotified, !notified.isEmpty { answerContext["notifiedList"] = list(recipientNames(notified)) }
        if let unreachable = answer.recipientsWithoutContact, !unreachable.isEmpty {
            answerContext["withoutContactList"] = list(recipientNames(unreachable))
        }
        if let suspended = answer.suspended {
            answerContext["hasSuspended"] = true
            answerContext["suspendedList"] = list(suspended.map { policy.purpose($0)?.name.text(in: language) ?? $0 })
        }
        if let withdrawn = answer.withdrawn, !withdrawn.isEmpty {
            answerContext["hasWithdrawn"] = true
            answerContext["withdrawnList"] = list(withdrawn.map { policy.consent($0)?.title.text(in: language) ?? $0 })
        }
        if let deleted = answer.deleted {
            answerContext["hasDeleted"] = true
            answerContext["deletedList"] = deleted.isEmpty ? nil : list(itemNames(deleted))
            answerContext["hasKeptSeparately"] = !(answer.keptSeparately ?? [:]).isEmpty
            answerContext["keptSeparately"] = (answer.keptSeparately ?? [:]).sorted { $0.key < $1.key }.map { item, rule in
                ["item": itemNames([item]).first ?? item, "rule": rule]
            }
        }
        if let outcome = answer.retention?[lang] {
            answerContext["retention"] = [
                "hasKept": !outcome.kept.isEmpty,
                "kept": outcome.kept.map { ["itemList": list($0.items), "rule": $0.rule, "term": $0.term, "basis": $0.basis, "until": $0.until ?? "—"] },
                "hasDestroyed": !outcome.destroyed.isEmpty, "destroyedList": list(outcome.destroyed),
                "hasAwaitingApproval": !outcome.awaitingApproval.isEmpty, "awaitingApprovalList": list(outcome.awaitingApproval),
            ] as [String: Any]
        }
        if let partial = answer.partialRefusal?[lang], let withheld = answer.withheld {
            let names: [String] = switch answer.kind {
            case .suspension: withheld.map { policy.purpose($0)?.name.text(in: language) ?? $0 }
            case .withdrawal: withheld.map { policy.consent($0)?.title.text(in: language) ?? $0 }
            default: itemNames(withheld)
            }
            answerContext["partialRefusal"] = ["withheldList": list(names), "article": partial.article, "reason": partial.reason,
                                               "note": partial.note.map { $0 as Any } ?? NSNull(), "objection": partial.objection,
                                               "remedies": partial.remedies] as [String: Any]
        }
        if let refusal = answer.refusal?[lang] {
            answerContext["refusal"] = ["article": refusal.article, "reason": refusal.reason, "note": refusal.note.map { $0 as Any } ?? NSNull(),
                                        "objection": refusal.objection, "remedies": refusal.remedies] as [String: Any]
        }
        return answerContext
    }

    /// A stored time as people in Korea read it.
    private func local(_ timestamp: String) -> String {
        Timestamp.date(timestamp).map { ReviewContext.seoul($0) + " KST" } ?? timestamp
    }

    func page(template: String, context: [String: Any], title: String, language: Language) throws(Failure) -> String {
        guard let body = library.render(context, withTemplate: template) else { throw .missingTemplate(template) }
        let page: [String: Any] = ["lang": language.rawValue, "title": title, "body": body]
        guard let html = library.render(page, withTemplate: "page.html") else { throw .missingTemplate("page.html") }
        return html
    }
}

/// The words of the request pages.
enum RequestWords {
    static func labels(_ language: Language) -> [String: String] {
        language == .ko ? korean : english
    }

    static let korean: [String: String] = [
        "formTitle": "개인정보 열람·정정·삭제·처리정지 등 요구", "error": "오류",
        "formIntro": "개인정보 보호법 제35조부터 제38조에 따라 본인의 개인정보에 대한 권리를 행사하실 수 있습니다. 요구를 접수한 날부터 10일 이내에 처리합니다.",
        "kindLegend": "요구 종류", "contactLegend": "본인 확인", "contactItem": "연락처 종류", "contactValue": "등록하신 연락처",
        "contactHelp": "등록하신 연락처로 확인 코드를 보내 드립니다. 등록된 정보가 있는지 여부는 이 화면에 표시하지 않습니다.",
        "deletionLegend": "삭제 요구 시: 선택 항목만 삭제하려면 고르십시오 (고르지 않으면 회원 탈퇴와 함께 모든 정보를 삭제합니다)",
        "correctionLegend": "정정 요구 시: 정정할 항목과 올바른 내용", "correctionHelp": "정정 요구가 처리되는 동안 해당 정보는 이용되거나 제공되지 않습니다.",
        "item": "항목", "value": "내용", "suspensionLegend": "처리정지 요구 시: 정지할 처리 목적", "withdrawalLegend": "동의 철회 시: 철회할 동의",
        "submit": "요구 접수", "followTitle": "접수한 요구 확인", "token": "조회 토큰", "follow": "조회",
        "agentLegend": "대리인의 요구", "agentHelp": "정보주체의 법정대리인이나 위임을 받은 자는 정보주체 대신 요구할 수 있습니다(개인정보 보호법 제38조). 위의 연락처에는 정보주체가 등록한 연락처를 입력하고, 대리 권한을 확인할 수 있는 서류(위임장과 위임인의 인감증명서, 가족관계증명서 등)를 PDF, JPEG 또는 PNG 파일 하나(5MB 이하)로 첨부해 주십시오. 담당자가 서류를 확인한 뒤 처리를 시작합니다.",
        "filerPerson": "본인이 요구합니다", "filerAgent": "대리인으로서 요구합니다:", "relationLabel": "정보주체와의 관계",
        "agentDocument": "대리 권한 서류", "authorityState": "대리 권한 확인 중", "authorityNote": "첨부하신 대리 권한 서류를 담당자가 확인하고 있습니다. 확인되면 처리를 시작하며, 확인되지 않으면 그 사유를 이 화면에서 알려 드립니다.",
        "policyLink": "개인정보 처리방침", "statusTitle": "요구", "postponed": "열람 연기 (개인정보 보호법 제35조제3항): 사유가 없어지면 지체 없이 열람하게 해 드립니다",  "filedNote": "요구가 접수되었습니다.",
        "tokenNote": "아래 조회 토큰을 보관해 두십시오. 이 토큰으로 처리 상태와 결과를 확인하실 수 있으며, 다시 표시되지 않습니다.",
        "kind": "요구 종류", "state": "상태", "received": "접수 일시", "deadline": "처리 기한", "overdue": "기한 경과", "provisional": "잠정: 해당 연도의 공휴일이 아직 확정되지 않았습니다",
        "verifyTitle": "본인 확인", "verifyHelp": "등록하신 연락처로 보낸 6자리 코드를 입력해 주십시오.", "code": "확인 코드", "verify": "확인",
        "resend": "코드 다시 받기", "accessTitle": "열람 결과", "itemsHeld": "보유하고 있는 개인정보의 항목 및 내용", "storage": "보관 상태",
        "purposesTitle": "수집·이용 목적", "purpose": "목적", "basis": "근거", "items": "항목", "retentionTitle": "보유 및 이용 기간",
        "rules": "보유 근거와 기간", "until": "파기 예정일(현재 기준)", "provisionsTitle": "제3자 제공 현황", "recipient": "제공받은 자", "when": "일시",
        "none": "없음", "consentsTitle": "동의 사실 및 내용", "consent": "동의", "action": "구분", "channel": "방법",
        "transmissionTitle": "전송 요구 결과", "transmissionHelp": "개인정보를 컴퓨터로 처리할 수 있는 형식(JSON)으로 내려받으실 수 있습니다.",
        "download": "내려받기", "correctedTitle": "정정한 항목", "notified": "정정 사실을 알린 제공받는 자", "withoutContact": "연락처가 없어 따로 알리는 제공받는 자", "suspendedTitle": "처리를 정지한 목적", "withdrawnTitle": "철회한 동의",
        "answerDestroyed": "이 요구에 대한 답변에 담겼던 개인정보는 그 정보가 파기되거나 삭제되어 함께 파기되었습니다.",
        "deletedTitle": "삭제한 항목", "nothingDeleted": "삭제할 정보가 없었습니다.", "keptSeparatelyTitle": "법령에 따라 분리 보관 중이어서 삭제하지 않은 항목",
        "keptTitle": "법령에 따라 계속 보관하는 정보", "nothingKept": "계속 보관하는 정보는 없습니다.", "rule": "보존하는 기록", "term": "보존 기간", "law": "근거 법령",
        "destroyed": "파기한 정보", "awaiting": "파기 승인 대기 중인 정보", "refusalTitle": "요구를 거절한 사유", "partialTitle": "처리하지 않은 부분과 그 사유", "partialIntro": "요구 중 다음은 처리하지 않았습니다:",
        "historyTitle": "처리 경과", "withdraw": "요구 취하", "back": "요구 화면으로",
    ]

    static let english: [String: String] = [
        "formTitle": "Request to access, correct, delete or stop the processing of your personal information", "error": "Error",
        "formIntro": "Under Articles 35 to 38 of the Personal Information Protection Act you may exercise these rights over your personal information. Requests are answered within 10 days of receipt.",
        "kindLegend": "What you ask for", "contactLegend": "Confirming who you are", "contactItem": "Contact", "contactValue": "The contact you gave us",
        "contactHelp": "We send a confirmation code to the contact you gave us. This page does not show whether we hold any information about you.",
        "deletionLegend": "For a deletion: to delete some optional items only, choose them (choose none to end your membership and delete everything)",
        "correctionLegend": "For a correction: the item and its correct value", "correctionHelp": "While a correction is being made, the item is neither used nor provided.",
        "item": "Item", "value": "Value", "suspensionLegend": "For a suspension: the purposes to stop", "withdrawalLegend": "For a withdrawal: the consents to withdraw",
        "submit": "File the request", "followTitle": "Follow a request", "token": "Follow token", "follow": "Show",
        "agentLegend": "Filing as an agent", "agentHelp": "A person's legal representative, or someone they gave a power of attorney, may file for them (PIPA Art. 38). Enter the contact the person gave us above, and attach the document that shows your authority (a power of attorney with the person's seal certificate, a family relation certificate) as one PDF, JPEG or PNG file of at most 5 MB. Staff check it before the request is carried out.",
        "filerPerson": "I am the person", "filerAgent": "I file as their agent:", "relationLabel": "Your relation to the person",
        "agentDocument": "Document showing the authority", "authorityState": "Checking the agent's authority", "authorityNote": "Staff are checking the document you attached. Once it shows your authority the request is carried out; if it does not, this page says why.",
        "policyLink": "Privacy policy", "statusTitle": "Request", "postponed": "Postponed (PIPA Art. 35(3)); you will be given access without delay once the reason ends",  "filedNote": "Your request has been filed.",
        "tokenNote": "Keep the follow token below: it shows the state and the answer of your request, and is not shown again.",
        "kind": "Request", "state": "State", "received": "Received", "deadline": "Answer due by", "overdue": "overdue", "provisional": "provisional: that year's public holidays are not all known yet",
        "verifyTitle": "Confirm who you are", "verifyHelp": "Enter the 6-digit code we sent to your contact.", "code": "Code", "verify": "Confirm",
        "resend": "Send a new code", "accessTitle": "Your information", "itemsHeld": "Items held and their contents", "storage": "Storage",
        "purposesTitle": "Purposes of collection and use", "purpose": "Purpose", "basis": "Basis", "items": "Items", "retentionTitle": "Retention",
        "rules": "Why and how long", "until": "Destruction due (as things stand)", "provisionsTitle": "Provision to third parties", "recipient": "Recipient", "when": "When",
        "none": "None", "consentsTitle": "Consents", "consent": "Consent", "action": "Given or withdrawn", "channel": "How",
        "transmissionTitle": "Your information to take with you", "transmissionHelp": "Download your information in a machine-readable form (JSON).",
        "download": "Download", "correctedTitle": "Items corrected", "notified": "Recipients told of the correction", "withoutContact": "Recipients with no contact given, told another way", "suspendedTitle": "Purposes stopped", "withdrawnTitle": "Consents withdrawn",
        "answerDestroyed": "The personal information this request's answer held was destroyed with the information it copied.",
        "deletedTitle": "Items deleted", "nothingDeleted": "There was nothing of these items to delete.", "keptSeparatelyTitle": "Not deleted: kept in separate storage as a law requires",
        "keptTitle": "What a law still requires us to keep", "nothingKept": "Nothing is kept.", "rule": "Records", "term": "Kept for", "law": "Law",
        "destroyed": "Destroyed", "awaiting": "Waiting for the officer's approval to be destroyed", "refusalTitle": "Why the request was refused", "partialTitle": "The part not carried out, and why", "partialIntro": "This part of the request was not carried out:",
        "historyTitle": "History", "withdraw": "Withdraw the request", "back": "Back to the request form",
    ]
}
