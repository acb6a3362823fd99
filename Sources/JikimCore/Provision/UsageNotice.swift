import Foundation

/// The yearly notice of use and provision (이용·제공 내역 통지, Art. 20-2, Decree Art. 15-3): the purposes the person's
/// information is processed for and the items, and to whom it was provided in the year, for which purpose and
/// which items — taken from the provision ledger.
public struct UsageNotice: Sendable, Hashable {
    public var subject: String
    public var body: String

    public init(policy: Policy, heldItems: [Identifier], provisions: [ProvisionRecord], year: Int) {
        let organisation = policy.organisation.name
        let held = Set(heldItems)
        func names(_ items: [Identifier], _ language: Language) -> String {
            items.map { policy.item($0)?.name.text(in: language) ?? $0 }.joined(separator: ", ")
        }
        func purposes(_ language: Language) -> [String] {
            policy.purposes.compactMap { purpose in
                let used = purpose.items.filter(held.contains)
                return used.isEmpty ? nil : "- \(purpose.name.text(in: language)): \(names(used, language))"
            }
        }
        let inYear = provisions.filter { CivilDate(seoul: $0.at).year == year }
        func provided(_ language: Language) -> [String] {
            // One line per recipient and items, with the dates.
            let grouped = Dictionary(grouping: inYear) { "\($0.recipient)|\($0.items.joined(separator: ","))" }
            return grouped.keys.sorted().compactMap { key in
                guard let records = grouped[key], let first = records.first else { return nil }
                let recipient = Recipient.named(first.recipient, in: policy)
                let what = recipient.flatMap { if case .provision(let p) = $0 { p.purpose.text(in: language) } else if case .consignment(let c) = $0 { c.task.text(in: language) } else { nil } } ?? ""
                let dates = Set(records.map { CivilDate(seoul: $0.at).description }).sorted().joined(separator: ", ")
                return "- \(recipient?.name.text(in: language) ?? first.recipient) (\(what)): \(names(first.items, language)) — \(dates)"
            }
        }
        let none = (ko: "- 없음", en: "- None")
        subject = "[\(organisation.text(in: .ko))] \(year)년 개인정보 이용·제공 내역 통지 / Notice of use and provision of personal information, \(year)"
        body = """
            \(organisation.text(in: .ko))은(는) 개인정보 보호법 제20조의2에 따라 \(year)년 회원님의 개인정보 이용·제공 내역을 알려드립니다.

            1. 개인정보의 수집·이용 목적 및 항목
            \((purposes(.ko).isEmpty ? [none.ko] : purposes(.ko)).joined(separator: "\n"))

            2. 개인정보를 제공받은 자, 제공 목적 및 제공한 항목
            \((provided(.ko).isEmpty ? [none.ko] : provided(.ko)).joined(separator: "\n"))

            Under Article 20-2 of the Personal Information Protection Act, \(organisation.text(in: .en)) tells you how your \
            personal information was used and to whom it was provided in \(year).

            1. Purposes of collection and use, and the items
            \((purposes(.en).isEmpty ? [none.en] : purposes(.en)).joined(separator: "\n"))

            2. Recipients, the purposes of provision, and the items provided
            \((provided(.en).isEmpty ? [none.en] : provided(.en)).joined(separator: "\n"))
            """
    }
}
