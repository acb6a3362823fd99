import JikimCore

/// Names of the policy's fixed vocabulary in each language, for the templates.
enum Words {
    static func basis(_ basis: LegalBasis?, in policy: Policy, _ language: Language) -> String {
        let ko = language == .ko
        switch basis {
        case nil: return ""
        case .consent(let id)?:
            let title = policy.consent(id)?.title.text(in: language) ?? id
            return ko ? "동의 (\(title))" : "Consent (\(title))"
        case .contract?: return ko ? "계약의 이행" : "Performance of a contract"
        case .law(let reference)?: return statute(reference, in: policy, language)
        case .publicDuty(let reference)?:
            return (ko ? "법령상 소관 업무 수행: " : "Public duty: ") + statute(reference, in: policy, language)
        case .vitalInterests?: return ko ? "생명·신체·재산의 이익 보호" : "Vital interests"
        case .legitimateInterest(let text)?:
            return (ko ? "정당한 이익: " : "Legitimate interest: ") + text.text(in: language)
        }
    }

    static func statute(_ reference: StatuteReference, in policy: Policy, _ language: Language) -> String {
        let name = policy.statute(reference.statute)?.name.text(in: language) ?? reference.statute
        guard let article = reference.article?.text(in: language) else { return name }
        return "\(name) \(article)"
    }

    static func retentionBasis(_ basis: RetentionBasis, in policy: Policy, _ language: Language) -> String {
        switch basis {
        case .law(let reference): statute(reference, in: policy, language)
        case .internalPolicy: language == .ko ? "내부 방침" : "Internal policy"
        case .consent(let id): self.basis(.consent(id), in: policy, language)
        }
    }

    static func term(_ term: RetentionTerm, _ language: Language) -> String {
        switch (term, language) {
        case (.period(let period, let event), .ko): "\(event.text(in: .ko)) 후 \(period.text(in: .ko))"
        case (.period(let period, let event), .en): "\(period.text(in: .en)) from \(event.text(in: .en))"
        case (.until(let event), .ko): "\(event.text(in: .ko)) 시까지"
        case (.until(let event), .en): "until \(event.text(in: .en))"
        }
    }

    static func collection(_ method: CollectionMethod, _ language: Language) -> String {
        let ko = language == .ko
        return switch method {
        case .webForm: ko ? "홈페이지" : "website form"
        case .writing: ko ? "서면 양식" : "written form"
        case .phone: ko ? "전화" : "phone"
        case .fax: ko ? "팩스" : "fax"
        case .email: ko ? "이메일" : "e-mail"
        case .board: ko ? "상담 게시판" : "board"
        case .event: ko ? "이벤트 응모" : "events"
        case .offline: ko ? "오프라인 수집" : "offline"
        case .partner: ko ? "협력 회사로부터의 제공" : "from partners"
        case .automatic: ko ? "생성정보 수집 툴을 통한 자동 수집" : "generated automatically"
        }
    }

    static func channel(_ kind: RightsChannel.Kind, _ language: Language) -> String {
        let ko = language == .ko
        return switch kind {
        case .writing: ko ? "서면" : "In writing"
        case .email: ko ? "이메일" : "E-mail"
        case .phone: ko ? "전화" : "Phone"
        case .fax: ko ? "팩스" : "Fax"
        case .board: ko ? "게시판" : "Board"
        case .web: ko ? "홈페이지" : "Website"
        case .inPerson: ko ? "방문" : "In person"
        }
    }

    static func list(_ texts: [String], _ language: Language) -> String {
        texts.joined(separator: ", ")
    }
}
