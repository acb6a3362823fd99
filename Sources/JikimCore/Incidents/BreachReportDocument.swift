import Foundation

/// The report of a breach to the PIPC or KISA (PIPA Art. 34(3); Decree Art. 40), as a document to file: what the
/// law asks the report to state, filled from the incident, its latest scope and its notices. An interim report
/// (우선 신고) states what is known and says what is not yet; a follow-up (추가 신고) gives what has been learned
/// since (Decree Art. 40(2) and (3)). It names no one: people appear as counts.
public struct BreachReportDocument: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case interim, followUp = "follow-up"
    }

    public struct Facts: Sendable {
        public var incident: Incident
        public var people: Int
        public var records: Int
        public var items: [Identifier]
        public var text: BreachNoticeText?
        /// Notices by state: queued, delivered, failed, unreachable.
        public var notices: [String: Int]
        public var posted: Bool
        public var decision: ReportDecision

        public init(incident: Incident, people: Int, records: Int, items: [Identifier], text: BreachNoticeText?, notices: [String: Int],
                    posted: Bool, decision: ReportDecision) {
            self.incident = incident
            self.people = people
            self.records = records
            self.items = items
            self.text = text
            self.notices = notices
            self.posted = posted
            self.decision = decision
        }
    }

    /// The report as Markdown, in Korean and English.
    public static func markdown(_ facts: Facts, kind: Kind, policy: Policy, at now: Date) -> String {
        let organisation = policy.organisation
        func korean(_ date: Date) -> String { "\(CivilDate(seoul: date)) \(AccessReview.seoulTime(date)) KST" }
        let desk = policy.officer ?? policy.department
        let unknown = "확인 중 (not yet known)"
        let names = facts.items.map { policy.item($0).map { "\($0.name.text(in: .ko)) (\($0.name.text(in: .en)))" } ?? $0 }
        let noticeLine: String = {
            guard !facts.notices.isEmpty else { return "통지 전 (not yet notified)" }
            let order = ["queued": "발송 대기 (queued)", "delivered": "전달 (delivered)", "failed": "실패 (failed)", "unreachable": "연락 불가 (unreachable)"]
            return order.compactMap { key, label in facts.notices[key].map { "\(label) \($0)" } }.sorted().joined(separator: ", ")
                + (facts.posted ? "; 홈페이지 게시 (posted on the website)" : "")
        }()
        // Text as written, kept from acting in Markdown or HTML: entities for the characters that would, a table
        // row's break for a line break.
        func cell(_ text: String?) -> String {
            (text ?? unknown).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "|", with: "&#124;")
                .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "<br>")
        }
        let rows: [(String, String)] = [
            ("신고 구분 (Report)", kind == .interim ? "우선 신고: 확인된 내용 (interim: what is known)" : "추가 신고: 추가로 확인된 내용 (follow-up)"),
            ("개인정보처리자 (Organisation)", "\(organisation.name.text(in: .ko)) (\(organisation.name.text(in: .en)))"),
            ("담당자 연락처 (Contact)", desk.map { [$0.name?.text(in: .ko), $0.department?.text(in: .ko), $0.phone, $0.email].compactMap { $0 }.joined(separator: ", ") } ?? unknown),
            ("사고 번호 (Incident)", facts.incident.id),
            ("유출 등을 알게 된 시점 (Learned of)", korean(facts.incident.learnedAt)),
            ("통지·신고 기한 (Due)", korean(facts.incident.deadline)),
            ("유출 등이 된 개인정보 항목 (Items)", names.isEmpty ? unknown : names.joined(separator: ", ")),
            ("정보주체 수 (People)", "\(facts.people) (접근 기록 \(facts.records)건 / \(facts.records) access records)"),
            ("유출 등이 된 시점과 그 경위 (When and how)", facts.text?.how ?? unknown),
            ("피해를 최소화하기 위한 방법 (What people can do)", facts.text?.advice ?? unknown),
            ("대응조치 및 피해 구제절차 (Measures and redress)", facts.text?.measures ?? unknown),
            ("정보주체 통지 (Notices)", noticeLine),
            ("신고 사유 (Grounds)", facts.decision.grounds.isEmpty ? "해당 없음 (none found)" : facts.decision.grounds.map { "\($0.ko) [\($0.article)]" }.joined(separator: "; ")),
        ]
        var lines = [
            "# 개인정보 유출 등 신고 (Report of a personal information breach)",
            "",
            "「개인정보 보호법」 제34조제3항 및 같은 법 시행령 제40조에 따른 신고 내용입니다. 작성: \(korean(now)).",
            "(What PIPA Art. 34(3) and Decree Art. 40 ask a report to state, filled from Jikim's incident register; file it with the PIPC or KISA.)",
            "",
            "| 구분 (Field) | 내용 (Content) |",
            "|---|---|",
        ]
        lines += rows.map { "| \($0.0) | \(cell($0.1)) |" }
        if kind == .interim {
            lines += ["", "확인되지 않은 내용은 확인되는 즉시 추가로 신고합니다. (What is not yet known will be reported as soon as it is.)"]
        }
        lines += ["", "## 경과 (Timeline)", ""]
        lines += facts.incident.timeline.map { "- \(korean($0.at)) \(cell($0.by)): \(cell($0.action))\($0.note.map { " — \(cell($0))" } ?? "")" }
        return lines.joined(separator: "\n") + "\n"
    }
}
