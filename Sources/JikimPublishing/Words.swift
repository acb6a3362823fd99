import JikimCore

/// Names of the policy's fixed vocabulary in each language, for the templates.
enum Words {
    static func basis(_ basis: LegalBasis?, in policy: Policy, _ language: Language) -> String {
        basis?.text(in: policy, language) ?? ""
    }

    static func statute(_ reference: StatuteReference, in policy: Policy, _ language: Language) -> String {
        reference.text(in: policy, language)
    }

    static func retentionBasis(_ basis: RetentionBasis, in policy: Policy, _ language: Language) -> String {
        basis.text(in: policy, language)
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
