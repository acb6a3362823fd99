/// The notice a person gets ahead of dormancy, in Korean and English.
public struct DormancyNotice: Sendable, Hashable {
    public var subject: String
    public var body: String

    public init(organisation: String, dormantOn: CivilDate, policy rule: DormancyPolicy) {
        let action = switch rule.action {
        case .separate: (ko: "다른 이용자의 개인정보와 분리하여 별도로 보관", en: "stored separately from other users' information")
        case .destroy: (ko: "파기 (법령에 따라 보존할 정보는 분리 보관)", en: "destroyed (what a law requires us to keep is stored separately)")
        }
        subject = "[\(organisation)] 휴면 전환 안내 / Notice of dormancy"
        body = """
            \(rule.after.text(in: .ko)) 동안 서비스를 이용하지 않으셔서 \(dormantOn.text(in: .ko))부터 회원님의 개인정보가 \(action.ko)됩니다.
            그 전에 서비스를 이용하시면 지금처럼 계속 이용하실 수 있습니다.

            You have not used the service for \(rule.after.text(in: .en)). From \(dormantOn.text(in: .en)) your personal \
            information will be \(action.en). Use the service before then to keep your account as it is.

            \(organisation)
            """
    }
}
