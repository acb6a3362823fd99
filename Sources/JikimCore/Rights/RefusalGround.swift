/// The grounds in law on which a request may be refused, limited or not carried out. A refusal names one, and the
/// answer gives the route to object (Decree Arts. 42(2), 43(3), 44(2)).
public enum RefusalGround: String, Sendable, Hashable, CaseIterable, Codable {
    /// A law forbids or limits access (Art. 35(4)1).
    case accessForbiddenByLaw = "art35-4-1"
    /// Access may harm another's life or body, or unjustly harm their property or other interests (Art. 35(4)2).
    case accessHarmsOthers = "art35-4-2"
    /// A public institution's tax, grading, examination, audit or similar duty would be seriously hindered (Art. 35(4)3).
    case accessHindersPublicDuty = "art35-4-3"
    /// Another law names the information as to be collected: it cannot be deleted (Art. 36(1) proviso).
    case deletionRequiredByLaw = "art36-1"
    /// Another law lays down its own procedure for correcting or deleting it (Art. 36(2) proviso).
    case otherProcedureByLaw = "art36-2"
    /// A law requires the processing, or it is needed to meet a legal obligation (Art. 37(2)1).
    case processingRequiredByLaw = "art37-2-1"
    /// Stopping may harm another's life or body, or unjustly harm their property or other interests (Art. 37(2)2).
    case suspensionHarmsOthers = "art37-2-2"
    /// A public institution could not carry out a duty a law gives it (Art. 37(2)3).
    case suspensionHindersPublicDuty = "art37-2-3"
    /// A contract with the person, such as a service they use, could not be performed, and they have not made clear
    /// they end it (Art. 37(2)4).
    case contractCannotBePerformed = "art37-2-4"
    /// The filer could not be confirmed as the person or their agent (Decree Art. 46).
    case identityNotConfirmed = "decree46"

    public var article: String {
        switch self {
        case .accessForbiddenByLaw: "PIPA Art. 35(4)1"
        case .accessHarmsOthers: "PIPA Art. 35(4)2"
        case .accessHindersPublicDuty: "PIPA Art. 35(4)3"
        case .deletionRequiredByLaw: "PIPA Art. 36(1)"
        case .otherProcedureByLaw: "PIPA Art. 36(2)"
        case .processingRequiredByLaw: "PIPA Art. 37(2)1"
        case .suspensionHarmsOthers: "PIPA Art. 37(2)2"
        case .suspensionHindersPublicDuty: "PIPA Art. 37(2)3"
        case .contractCannotBePerformed: "PIPA Art. 37(2)4"
        case .identityNotConfirmed: "PIPA Enforcement Decree Art. 46"
        }
    }

    /// The requests the ground can refuse.
    public func applies(to kind: RequestKind) -> Bool {
        switch self {
        case .accessForbiddenByLaw, .accessHarmsOthers, .accessHindersPublicDuty: kind == .access || kind == .transmission
        case .deletionRequiredByLaw: kind == .deletion
        case .otherProcedureByLaw: kind == .correction || kind == .deletion
        case .processingRequiredByLaw, .suspensionHarmsOthers, .contractCannotBePerformed: kind == .suspension || kind == .withdrawal
        case .suspensionHindersPublicDuty: kind == .suspension
        case .identityNotConfirmed: true
        }
    }

    public func text(in language: Language) -> String {
        switch (self, language) {
        case (.accessForbiddenByLaw, .ko): "법률에 따라 열람이 금지되거나 제한되는 경우"
        case (.accessForbiddenByLaw, .en): "A law forbids or limits access to it"
        case (.accessHarmsOthers, .ko): "다른 사람의 생명·신체를 해할 우려가 있거나 다른 사람의 재산과 그 밖의 이익을 부당하게 침해할 우려가 있는 경우"
        case (.accessHarmsOthers, .en): "Access may harm another person's life or body, or unjustly harm their property or other interests"
        case (.accessHindersPublicDuty, .ko): "공공기관의 조세 부과·징수, 성적 평가, 시험, 감사 등 업무 수행에 중대한 지장을 초래하는 경우"
        case (.accessHindersPublicDuty, .en): "It would seriously hinder a public institution's taxation, grading, examination, audit or similar duty"
        case (.deletionRequiredByLaw, .ko): "다른 법령에서 그 개인정보가 수집 대상으로 명시되어 있어 삭제할 수 없는 경우"
        case (.deletionRequiredByLaw, .en): "Another law names this information as to be collected, so it cannot be deleted"
        case (.otherProcedureByLaw, .ko): "다른 법령에 정정 또는 삭제에 관한 특별한 절차가 규정되어 있는 경우"
        case (.otherProcedureByLaw, .en): "Another law lays down its own procedure for correcting or deleting it"
        case (.processingRequiredByLaw, .ko): "법률에 특별한 규정이 있거나 법령상 의무를 준수하기 위하여 불가피한 경우"
        case (.processingRequiredByLaw, .en): "A law requires the processing, or it is unavoidable to meet a legal obligation"
        case (.suspensionHarmsOthers, .ko): "다른 사람의 생명·신체를 해할 우려가 있거나 다른 사람의 재산과 그 밖의 이익을 부당하게 침해할 우려가 있는 경우"
        case (.suspensionHarmsOthers, .en): "Stopping may harm another person's life or body, or unjustly harm their property or other interests"
        case (.suspensionHindersPublicDuty, .ko): "공공기관이 법령 등에서 정하는 소관 업무를 수행할 수 없는 경우"
        case (.suspensionHindersPublicDuty, .en): "A public institution could not carry out a duty a law gives it"
        case (.contractCannotBePerformed, .ko): "개인정보를 처리하지 아니하면 정보주체와 약정한 서비스를 제공하지 못하는 등 계약의 이행이 곤란한 경우로서 정보주체가 그 계약의 해지 의사를 명확하게 밝히지 아니한 경우"
        case (.contractCannotBePerformed, .en): "The service agreed with the person could not be provided, and they have not made clear that they end the contract"
        case (.identityNotConfirmed, .ko): "요구한 사람이 정보주체 본인이거나 정당한 대리인임을 확인할 수 없는 경우"
        case (.identityNotConfirmed, .en): "The filer could not be confirmed as the person or their rightful agent"
        }
    }
}
