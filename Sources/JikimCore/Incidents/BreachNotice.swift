import Foundation

/// What the organisation tells the people affected, in its own words: when and how it happened, what they can do to
/// reduce harm, and what it is doing and how it will make good (PIPA Art. 34(1)2–4). Kept with the incident.
public struct BreachNoticeText: Sendable, Hashable, Codable {
    public var how: String
    public var advice: String
    public var measures: String

    public init(how: String, advice: String, measures: String) {
        self.how = how
        self.advice = advice
        self.measures = measures
    }
}

/// The notice to a person (or, posted on the website, to everyone who could not be reached) of a breach, in Korean
/// and English, with the five things PIPA Art. 34(1) lists: the items, when and how, what they can do, what the
/// organisation does and how it makes good, and where to report harm; and the remedy agencies the policy declares.
public struct BreachNotice: Sendable, Hashable {
    public var subject: String
    public var body: String

    public init(policy: Policy, items: [Identifier], text: BreachNoticeText, posted: Bool = false) {
        let organisation = policy.organisation.name.text(in: .ko)
        let names = { (language: Language) in items.map { policy.item($0)?.name.text(in: language) ?? $0 }.joined(separator: ", ") }
        let desk = policy.accessDesk ?? policy.department ?? policy.officer
        func contact(_ language: Language) -> String {
            guard let desk else { return language == .ko ? "처리방침의 개인정보 보호책임자" : "the privacy officer named in the privacy policy" }
            return [desk.department?.text(in: language) ?? desk.name?.text(in: language), desk.phone, desk.email].compactMap { $0 }.joined(separator: ", ")
        }
        let remedies = { (language: Language) in
            policy.remedies.map { remedy in
                "- " + [remedy.name.text(in: language), remedy.phone?.text(in: language), remedy.url].compactMap { $0 }.joined(separator: ", ")
            }.joined(separator: "\n")
        }
        subject = "[\(organisation)] 개인정보 유출 등에 관한 안내 / Notice of a personal information breach"
        let koOpening = posted
            ? "\(organisation)에서 처리하던 개인정보가 유출(누출·분실·부당한 접근)되었으나 연락처를 알 수 없는 등의 사유로 개별 통지를 받지 못한 분들께 알려 드립니다(「개인정보 보호법」 제34조)."
            : "\(organisation)에서 처리하던 귀하의 개인정보가 유출(누출·분실·부당한 접근)되었음을 알려 드립니다(「개인정보 보호법」 제34조)."
        let enOpening = posted
            ? "Personal information processed by \(policy.organisation.name.text(in: .en)) was leaked, lost or accessed without authority. This notice is for those who could not be told individually (PIPA Art. 34)."
            : "Your personal information processed by \(policy.organisation.name.text(in: .en)) was leaked, lost or accessed without authority (PIPA Art. 34)."
        let koRemedies = policy.remedies.isEmpty ? "" : "\n\n개인정보 침해에 대한 신고나 상담, 분쟁조정은 다음 기관에 하실 수 있습니다.\n" + remedies(.ko)
        let enRemedies = policy.remedies.isEmpty ? "" : "\n\nYou may also report, seek advice on or ask for mediation of the infringement at:\n" + remedies(.en)
        body = """
            \(koOpening)

            1. 유출 등이 된 개인정보 항목: \(names(.ko))
            2. 유출 등이 된 시점과 그 경위: \(text.how)
            3. 피해를 최소화하기 위하여 정보주체가 할 수 있는 방법: \(text.advice)
            4. 대응조치 및 피해 구제절차: \(text.measures)
            5. 피해가 발생한 경우 신고 등을 접수할 수 있는 담당부서 및 연락처: \(contact(.ko))\(koRemedies)

            \(enOpening)

            1. Items: \(names(.en))
            2. When and how: \(text.how)
            3. What you can do to reduce harm: \(text.advice)
            4. What we are doing and how we will make good: \(text.measures)
            5. Where to report harm: \(contact(.en))\(enRemedies)

            \(organisation)
            """
    }
}
