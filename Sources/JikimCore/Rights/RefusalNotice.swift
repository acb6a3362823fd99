/// What a refusal tells the person: the decision's ground in law, the organisation's note, and the route to object
/// — the privacy officer, and the agencies that mediate or take reports (Decree Arts. 42(2), 43(3), 44(2)).
public struct RefusalNotice: Sendable, Hashable, Codable {
    public var ground: String
    public var article: String
    public var reason: String
    public var note: String?
    public var objection: String
    public var remedies: [String]

    public init(ground: RefusalGround, note: String?, policy: Policy, language: Language) {
        let ko = language == .ko
        self.ground = ground.rawValue
        article = ground.article
        reason = ground.text(in: language)
        self.note = note
        let officer = policy.officer ?? policy.department
        let name = officer?.name?.text(in: language) ?? (ko ? "개인정보 보호책임자" : "the privacy officer")
        let reach = [officer?.email, officer?.phone].compactMap { $0 }.joined(separator: ", ")
        let contact = reach.isEmpty ? name : "\(name) (\(reach))"
        objection = ko
            ? "이 결정에 이의가 있으시면 \(contact)에게 이의를 제기하실 수 있습니다. 이의 제기는 이 요구와 같은 방법으로 하실 수 있으며, 아래 기관에 분쟁조정을 신청하거나 침해 사실을 신고하실 수도 있습니다."
            : "If you disagree with this decision you may object to \(contact), in the same ways as you filed this request, and you may apply for mediation or report an infringement to the agencies below."
        remedies = policy.remedies.map { remedy in
            [remedy.name.text(in: language), remedy.phone?.text(in: language), remedy.url].compactMap { $0 }.joined(separator: ", ")
        }
    }
}
