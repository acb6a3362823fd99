import JikimCore
import JikimVault

/// What the vault said, as a console page in Korean says it; the English of `VaultError` otherwise. The refusals
/// staff meet day to day are in Korean with their code; the rarer errors keep the English, with their code too.
enum ConsoleErrors {
    static func text(_ error: VaultError, _ language: Language, policy: Policy) -> String {
        guard language == .ko else { return error.description }
        let purpose = { (id: Identifier) in policy.purpose(id)?.name.text(in: .ko) ?? id }
        switch error {
        case .refused(let refusal):
            switch refusal {
            case .roleDoesNotGrant(_, let id):
                return "거부: 이 계정의 역할은 '\(purpose(id))' 목적의 처리를 허용하지 않습니다 (\(refusal.code))"
            case .consentNotGiven(let consent, let id):
                return "거부: '\(purpose(id))' 목적은 정보주체의 동의('\(policy.consent(consent)?.title.text(in: .ko) ?? consent)')에 근거하는데, 동의하지 않았거나 철회했습니다 (\(refusal.code))"
            case .processingSuspended(let id):
                return "거부: 정보주체가 '\(purpose(id))' 목적의 처리정지를 요구했습니다 (\(refusal.code))"
            case .roleLacksDuty, .roleDoesNotReview:
                return "거부: 이 계정의 역할에는 이 업무 권한이 없습니다 (\(refusal.code))"
            case .correctionPending(let item):
                return "거부: 정보주체가 '\(policy.item(item)?.name.text(in: .ko) ?? item)' 항목의 정정을 요구하여, 정정될 때까지 이용하거나 제공할 수 없습니다 (개인정보 보호법 제36조제4항)"
            case .awaitingDestruction(let item):
                return "거부: '\(policy.item(item)?.name.text(in: .ko) ?? item)' 항목은 파기 승인을 기다리고 있어 더 이상 이용할 수 없습니다 (개인정보 보호법 제21조제1항)"
            case .unknownActor:
                return "거부: 없는 계정이거나 사용이 중지된 계정입니다 (\(refusal.code))"
            default:
                return "거부 (\(refusal.code)): \(refusal.description)"
            }
        case .unknownSubject: return "해당하는 정보주체가 없습니다."
        case .unknownRequest: return "해당하는 요구가 없습니다."
        case .separated(let item, _): return "'\(policy.item(item)?.name.text(in: .ko) ?? item)' 항목은 분리 보관 중입니다. 보존 규칙의 목적으로만 열람할 수 있습니다."
        case .destroyed: return "이미 파기된 정보입니다."
        default: return error.description
        }
    }
}
