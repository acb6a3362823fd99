/// Legal bases and retention terms as a reader reads them, for documents and notices.
extension LegalBasis {
    public func text(in policy: Policy, _ language: Language) -> String {
        let ko = language == .ko
        switch self {
        case .consent(let id):
            let title = policy.consent(id)?.title.text(in: language) ?? id
            return ko ? "동의 (\(title))" : "Consent (\(title))"
        case .contract: return ko ? "계약의 이행" : "Performance of a contract"
        case .law(let reference): return reference.text(in: policy, language)
        case .publicDuty(let reference): return (ko ? "법령상 소관 업무 수행: " : "Public duty: ") + reference.text(in: policy, language)
        case .vitalInterests: return ko ? "생명·신체·재산의 이익 보호" : "Vital interests"
        case .legitimateInterest(let text): return (ko ? "정당한 이익: " : "Legitimate interest: ") + text.text(in: language)
        case .several(let bases): return bases.map { $0.text(in: policy, language) }.joined(separator: ko ? " 및 " : "; ")
        case .unstated: return ko ? "처리방침에 밝히지 않음" : "Not stated in the policy"
        }
    }
}

extension StatuteReference {
    public func text(in policy: Policy, _ language: Language) -> String {
        let name = policy.statute(statute)?.name.text(in: language) ?? statute
        guard let article = article?.text(in: language) else { return name }
        return "\(name) \(article)"
    }
}

extension RetentionBasis {
    public func text(in policy: Policy, _ language: Language) -> String {
        switch self {
        case .law(let reference): reference.text(in: policy, language)
        case .internalPolicy: language == .ko ? "내부 방침" : "Internal policy"
        case .consent(let id): LegalBasis.consent(id).text(in: policy, language)
        case .several(let bases): bases.map { $0.text(in: policy, language) }.joined(separator: language == .ko ? " 및 " : "; ")
        case .unstated: LegalBasis.unstated.text(in: policy, language)
        }
    }
}

extension RetentionTerm {
    public func text(in language: Language) -> String {
        switch (self, language) {
        case (.period(let period, let event), .ko): "\(event.text(in: .ko)) 후 \(period.text(in: .ko))"
        case (.period(let period, let event), .en): "\(period.text(in: .en)) from \(event.text(in: .en))"
        case (.until(let event), .ko): "\(event.text(in: .ko)) 시까지"
        case (.until(let event), .en): "until \(event.text(in: .en))"
        case (.untilFirst(let events), .ko): "\(events.map { $0.text(in: .ko) }.joined(separator: " 또는 ")) 중 먼저 도래하는 때까지"
        case (.untilFirst(let events), .en): "until \(events.map { $0.text(in: .en) }.joined(separator: " or ")), whichever comes first"
        case (.permanent, .ko): "영구"
        case (.permanent, .en): "permanently"
        }
    }
}
