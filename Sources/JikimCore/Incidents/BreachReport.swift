/// Whether an incident must be reported to the PIPC or KISA within 72 hours, and why (PIPA Art. 34(3); Decree
/// Art. 40(1) as amended in 2023): 1,000 or more people, sensitive information or unique identifiers, or
/// unauthorised access from outside. Each ground found is listed with its provision; none found, none required.
public struct ReportDecision: Sendable, Hashable {
    public struct Ground: Sendable, Hashable {
        public var code: String
        public var ko: String
        public var en: String
        public var article: String
    }

    public var grounds: [Ground]
    public var required: Bool { !grounds.isEmpty }

    public static let peopleThreshold = 1_000

    /// - Parameters:
    ///   - people: how many people were exposed.
    ///   - items: the items exposed, as the policy declares them.
    ///   - fromOutside: the exposure came from unauthorised access from outside (hacking), as the officer judges it.
    public static func decide(people: Int, items: [Item], fromOutside: Bool) -> ReportDecision {
        var grounds: [Ground] = []
        if people >= peopleThreshold {
            grounds.append(Ground(code: "people", ko: "정보주체 \(people)명 (1천명 이상)", en: "\(people) people (1,000 or more)",
                                  article: "PIPA Art. 34(3); Decree Art. 40(1)1"))
        }
        let special = items.filter { [.sensitive, .uniqueIdentifier].contains($0.category.group) }
        if !special.isEmpty {
            let names = special.map(\.name)
            grounds.append(Ground(code: "special", ko: "민감정보 또는 고유식별정보 (\(names.map { $0.text(in: .ko) }.joined(separator: ", ")))",
                                  en: "sensitive information or unique identifiers (\(names.map { $0.text(in: .en) }.joined(separator: ", ")))",
                                  article: "PIPA Art. 34(3); Decree Art. 40(1)2"))
        }
        if fromOutside {
            grounds.append(Ground(code: "outside", ko: "외부로부터의 불법적인 접근", en: "unauthorised access from outside",
                                  article: "PIPA Art. 34(3); Decree Art. 40(1)3"))
        }
        return ReportDecision(grounds: grounds)
    }
}
