import Foundation
import JikimCore
import JikimPolicyFile
@testable import JikimPublishing
import Testing

@Test("the render leaves out sections that do not apply and numbers the rest in order")
func renderLeavesOutInapplicableSections() throws {
    let policy = try PolicyFile.parse(validPolicy, file: "p.yaml").policy
    let renderer = try PolicyRenderer()
    let full = try renderer.render(policy, language: .ko, format: .md)
    #expect(full.contains("(개인정보의 제3자 제공)"))
    #expect(!full.contains("(국내대리인의 지정)"))
    var withoutProvision = policy
    withoutProvision.provisions = []
    let shorter = try renderer.render(withoutProvision, language: .ko, format: .md)
    #expect(!shorter.contains("(개인정보의 제3자 제공)"))
    let numbers = shorter.split(separator: "\n").filter { $0.hasPrefix("## 제") }
        .compactMap { Int($0.dropFirst(4).prefix { $0.isNumber }) }
    #expect(numbers == Array(1...numbers.count))
}

@Test("text from the policy cannot inject HTML or break a table")
func renderEscapesText() throws {
    var policy = try PolicyFile.parse(validPolicy, file: "p.yaml").policy
    policy.purposes[0].name = LocalizedText("<script>alert(1)</script> | x")
    let renderer = try PolicyRenderer()
    let html = try renderer.render(policy, language: .en, format: .html)
    #expect(!html.contains("<script>"))
    #expect(html.contains("&lt;script&gt;") || html.contains("&lt;script>"))
    let markdown = try renderer.render(policy, language: .en, format: .md)
    #expect(markdown.contains("&lt;script>alert(1)&lt;/script> \\| x"))
}

@Test("the diff says what changed and marks what needs fresh consent")
func diffMarksFreshConsent() throws {
    let old = try PolicyFile.parse(validPolicy, file: "old.yaml").policy
    var new = old
    new.retention[1].term = .period(Period(10, .years), from: .contractEnd)
    new.provisions.append(Provision(id: "analytics", recipient: LocalizedText(ko: "분석회사", en: "Analytics Co."),
                                    purpose: LocalizedText("analysis"), items: ["email"], basis: .consent("delivery")))
    let changes = PolicyDiff.changes(from: old, to: new)
    #expect(changes.map(\.kind) == [.retentionLengthened, .recipientAdded])
    #expect(changes[0].sentence(in: .en) == "'Records of payment and supply of goods' is kept longer: 10 years instead of 5 years.")
    #expect(changes[0].sentence(in: .ko) == "'대금결제 및 재화 등의 공급에 관한 기록'의 보유기간이 5년에서 10년(으)로 늘어났습니다.")
    #expect(changes[1].needsFreshConsent)
    #expect(PolicyDiff.changes(from: old, to: old).isEmpty)

    // The same term kept for other people is a change too.
    var narrowed = old
    narrowed.retention[0].subjects = ["member"]
    let forMembers = PolicyDiff.changes(from: old, to: narrowed)
    #expect(forMembers.map(\.kind) == [.retentionChanged])
    #expect(forMembers.first?.sentence(in: .ko) == "'회원 정보'의 보유기간이 적용되는 정보주체가 '모든 정보주체'에서 '회원'(으)로 바뀌었습니다.")
}

@Test("grouped lists in the HTML page are flat lists under their headings, never nested into one another")
func renderGroupsListsFlat() throws {
    let text = validPolicy.replacingOccurrences(of: "    basis: {consent: delivery}\n", with: """
            basis: {consent: delivery}
            overseas:
              country: {ko: 미국, en: United States}
              when_and_how: {ko: 주문 시 네트워크로 전송, en: Sent over the network when an order is placed}
              how_to_refuse: {ko: 동의를 철회, en: Withdraw consent}
              contact: privacy@courier.example

        """)
    let policy = try PolicyFile.parse(text, file: "p.yaml").policy
    let html = try PolicyRenderer().render(policy, language: .en, format: .html)
    #expect(html.contains("<p><strong>Administrative measures</strong></p><ul><li>"))
    #expect(html.contains("<p><strong>Technical measures</strong></p><ul><li>"))
    #expect(html.contains("<li>Country: United States</li>"))
    #expect(html.contains("<strong>Recipient: "))
    #expect(!html.contains("<ul><li>Administrative measures<ul>"))
    #expect(html.contains("the privacy officer and the responsible department"))
}

@Test("text staff wrote (an export's reason, a sign-off's note) cannot make a link, an image or markup in the review's HTML")
func reviewEscapesStaffText() throws {
    let at = CivilDate(year: 2026, month: 11, day: 5)?.seoulMidnight.addingTimeInterval(14 * 3600) ?? Date(timeIntervalSince1970: 0)
    let hostile = "[see](javascript:alert(1)) ![x](http://example.invalid/p.png) <b>bold</b> | cell"
    let export = AccessRecord(actor: "kim", at: at, source: "10.0.0.5", subject: "p-1", operation: .export, purpose: "membership",
                              items: ["email"], outcome: .allowed, reason: hostile)
    let signOff = ReviewSignOff(month: "2026-11", reviewer: "officer", at: at.addingTimeInterval(30 * 86_400), digest: "d", note: hostile)
    let review = AccessReview.build(month: "2026-11", entries: [.access(export)], thresholds: ReviewThresholds(),
                                    knownSources: ["kim": ["10.0.0.5"]], services: [], signOffs: [signOff])
    let renderer = try PolicyRenderer()
    let html = try renderer.render(review, organisation: "Org", digest: "d", language: .en, format: .html)
    #expect(!html.contains("<a ") && !html.contains("<img") && !html.contains("<b>") && !html.contains("javascript:alert(1)\""))
    #expect(html.components(separatedBy: "[see]&#40;javascript:alert(1))").count == 3, "both texts shown as written")
    let markdown = try renderer.render(review, organisation: "Org", digest: "d", language: .en, format: .md)
    #expect(!markdown.contains("](javascript") && !markdown.contains("](http") && markdown.contains("\\| cell"))
    #expect(markdown.contains("&lt;b>bold&lt;/b>"))
}

@Test("staff text with Markdown's characters — underscores, asterisks, tildes, backticks, a backslash, a leading hash or dash — reads as written in HTML")
func staffTextKeepsMarkdownCharacters() throws {
    let at = CivilDate(year: 2026, month: 11, day: 5)?.seoulMidnight.addingTimeInterval(14 * 3600) ?? Date(timeIntervalSince1970: 0)
    let note = "# checked member_id and order_no, *all* ~~fine~~ `ok` a\\b &amp; c"
    let signOff = ReviewSignOff(month: "2026-11", reviewer: "officer", at: at.addingTimeInterval(30 * 86_400), digest: "d", note: note)
    let review = AccessReview.build(month: "2026-11", entries: [], thresholds: ReviewThresholds(), knownSources: [:], services: [],
                                    signOffs: [signOff])
    let html = try PolicyRenderer().render(review, organisation: "Org", digest: "d", language: .en, format: .html)
    // The note's cell holds no markup at all: no emphasis, strike-through, code or heading made of it.
    let cell = try #require(html.range(of: "checked").map { html[$0.lowerBound...].prefix { $0 != "<" } })
    #expect(html[html.index(cell.endIndex, offsetBy: 0)...].hasPrefix("</td>"), "\(cell)")
    #expect(!html.contains("<h1>checked") && !html.contains("<h1>&#35;"))
    // What a browser shows: the entities decoded back to the characters staff typed.
    let shown = html.replacingOccurrences(of: "&#35;", with: "#").replacingOccurrences(of: "&#95;", with: "_")
        .replacingOccurrences(of: "&#42;", with: "*").replacingOccurrences(of: "&#126;", with: "~").replacingOccurrences(of: "&#96;", with: "`")
        .replacingOccurrences(of: "&#92;", with: "\\").replacingOccurrences(of: "&amp;", with: "&")
    #expect(shown.contains(note))
}

@Test("the destruction ledger's text cannot make a link or break its table, in Markdown or HTML")
func ledgerEscapesText() throws {
    let policy = try PolicyFile.parse(validPolicy, file: "p.yaml").policy
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    let record = DestructionRecord(subject: "ps_1", retentionClass: "x", items: ["email"], collectedAt: now, destroyedAt: now,
                                   reason: "[see](javascript:alert(1)) | <i>x</i>", basis: "b", executedBy: "sweeper", approvedBy: "officer")
    let renderer = try PolicyRenderer()
    let markdown = try renderer.render(ledger: [record], organisation: "Org", policy: policy, language: .en, format: .md)
    #expect(markdown.contains("[see]&#40;javascript:alert(1)) \\| &lt;i>x&lt;/i>"))
    let html = try renderer.render(ledger: [record], organisation: "Org", policy: policy, language: .en, format: .html)
    #expect(!html.contains("<a ") && !html.contains("<i>") && html.contains("[see]&#40;javascript:alert(1))"))
}

@Test("the policy calls the organisation by its short name or its kind, with the particle the word before takes")
func organisationByKind() throws {
    let renderer = try PolicyRenderer()
    var policy = try PolicyFile.parse(validPolicy, file: "p.yaml").policy
    policy.organisation.name = LocalizedText(ko: "아토인터넷", en: "ATTO Internet")
    let company = try renderer.render(policy, language: .ko, format: .md)
    #expect(company.contains("아토인터넷(이하 '회사')은 「개인정보 보호법」 제30조") && company.contains("회사는 다음의 목적을 위하여"))
    #expect(!company.contains("행정심판"), "administrative appeal is against a public institution's decisions only")

    policy.organisation.name = LocalizedText(ko: "국민연금공단", en: "National Pension Service")
    policy.organisation.kind = .publicInstitution
    policy.organisation.shortName = LocalizedText(ko: "공단", en: "the Service")
    policy.files = [RegisteredFile(name: LocalizedText(ko: "가입자 관리 파일", en: "Subscribers"), basis: LocalizedText("국민연금법 제123조"),
                                   purpose: LocalizedText(ko: "가입자 자격 관리", en: "Managing subscribers"), items: ["email"],
                                   retention: LocalizedText(ko: "영구", en: "Permanent"))]
    let institution = try renderer.render(policy, language: .ko, format: .md)
    #expect(institution.contains("국민연금공단(이하 '공단')은") && institution.contains("공단은 다음의 목적을 위하여")
            && !institution.contains("회사는") && !institution.contains("'회사'"))
    #expect(institution.contains("행정심판법이 정하는 바에 따라"))
    #expect(institution.contains("(개인정보파일의 등록 현황)") && institution.contains("| 가입자 관리 파일 | 국민연금법 제123조 | 가입자 자격 관리 |"))
    let english = try renderer.render(policy, language: .en, format: .md)
    #expect(english.contains("National Pension Service (the \"Service\")") && english.contains("The Service processes")
            && english.contains("Administrative Appeals Act") && !english.contains("Company"))

    policy.organisation = Organisation(name: LocalizedText("서울연세의원"), kind: .medical)
    #expect(try renderer.render(policy, language: .ko, format: .md).contains("서울연세의원(이하 '병원')은"))
}

@Test("the right to have one's information transmitted is stated only where the policy declares the Decree obliges the organisation")
func transmissionRightDeclared() throws {
    let renderer = try PolicyRenderer()
    var policy = try PolicyFile.parse(validPolicy, file: "p.yaml").policy
    policy.rights?.transmission = false
    #expect(!(try renderer.render(policy, language: .ko, format: .md)).contains("개인정보 전송 요구"))
    #expect(!(try renderer.render(policy, language: .en, format: .md)).contains("transmit"))
    policy.rights?.transmission = true
    #expect(try renderer.render(policy, language: .ko, format: .md).contains("동의 철회 및 개인정보 전송 요구 등의 권리"))
    #expect(try renderer.render(policy, language: .en, format: .md).contains("or to transmit their personal information (Article 35-2 of PIPA)"))
}

@Test("a word takes 은 after a final consonant and 는 after a vowel, read as Koreans read Latin letters and digits",
      arguments: [("아토인터넷", "은"), ("회사", "는"), ("공단", "은"), ("COLABOX", "는"), ("Koscom", "은"), ("RSUPPORT", "는"),
                  ("OMPASS", "는"), ("주식회사 지킴(Jikim)", "은"), ("7", "은"), ("2", "는"), ("", "는")])
func topicParticle(word: String, particle: String) {
    #expect(KoreanParticles.topic(after: word) == particle)
}

@Test("several responsible persons by field, a separate desk for access requests, the remedies' and consignees' contacts are rendered as declared")
func contactsAsDeclared() throws {
    let text = validPolicy
        .replacingOccurrences(of: "\nversion:", with: """

            officers:
              - name: {ko: 이의료, en: Lee Uiryo}
                scope: {ko: 의료정보 분야, en: Medical records}
                email: medical-privacy@example.kr
            access_desk:
              name: {ko: 원무과, en: Front desk}
              phone: 02-123-4567
              address: {ko: 서울시 중구 세종대로 110 1층, en: "1F, 110 Sejong-daero"}

            version:
            """)
        .replacingOccurrences(of: "  - consignee: {ko: 데모페이 주식회사, en: DemoPay Inc.}\n", with: "  - consignee: {ko: 데모페이 주식회사, en: DemoPay Inc.}\n    contact: privacy@demopay.example.kr\n")
    #expect(text != validPolicy && text.contains("privacy@demopay"))
    let policy = try PolicyFile.parse(text, file: "p.yaml").policy
    var withRemedy = policy
    withRemedy.remedies = [RemedyAgency(name: LocalizedText("개인정보침해신고센터"), phone: LocalizedText(ko: "(국번없이) 118", en: "118"), url: nil,
                                        email: "privacyclean@kisa.or.kr", address: LocalizedText("전라남도 나주시 진흥길 9"),
                                        duties: LocalizedText(ko: "개인정보 침해사실 신고, 상담 신청", en: "Reports and advice"))]
    let ko = try PolicyRenderer().render(withRemedy, language: .ko, format: .md)
    #expect(ko.contains("**개인정보 보호책임자 (의료정보 분야)**\n\n- 성명: 이의료\n- 이메일: medical-privacy@example.kr"))
    #expect(ko.contains("**개인정보 열람청구 접수·처리 부서**\n\n- 부서명: 원무과\n- 전화: 02-123-4567\n- 주소: 서울시 중구 세종대로 110 1층"))
    #expect(!ko.contains("개인정보 열람청구도 위"), "the desk replaces sending access requests to the officer")
    #expect(ko.contains("| 데모페이 주식회사 (privacy@demopay.example.kr) |"))
    #expect(ko.contains("- 개인정보침해신고센터: (국번없이) 118, privacyclean@kisa.or.kr, 전라남도 나주시 진흥길 9\n  - 소관업무: 개인정보 침해사실 신고, 상담 신청\n"))
    let en = try PolicyRenderer().render(withRemedy, language: .en, format: .md)
    #expect(en.contains("**Privacy officer (Medical records)**") && en.contains("**Desk receiving and handling requests for access**"))
    #expect(en.contains("- Personal Information Infringement Report Center: 118") || (en.contains(": 118,") && !en.contains("국번없이")),
            "the English render gives the number as the English text has it")
    #expect(en.contains("  - Remit: Reports and advice"))

    // A contact's fax and note, and the field the privacy officer answers for.
    var withFax = policy
    withFax.officer?.fax = "02-000-0009"
    withFax.officer?.note = LocalizedText(ko: "※ 개인정보 보호 담당부서로 연결됩니다.", en: "Calls go to the responsible department.")
    withFax.officer?.scope = LocalizedText(ko: "총괄", en: "Overall")
    let faxed = try PolicyRenderer().render(withFax, language: .ko, format: .md)
    #expect(faxed.contains("**개인정보 보호책임자 (총괄)**") && faxed.contains("- 팩스: 02-000-0009\n\n※ 개인정보 보호 담당부서로 연결됩니다.\n"))
}

@Test("a purpose states several legal bases together, or none: the render says what is stated, the check warns of none, and a statute holds when consent is withdrawn")
func severalOrNoBases() throws {
    let text = validPolicy
        .replacingOccurrences(of: "    items: [birthday, email]\n    basis: {consent: optional_profile}",
                              with: "    items: [birthday, email]\n    basis: [{law: {statute: national_tax_basic_act}}, {consent: optional_profile}]")
        .replacingOccurrences(of: "    items: [name, payment_record]\n    basis: {law: {statute: national_tax_basic_act, article: {ko: 제85조의3, en: Art. 85-3}}}",
                              with: "    items: [name, payment_record]\n    basis: unstated")
    #expect(text != validPolicy)
    let loaded = try PolicyFile.parse(text, file: "p.yaml")
    #expect(loaded.diagnostics.map(\.diagnostic.rule).contains("basis-unstated"))
    let policy = loaded.policy
    let coupon = try #require(policy.purpose("birthday_coupon")?.basis)
    #expect(coupon.members.count == 2 && coupon.consentIDs == ["optional_profile"] && coupon.statute?.statute == "national_tax_basic_act")
    #expect(coupon.holds { _ in false }, "the statute holds without the consent")
    #expect(!LegalBasis.several([.consent("a"), .consent("b")]).holds { $0 == "c" } && LegalBasis.several([.consent("a"), .consent("b")]).holds { $0 == "b" })
    let ko = try PolicyRenderer().render(policy, language: .ko, format: .md)
    #expect(ko.contains("| 국세기본법 및 동의 (선택정보 수집·이용 동의) |"))
    #expect(ko.contains("| 처리방침에 밝히지 않음 |"))
    let en = try PolicyRenderer().render(policy, language: .en, format: .md)
    #expect(en.contains("Not stated in the policy"))

    for (basis, problem) in [("[contract]", "two or more"), ("[contract, contract]", "each basis once"), ("[unstated, contract]", "bases only"),
                             ("sometimes", "is not a legal basis")] {
        let broken = validPolicy.replacingOccurrences(of: "    basis: {consent: optional_profile}", with: "    basis: \(basis)")
        #expect(throws: PolicyFileError.self, "\(basis)") { try PolicyFile.parse(broken, file: "p.yaml") }
        do {
            _ = try PolicyFile.parse(broken, file: "p.yaml")
        } catch {
            #expect(error.description.contains(problem), "\(basis): \(error.description)")
        }
    }
}

@Test("a retention rule states several reasons together, or none: rendered as stated, a statute among them keeps the items apart, and a list is checked")
func severalOrNoRetentionBases() throws {
    let text = validPolicy
        .replacingOccurrences(of: "    until: membership_withdrawal\n    basis: internal_policy",
                              with: "    until: membership_withdrawal\n    basis: unstated")
        .replacingOccurrences(of: "    basis: {law: {statute: ecommerce_act, article: {ko: 시행령 제6조, en: Enforcement Decree Art. 6}}}",
                              with: "    basis: [{law: {statute: ecommerce_act}}, internal_policy]")
    #expect(text != validPolicy)
    let loaded = try PolicyFile.parse(text, file: "p.yaml")
    #expect(!loaded.diagnostics.map(\.diagnostic.rule).contains("basis-unstated"), "kept until the purpose ends: nothing to warn")
    let payment = try #require(loaded.policy.retention.first { $0.id == "payment" })
    #expect(payment.separate && payment.basis.restsOnLaw && payment.basis.members.count == 2)
    let ko = try PolicyRenderer().render(loaded.policy, language: .ko, format: .md)
    #expect(ko.contains("| 전자상거래 등에서의 소비자보호에 관한 법률 및 내부 방침 |"))
    #expect(ko.contains("| 처리방침에 밝히지 않음 |") && !ko.contains("| 내부 방침 |"))
    for (basis, problem) in [("[internal_policy]", "two or more"), ("[unstated, internal_policy]", "bases only"), ("sometimes", "is not a retention basis")] {
        let broken = validPolicy.replacingOccurrences(of: "    until: membership_withdrawal\n    basis: internal_policy",
                                                      with: "    until: membership_withdrawal\n    basis: \(basis)")
        do {
            _ = try PolicyFile.parse(broken, file: "p.yaml")
            Issue.record("\(basis) was accepted")
        } catch {
            #expect(error.description.contains(problem), "\(basis): \(error.description)")
        }
    }
}

@Test("an item collected only in some cases carries its condition, and alternatives are named together wherever both are listed")
func conditionalAndAlternativeItems() throws {
    let text = validPolicy.replacingOccurrences(of: "    name: {ko: 생일, en: Birthday}\n", with: """
            name: {ko: 생일, en: Birthday}
            condition: {ko: 이벤트 응모자에 한함, en: Event entrants only}

        """).replacingOccurrences(of: "  - id: mobile\n", with: "  - id: mobile\n    alternative_to: email\n")
    #expect(text.contains("alternative_to: email") && text.contains("이벤트 응모자에 한함"))
    let policy = try PolicyFile.parse(text, file: "p.yaml").policy
    let ko = try PolicyRenderer().render(policy, language: .ko, format: .md)
    #expect(ko.contains("생일(이벤트 응모자에 한함)"))
    #expect(ko.contains("이메일 주소 또는 휴대전화번호"), "email and mobile together where both are listed")
    let en = try PolicyRenderer().render(policy, language: .en, format: .md)
    #expect(en.contains("Birthday (Event entrants only)") && en.contains("E-mail address or Mobile phone number"))
    let broken = validPolicy.replacingOccurrences(of: "  - id: mobile\n", with: "  - id: mobile\n    alternative_to: fax\n")
    #expect(throws: PolicyFileError.self) { try PolicyFile.parse(broken, file: "p.yaml") }
}

@Test("unique identifiers and sensitive information are listed apart, each with its purposes and bases (Arts. 23, 24, 24-2)")
func specialItemsListed() throws {
    var policy = try PolicyFile.parse(validPolicy, file: "p.yaml").policy
    let renderer = try PolicyRenderer()
    #expect(!(try renderer.render(policy, language: .ko, format: .md)).contains("고유식별정보를 처리합니다"))
    let index = try #require(policy.items.firstIndex { $0.id == "birthday" })
    policy.items[index].category = .passportNumber
    let ko = try renderer.render(policy, language: .ko, format: .md)
    #expect(ko.contains("다음의 고유식별정보를 처리합니다(「개인정보 보호법」 제24조, 제24조의2).\n\n| 고유식별정보 | 처리 목적 | 근거 |\n|---|---|---|\n| 생일 | 생일 쿠폰 발송 | 동의 (선택정보 수집·이용 동의) |"))
    #expect(!ko.contains("민감정보를 처리합니다"))
}

@Test("a policy that provides to no third party says so in the third-party article, in the law's terms")
func noProvisionStated() throws {
    var policy = try PolicyFile.parse(validPolicy, file: "p.yaml").policy
    policy.provisions = []
    let renderer = try PolicyRenderer()
    #expect(!(try renderer.render(policy, language: .ko, format: .md)).contains("(개인정보의 제3자 제공)"))
    policy.noProvision = true
    let ko = try renderer.render(policy, language: .ko, format: .md)
    #expect(ko.contains("(개인정보의 제3자 제공)\n\n회사는 정보주체의 개인정보를 제1조(개인정보의 처리 목적)에서 명시한 범위 내에서만 처리하며, 정보주체의 동의, 법률의 특별한 규정 등 「개인정보 보호법」 제17조 및 제18조에 해당하는 경우 외에는 개인정보를 제3자에게 제공하지 않습니다."))
    #expect(try renderer.render(policy, language: .en, format: .md).contains("provides it to no third party except"))
}

@Test("video devices are an article of their own with what their operation policy states")
func videoDevicesArticle() throws {
    let text = validPolicy.replacingOccurrences(of: "\nversion:", with: """

        video_devices:
          - purposes: {ko: 시설 안전 및 화재 예방, en: Safety and fire prevention}
            basis: {ko: 「개인정보 보호법」 제25조제1항제2호, en: PIPA Art. 25(1)2}
            installations:
              - place: {ko: 1층 로비, en: Lobby}
                count: 2
                range: {ko: 출입구, en: Entrance}
            hours: {ko: 24시간, en: Around the clock}
            retention: {ko: 촬영일부터 30일, en: 30 days}
            manager: {name: {ko: 김관리, en: Kim Gwanri}, phone: 02-000-0000}
            requests: {ko: 관리책임자에게 서면으로 요청, en: In writing to the manager}
            safety: {ko: 접근 통제 및 접속기록 보관, en: Access control and logs}
            consignee: {ko: 보안업체, en: Security Co.}

        version:
        """)
    let loaded = try PolicyFile.parse(text, file: "p.yaml")
    #expect(!loaded.diagnostics.map(\.diagnostic.rule).contains("video-policy-incomplete"))
    let ko = try PolicyRenderer().render(loaded.policy, language: .ko, format: .md)
    #expect(ko.contains("(영상정보처리기기의 설치·운영)\n\n회사는 다음과 같이 영상정보처리기기를 운영합니다(「개인정보 보호법」 제25조)."))
    #expect(ko.contains("- 설치 대수, 위치 및 촬영 범위: 1층 로비 2대 (촬영 범위: 출입구)\n- 촬영 시간: 24시간") && ko.contains("- 관리책임자: 김관리, 02-000-0000") && ko.contains("- 설치·운영 위탁: 보안업체"))
    let en = try PolicyRenderer().render(loaded.policy, language: .en, format: .md)
    #expect(en.contains("(Video devices)") && en.contains("- Retention: 30 days"))
}

@Test("the request form tells apart items that share a name, by their services, as the rendered policy groups them")
func requestFormTellsItemsApart() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/koscom-cloud/policy.yaml").path
    let policy = try PolicyFile.load(path: path).policy
    let names = Dictionary(grouping: policy.items) { $0.name.text(in: .ko) }
    #expect(names.values.contains { $0.count > 1 }, "the example declares items of the same name for different services")
    let html = try PolicyRenderer().requestForm(policy: policy, language: .ko, csrf: "x")
    let deletable = html.matches(of: /name="delete_item" value="[^"]+"> ([^<]+)<\/label>/).map { String($0.1) }
    let correctable = html.components(separatedBy: "<select name=\"item\">").last?.components(separatedBy: "</select>").first ?? ""
    let selectable = correctable.matches(of: /<option value="[a-z_0-9]+">([^<]+)<\/option>/).map { String($0.1) }
    #expect(!deletable.isEmpty && Set(deletable).count == deletable.count, "\(deletable)")
    #expect(selectable.count > 5 && Set(selectable).count == selectable.count, "\(selectable)")
}

@Test("a retention rule is kept until the first of several events, rendered so; a list of one event is refused")
func retentionUntilFirst() throws {
    let text = validPolicy.replacingOccurrences(of: "    until: membership_withdrawal\n", with: "    until: [consent_withdrawal, membership_withdrawal]\n")
    #expect(text != validPolicy)
    let policy = try PolicyFile.parse(text, file: "p.yaml").policy
    #expect(policy.retention.contains { $0.term == .untilFirst([.consentWithdrawal, .membershipWithdrawal]) })
    #expect(try PolicyRenderer().render(policy, language: .ko, format: .md).contains("동의 철회 또는 회원 탈퇴 중 먼저 도래하는 때까지"))
    let one = validPolicy.replacingOccurrences(of: "    until: membership_withdrawal\n", with: "    until: [membership_withdrawal]\n")
    #expect(throws: PolicyFileError.self) { try PolicyFile.parse(one, file: "p.yaml") }
}

@Test("a channel that takes only some kinds of request says which")
func channelForSomeRequests() throws {
    let text = validPolicy.replacingOccurrences(of: "    - kind: writing\n", with: "    - kind: in_person\n      requests: [access]\n    - kind: writing\n")
    #expect(text != validPolicy)
    let policy = try PolicyFile.parse(text, file: "p.yaml").policy
    let ko = try PolicyRenderer().render(policy, language: .ko, format: .md)
    #expect(ko.contains("(\(RequestKind.access.name(in: .ko)) 요구에 한함)"))
    #expect(try PolicyRenderer().render(policy, language: .en, format: .md).contains("(\(RequestKind.access.name(in: .en)) requests only)"))
}

@Test("personal location information is an article of its own, with the retention of its use records")
func locationArticle() throws {
    let text = validPolicy.replacingOccurrences(of: "\nversion:", with: """

        location:
          items: [address]
          purposes: {ko: 배송 위치 안내, en: Delivery tracking}
          use_records_retention: {ko: 6개월, en: 6 months}
          third_party_notice: {ko: 제공할 때마다 문자메시지로 알림, en: A text message each time}

        version:
        """)
    let loaded = try PolicyFile.parse(text, file: "p.yaml")
    #expect(!loaded.diagnostics.map(\.diagnostic.rule).contains("location-records-retention"))
    let ko = try PolicyRenderer().render(loaded.policy, language: .ko, format: .md)
    #expect(ko.contains("(개인위치정보의 처리)") && ko.contains("- 처리 항목: 배송지 주소") && ko.contains("- 위치정보 이용·제공사실 확인자료의 보유기간: 6개월"))
}

@Test("a statutory period given alone is rendered alone, and counted from the achievement of the purpose")
func periodWithoutEvent() throws {
    let alone = validPolicy.replacingOccurrences(of: "    keep: 3 months\n    from: collection\n", with: "    keep: 3 months\n")
    #expect(alone != validPolicy)
    let policy = try PolicyFile.parse(alone, file: "p.yaml").policy
    let rule = try #require(policy.retention.first { $0.term.period == Period(3, .months) })
    #expect(!rule.eventStated && rule.term.event == .purposeAchieved)
    let ko = try PolicyRenderer().render(policy, language: .ko, format: .md)
    #expect(ko.contains("| 3개월 |"), "the period as the policy states it")
    let stated = try PolicyRenderer().render(try PolicyFile.parse(validPolicy, file: "p.yaml").policy, language: .ko, format: .md)
    #expect(stated.contains("| 수집일 후 3개월 |"))
}

@Test("the consignment article gives the organisation's own reason, or none")
func consignmentReason() throws {
    let renderer = try PolicyRenderer()
    var policy = try PolicyFile.parse(validPolicy, file: "p.yaml").policy
    #expect(try renderer.render(policy, language: .ko, format: .md).contains("회사는 다음과 같이 개인정보 처리업무를 위탁하고 있으며"))
    policy.consignmentReason = LocalizedText(ko: "원활한 서비스 제공을 위하여", en: "to provide the service smoothly")
    #expect(try renderer.render(policy, language: .ko, format: .md).contains("회사는 원활한 서비스 제공을 위하여 다음과 같이 개인정보 처리업무를 위탁하고 있으며"))
}

@Test("an undated legacy text says no date rather than an invented one; a version to publish needs one")
func undatedVersion() throws {
    let text = validPolicy.replacingOccurrences(of: "  announced: 2026-08-25\n  effective: 2026-09-01\n", with: "  undated: true\n")
    #expect(text != validPolicy)
    let loaded = try PolicyFile.parse(text, file: "p.yaml")
    #expect(loaded.diagnostics.map(\.diagnostic.rule).contains("undated-version"))
    let ko = try PolicyRenderer().render(loaded.policy, language: .ko, format: .md)
    #expect(!ko.contains("부터 시행됩니다") && !ko.contains("이 처리방침은 ."))
    let missing = validPolicy.replacingOccurrences(of: "  announced: 2026-08-25\n  effective: 2026-09-01\n", with: "")
    #expect(throws: PolicyFileError.self) { try PolicyFile.parse(missing, file: "p.yaml") }
    #expect(PolicyPublishing.problems(publishing: loaded.policy, after: [], of: nil, today: CivilDate(iso: "2026-12-07")!).errors.map(\.rule)
            == ["effective-before-publication"])
}

@Test("a policy that gives its own words for providing to no third party is rendered with them, not the standard sentence")
func noProvisionInItsOwnWords() throws {
    var policy = try PolicyFile.parse(validPolicy, file: "p.yaml").policy
    policy.provisions = []
    policy.noProvision = true
    policy.noProvisionText = LocalizedText(ko: "회사는 이용자의 개인정보를 원칙적으로 제3자에게 제공하지 않습니다.", en: "We do not, in principle, provide it.")
    let ko = try PolicyRenderer().render(policy, language: .ko, format: .md)
    #expect(ko.contains("(개인정보의 제3자 제공)") && ko.contains("회사는 이용자의 개인정보를 원칙적으로 제3자에게 제공하지 않습니다.")
            && !ko.contains("해당하는 경우 외에는 개인정보를 제3자에게 제공하지 않습니다."))
}

@Test("a declared text of several lines keeps its lines: Markdown line breaks in paragraphs and list items, <br> only in a table cell, a line's leading dash shown, not made a list")
func multiLineTexts() throws {
    let text = validPolicy.replacingOccurrences(of: "\nversion:", with: """

        notices:
          - title: {ko: 이용 범위, en: Scope}
            body: "다만, 아래의 경우에는 예외로 합니다.\\n- 동의한 경우\\n\\n- 법령에 따른 경우\\n1. 번호를 붙인 줄\\n"

        version:
        """).replacingOccurrences(of: "  purpose: {ko: 로그인 상태 유지와 이용 통계, en: Keeping people signed in and usage statistics}",
                                  with: "  purpose: \"로그인 상태 유지\\n이용 통계\"")
    #expect(text.contains("예외로 합니다") && text.contains("이용 통계\""))
    let policy = try PolicyFile.parse(text, file: "p.yaml").policy
    let renderer = try PolicyRenderer()
    let markdown = try renderer.render(policy, language: .ko, format: .md)
    #expect(markdown.contains("다만, 아래의 경우에는 예외로 합니다.\\\n  &#45; 동의한 경우\\\n  &#45; 법령에 따른 경우\\\n  1&#46; 번호를 붙인 줄\n"))
    #expect(markdown.contains("- 쿠키의 사용 목적: 로그인 상태 유지\\\n  이용 통계\n"))
    #expect(!markdown.contains("<br>"))
    let html = try renderer.render(policy, language: .ko, format: .html)
    #expect(html.contains("예외로 합니다.<br> &#45; 동의한 경우<br> &#45; 법령에 따른 경우<br> 1&#46; 번호를 붙인 줄</p>"))
    #expect(!html.contains("<li>동의한 경우"), "a line of the text is not made a list item")
}

@Test("labels: true opens the policy with the guideline's summary of its main points, each made from the declaration and shown only where it has something to show")
func privacyLabels() throws {
    let policy = try PolicyFile.parse(validPolicy.replacingOccurrences(of: "\nversion:", with: "\nlabels: true\n\nversion:"), file: "p.yaml").policy
    #expect(policy.labels)
    let renderer = try PolicyRenderer()
    let ko = try renderer.render(policy, language: .ko, format: .md)
    let labels = try #require(ko.range(of: "## 주요 개인정보 처리 표시(라벨링)"))
    let first = try #require(ko.range(of: "## 제1조"))
    #expect(labels.upperBound < first.lowerBound, "the summary comes before the first article")
    let summary = String(ko[labels.upperBound..<first.lowerBound])
    #expect(summary.contains("| 개인정보의 처리 목적 | 회원 가입 및 관리"))
    #expect(summary.contains("| 개인정보의 보유기간 | 회원 탈퇴 시까지, 계약 종료 후 5년, 수집일 후 3개월 |"))
    #expect(summary.contains("| 개인정보 처리위탁 | 데모페이 주식회사 |"))
    #expect(!summary.contains("민감정보") && !summary.contains("국외 이전"), "nothing declared, nothing shown")
    let en = try renderer.render(policy, language: .en, format: .md)
    #expect(en.contains("## Main points of this policy (labels)") && en.contains("| Consignment | DemoPay Inc. |"))
    #expect(!(try renderer.render(try PolicyFile.parse(validPolicy, file: "p.yaml").policy, language: .ko, format: .md)).contains("라벨링"))
}

@Test("a retention term in the policy's own words is rendered as written while the declared term is enforced; an impact assessment has its article")
func retentionWordingAndImpactAssessment() throws {
    let text = validPolicy
        .replacingOccurrences(of: "    until: membership_withdrawal\n    basis: internal_policy",
                              with: "    until: membership_withdrawal\n    wording: {ko: 본원 홈페이지 탈퇴 시까지, en: Until you leave our website}\n    basis: internal_policy")
        .replacingOccurrences(of: "\nversion:", with: "\nimpact_assessment: {ko: 2025년 회원 시스템에 대한 개인정보 영향평가를 수행하였습니다., en: An impact assessment of the member system was carried out in 2025.}\n\nversion:")
    let policy = try PolicyFile.parse(text, file: "p.yaml").policy
    #expect(policy.retention[0].term == .until(.membershipWithdrawal) && policy.retention[0].wording?.ko == "본원 홈페이지 탈퇴 시까지")
    let ko = try PolicyRenderer().render(policy, language: .ko, format: .md)
    #expect(ko.contains("| 본원 홈페이지 탈퇴 시까지 |") && !ko.contains("| 회원 탈퇴 시까지 |"))
    #expect(ko.contains("조 (개인정보 영향평가 수행 결과)\n\n2025년 회원 시스템에 대한 개인정보 영향평가를 수행하였습니다.\n"))
    let en = try PolicyRenderer().render(policy, language: .en, format: .md)
    #expect(en.contains("| Until you leave our website |") && en.contains("(Results of privacy impact assessments)"))
}

@Test("articles follow the drafting guideline's order: files and children before retention, provision and consignment before safety measures, rights before the officer, remedies before CCTV, changes last")
func guidelineOrder() throws {
    let text = validPolicy.replacingOccurrences(of: "  website: https://shop.example.kr\n", with: "  website: https://shop.example.kr\n  kind: public_institution\n")
        .replacingOccurrences(of: "\nversion:", with: """

            children: {ko: 만 14세 미만 아동의 개인정보는 법정대리인의 동의를 받아 처리합니다., en: Children's information is processed with a guardian's consent.}
            files:
              - name: {ko: 회원 파일, en: Members}
                basis: {ko: 정보주체의 동의, en: Consent}
                purpose: {ko: 회원 관리, en: Membership}
                items: [email]
                retention: {ko: 탈퇴 시까지, en: Until withdrawal}
            cctv: {ko: 시설 안전을 위하여 출입구에 CCTV를 운영합니다., en: CCTV at the entrance for safety.}

            version:
            """)
    let ko = try PolicyRenderer().render(try PolicyFile.parse(text, file: "p.yaml").policy, language: .ko, format: .md)
    let headings = ko.split(separator: "\n").filter { $0.hasPrefix("## 제") }.map { String($0.drop { $0 != "(" }) }
    let expected = ["(개인정보의 처리 목적)", "(처리하는 개인정보의 항목)", "(개인정보파일의 등록 현황)", "(만 14세 미만 아동의 개인정보 처리)",
                    "(개인정보의 처리 및 보유 기간)", "(개인정보의 파기 절차 및 방법)", "(개인정보의 제3자 제공)", "(개인정보 처리업무의 위탁)",
                    "(개인정보의 안전성 확보 조치)", "(개인정보 자동 수집 장치의 설치·운영 및 거부에 관한 사항)",
                    "(정보주체와 법정대리인의 권리·의무 및 그 행사방법)", "(개인정보 보호책임자 및 담당부서)", "(권익침해 구제방법)",
                    "(영상정보처리기기의 운영)", "(개인정보 처리방침의 변경)"]
    #expect(headings == expected)
}

@Test("a retention rule for some categories of people names them after its records, and a category it names must be declared")
func retentionRuleForCategories() throws {
    let text = validPolicy.replacingOccurrences(of: "    until: membership_withdrawal\n    basis: internal_policy",
                                                with: "    until: membership_withdrawal\n    subjects: [member]\n    basis: internal_policy")
    #expect(text != validPolicy)
    let policy = try PolicyFile.parse(text, file: "p.yaml").policy
    #expect(policy.retention[0].subjects == ["member"])
    let ko = try PolicyRenderer().render(policy, language: .ko, format: .md)
    #expect(ko.contains("| 회원 정보 (회원) |"))
    let undeclared = validPolicy.replacingOccurrences(of: "    until: membership_withdrawal\n    basis: internal_policy",
                                                      with: "    until: membership_withdrawal\n    subjects: [visitor]\n    basis: internal_policy")
    #expect(throws: PolicyFileError.self) { try PolicyFile.parse(undeclared, file: "p.yaml") }
}

@Test("an article's opening in the organisation's own words replaces the guideline's model sentence, and only that sentence")
func articleIntros() throws {
    let text = validPolicy.replacingOccurrences(of: "\nversion:", with: """

        intros:
          purposes: {ko: 회사는 회원 관리와 주문 처리를 위하여 개인정보를 처리합니다., en: We process personal information to manage members and orders.}
          remedies: {ko: "개인정보 침해에 대한 신고나 상담이 필요하신 경우에는 아래 기관에 문의하시기 바랍니다.", en: Contact the agencies below.}

        version:
        """)
    let policy = try PolicyFile.parse(text, file: "p.yaml").policy
    #expect(policy.intros.count == 2)
    let ko = try PolicyRenderer().render(policy, language: .ko, format: .md)
    #expect(ko.contains("(개인정보의 처리 목적)\n\n회사는 회원 관리와 주문 처리를 위하여 개인정보를 처리합니다.\n"))
    #expect(!ko.contains("처리하고 있는 개인정보는 다음의 목적 이외의 용도로는 이용되지 않으며"))
    #expect(ko.contains("(권익침해 구제방법)\n\n개인정보 침해에 대한 신고나 상담이 필요하신 경우에는 아래 기관에 문의하시기 바랍니다.\n"))
    #expect(ko.contains("다음의 개인정보 항목을 처리하고 있습니다."), "other articles keep the guideline's sentence")
    let broken = validPolicy.replacingOccurrences(of: "\nversion:", with: "\nintros:\n  preamble: {ko: 서문}\n\nversion:")
    #expect(throws: PolicyFileError.self) { try PolicyFile.parse(broken, file: "p.yaml") }
}

@Test("a text that gives only the month it takes effect is declared so: the render says the month, the check warns, nothing is published without a day")
func monthOnlyEffectiveDate() throws {
    let text = validPolicy.replacing(#/  effective: \d{4}-\d{2}-\d{2}\n/#, with: "  effective: 2018-10\n", maxReplacements: 1)
        .replacing(#/  announced: \d{4}-\d{2}-\d{2}\n/#, with: "", maxReplacements: 1)
    #expect(text.contains("effective: 2018-10\n"))
    let loaded = try PolicyFile.parse(text, file: "p.yaml")
    #expect(loaded.policy.version.effective == nil && loaded.policy.version.effectiveMonth?.description == "2018-10")
    #expect(loaded.diagnostics.contains { $0.diagnostic.rule == "undated-version" && $0.description.contains("only the month it takes effect (2018-10)") })
    let ko = try PolicyRenderer().render(loaded.policy, language: .ko, format: .md)
    #expect(ko.contains("이 처리방침은 2018년 10월부터 시행됩니다."))
    let en = try PolicyRenderer().render(loaded.policy, language: .en, format: .md)
    #expect(en.contains("October 2018"))
    #expect(throws: PolicyFileError.self) { try PolicyFile.parse(text.replacingOccurrences(of: "effective: 2018-10", with: "effective: 2018-13"), file: "p.yaml") }
}

@Test("a notice the policy has inside an article ends that article, in its own paragraph, in both languages; one without a place is an article of its own")
func noticesStandWhereThePolicyHasThem() throws {
    var policy = try PolicyFile.parse(validPolicy, file: "p.yaml").policy
    policy.files = [RegisteredFile(name: LocalizedText("회원 파일"), basis: LocalizedText("동의"), purpose: LocalizedText("회원 관리"),
                                   items: [], retention: LocalizedText("탈퇴 시까지"))]
    policy.videoDevices = [VideoDevices(purposes: LocalizedText("시설 안전"))]
    policy.consignments[0].overseas = OverseasTransfer(country: LocalizedText("미국"))
    policy.notices = NoticePlace.all.map { place in
        // Names without '_', which Markdown would escape.
        Notice(title: place == .opening ? nil : LocalizedText("제목-\(place.name.filter { $0 != "_" })"),
               body: LocalizedText("본문-\(place.name.filter { $0 != "_" })"), place: place)
    } + [Notice(title: LocalizedText("따로 선 안내"), body: LocalizedText("본문-따로"))]
    // The heading of the article each place ends (the opening: the text before the first article).
    let headings: [String: (ko: String, en: String)] = [
        "purposes": ("(개인정보의 처리 목적)", "(Purposes of processing)"),
        "items": ("(처리하는 개인정보의 항목)", "(Personal information processed)"),
        "files": ("(개인정보파일의 등록 현황)", "(Registered personal information files)"),
        "retention": ("(개인정보의 처리 및 보유 기간)", "(Processing and retention periods)"),
        "destruction": ("(개인정보의 파기 절차 및 방법)", "(Destruction of personal information)"),
        "provisions": ("(개인정보의 제3자 제공)", "(Provision of personal information to third parties)"),
        "consignments": ("(개인정보 처리업무의 위탁)", "(Consignment of processing)"),
        "overseas": ("(개인정보의 국외 이전)", "(Transfer of personal information abroad)"),
        "safety_measures": ("(개인정보의 안전성 확보 조치)", "(Measures to ensure the safety of personal information)"),
        "rights": ("(정보주체와 법정대리인의 권리·의무 및 그 행사방법)", "(Rights of data subjects and legal representatives, and how to exercise them)"),
        "officer": ("(개인정보 보호책임자 및 담당부서)", "(Privacy officer and responsible department)"),
        "remedies": ("(권익침해 구제방법)", "(Remedies for infringement of rights)"),
        "video_devices": ("영상정보처리기기의 설치·운영)", "Video devices)"),
    ]
    let renderer = try PolicyRenderer()
    for language in [Language.ko, .en] {
        let text = try renderer.render(policy, language: language, format: .md)
        let articles = text.components(separatedBy: "\n## ")
        for place in NoticePlace.all {
            let name = place.name.filter { $0 != "_" }
            let body = "본문-\(name)"
            let holding = articles.enumerated().filter { $0.element.contains(body) }
            #expect(holding.count == 1, "\(language): \(place.name) is rendered once")
            guard let (index, article) = holding.first else { continue }
            if place == .opening {
                #expect(index == 0, "\(language): the opening notice stands before the first article")
            } else {
                let heading = try #require(headings[place.name])
                #expect(article.split(separator: "\n").first?.contains(language == .ko ? heading.ko : heading.en) == true,
                        "\(language): \(place.name)'s notice ends the article \(article.prefix(60))")
                #expect(article.contains("**제목-\(name)**\n\n\(body)"))
            }
            #expect(text.contains("\n\n" + (place == .opening ? body : "**제목-\(name)**")), "\(language): a paragraph of its own")
        }
        #expect(articles.contains { $0.hasPrefix("제") || $0.hasPrefix("Article") ? $0.contains("따로 선 안내") && $0.contains("본문-따로") : false })
    }
}
