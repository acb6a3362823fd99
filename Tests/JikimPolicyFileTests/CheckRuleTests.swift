import Foundation
import JikimCore
import JikimPolicyFile
import Testing

/// The demo policy is valid; each case breaks it in one place and expects exactly these lines from the check,
/// each naming file, line and column, the rule broken and the article behind it.
let validPolicy: String = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/valid.yaml")
    return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
}()

struct RuleCase: Sendable, CustomTestStringConvertible {
    var rule: String
    var replacements: [[String]]
    var expected: [String]
    var testDescription: String { rule }

    init(_ rule: String, replacing replacements: [[String]], expect expected: [String]) {
        self.rule = rule
        self.replacements = replacements
        self.expected = expected
    }
}

/// What `jikim policy check` prints for `text`, without its closing summary line.
func checkLines(_ text: String) -> [String] {
    do {
        return try PolicyFile.parse(text, file: "policy.yaml").diagnostics.map(\.description)
    } catch {
        switch error {
        case .invalid(let found): return found.map(\.description)
        case .unreadable: return [error.description]
        }
    }
}

let ruleCases: [RuleCase] = [
    RuleCase(
        "unverifiable-contact",
        replacing: [
            ["    type: email\n    verifiable: true", "    verifiable: true"],
        ],
        expect: [
            "policy.yaml:31:17: error: items[0].verifiable: item 'email' is marked verifiable: it must be an identity item (identity: true) of type email or phone [unverifiable-contact] (Decree Art. 46)",
        ]),
    RuleCase(
        "no-verifiable-contact",
        replacing: [
            ["    verifiable: true\n", ""],
        ],
        expect: [
            "policy.yaml:27:3: warning: items: no item is verifiable: people cannot confirm their identity with a one-time code, so staff must file their requests for them [no-verifiable-contact] (Decree Art. 46)",
        ]),
    RuleCase(
        "no-request-handler",
        replacing: [
            ["consignments:", "roles:\n  - id: support\n    name: {ko: 지원, en: Support}\n    purposes: [membership]\n    approves_destruction: true\nconsignments:"],
        ],
        expect: [
            "policy.yaml:134:3: warning: roles: no role handles people's requests (handles_requests: true): requests can be filed but no staff member can answer them [no-request-handler] (PIPA Arts. 35–38)",
        ]),
    RuleCase(
        "no-destruction-approver",
        replacing: [
            ["consignments:", "roles:\n  - id: support\n    name: {ko: 지원, en: Support}\n    purposes: [membership]\n    handles_requests: true\nconsignments:"],
        ],
        expect: [
            "policy.yaml:134:3: warning: roles: destruction waits for approval (destruction.approval: officer) but no role approves it (approves_destruction: true): only the command line can [no-destruction-approver] (PIPA Art. 21; safety standard Art. 13)",
        ]),
    RuleCase(
        "request-records-retention",
        replacing: [
            ["  agents: true\n", "  agents: true\n  transmission: true\n  keep_requests: 1 year\n"],
        ],
        expect: [
            "policy.yaml:169:18: warning: rights.keep_requests: records of requests are kept 1 year, less than the 3 years records of transmission requests are kept [request-records-retention] (PIPA Art. 35-2)",
        ]),
    RuleCase(
        "undeclared-item",
        replacing: [
            ["items: [birthday, email]", "items: [birthday, email, shoe_size]"],
        ],
        expect: [
            "policy.yaml:89:30: error: purposes[2].items[2]: purpose 'birthday_coupon' refers to item 'shoe_size', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
        ]),
    RuleCase(
        "undeclared-purpose",
        replacing: [
            ["    purpose: tax_records", "    purpose: audits"],
        ],
        expect: [
            "policy.yaml:113:14: error: retention[1].purpose: retention rule refers to purpose 'audits', which is not declared under purposes [undeclared-purpose] (PIPA Art. 30(1)1)",
        ]),
    RuleCase(
        "undeclared-consent",
        replacing: [
            ["basis: {consent: optional_profile}", "basis: {consent: newsletter}"],
        ],
        expect: [
            "policy.yaml:90:22: error: purposes[2].basis.consent: consent 'newsletter' is not declared under consents [undeclared-consent] (PIPA Art. 22(1))",
            "policy.yaml:67:9: warning: consents[0].id: consent 'optional_profile' is declared but no purpose, provision or retention rule rests on it [unused-consent]",
        ]),
    RuleCase(
        "undeclared-subject",
        replacing: [
            ["    verifiable: true\n  - id: password", "    verifiable: true\n    subjects: [visitor]\n  - id: password"],
        ],
        expect: [
            "policy.yaml:33:16: error: items[0].subjects[0]: 'visitor' is not declared under subjects [undeclared-subject]",
        ]),
    RuleCase(
        "undeclared-service",
        replacing: [
            ["    verifiable: true\n  - id: password", "    verifiable: true\n    services: [app]\n  - id: password"],
        ],
        expect: [
            "policy.yaml:33:16: error: items[0].services[0]: 'app' is not declared under services [undeclared-service]",
        ]),
    RuleCase(
        "undeclared-statute",
        replacing: [
            ["statute: ecommerce_act", "statute: shopping_act"],
        ],
        expect: [
            "policy.yaml:112:28: error: retention[1].basis.law.statute: statute 'shopping_act' is neither built in nor declared under statutes [undeclared-statute]",
        ]),
    RuleCase(
        "invalid-id",
        replacing: [
            ["  - id: optional_profile\n", "  - id: OptionalProfile\n"],
            ["{consent: optional_profile}", "{consent: OptionalProfile}"],
        ],
        expect: [
            "policy.yaml:67:9: error: consents[0].id: 'OptionalProfile' is not an identifier: use lower-case letters, digits and '_', starting with a letter [invalid-id]",
            "policy.yaml:90:22: error: purposes[2].basis.consent: 'OptionalProfile' is not an identifier: use lower-case letters, digits and '_', starting with a letter [invalid-id]",
        ]),
    RuleCase(
        "duplicate-id",
        replacing: [
            ["  - id: delivery\n    kind: provision", "  - id: marketing\n    kind: provision"],
            ["{consent: delivery}", "{consent: marketing}"],
        ],
        expect: [
            "policy.yaml:73:9: error: consents[2].id: consent 'marketing' is declared more than once [duplicate-id]",
            "policy.yaml:94:22: error: purposes[3].basis.consent: marketing purpose 'advertising' rests on consent 'marketing' of kind provision; it needs a consent of kind marketing [marketing-without-consent] (PIPA Art. 22(1)7)",
        ]),
    RuleCase(
        "item-without-purpose",
        replacing: [
            ["items: [birthday, email]", "items: [email]"],
        ],
        expect: [
            "policy.yaml:61:9: error: items[8].id: item 'birthday' is not used by any purpose [item-without-purpose] (PIPA Art. 3(1), Art. 15(1))",
        ]),
    RuleCase(
        "item-without-retention",
        replacing: [
            ["items: [access_log]\n    keep: 3 months", "items: [payment_record]\n    keep: 3 months"],
        ],
        expect: [
            "policy.yaml:57:9: error: items[7].id: item 'access_log' has no retention rule: say how long it is kept and from when [item-without-retention] (PIPA Art. 21(1), Art. 30(1)2)",
        ]),
    RuleCase(
        "purpose-without-basis",
        replacing: [
            ["    items: [name, mobile, address, card_number, payment_record]\n    basis: contract\n", "    items: [name, mobile, address, card_number, payment_record]\n"],
        ],
        expect: [
            "policy.yaml:83:5: error: purposes[1]: purpose 'orders' has no legal basis: give consent, contract, law, public_duty, vital_interests or legitimate_interest, or write unstated if the policy states none [purpose-without-basis] (PIPA Art. 15(1))",
        ]),
    RuleCase(
        "marketing-in-required-consent",
        replacing: [
            ["  - id: marketing\n    kind: marketing", "  - id: marketing\n    kind: required"],
        ],
        expect: [
            "policy.yaml:94:22: error: purposes[3].basis.consent: marketing purpose 'advertising' is bundled into the required consent 'marketing'; ask for it separately and let people refuse it [marketing-in-required-consent] (PIPA Art. 22(1)7, Art. 22(5))",
        ]),
    RuleCase(
        "marketing-without-consent",
        replacing: [
            ["    basis: {consent: marketing}\n    marketing: true", "    basis: contract\n    marketing: true"],
        ],
        expect: [
            "policy.yaml:94:12: error: purposes[3].basis: marketing purpose 'advertising' must rest on a separate marketing consent, not on contract [marketing-without-consent] (PIPA Art. 22(1)7)",
            "policy.yaml:73:9: warning: consents[2].id: consent 'marketing' is declared but no purpose, provision or retention rule rests on it [unused-consent]",
        ]),
    RuleCase(
        "marketing-consent-for-other-purpose",
        replacing: [
            ["    basis: {consent: optional_profile}", "    basis: {consent: marketing}"],
        ],
        expect: [
            "policy.yaml:67:9: warning: consents[0].id: consent 'optional_profile' is declared but no purpose, provision or retention rule rests on it [unused-consent]",
            "policy.yaml:90:22: warning: purposes[2].basis.consent: purpose 'birthday_coupon' rests on the marketing consent 'marketing' but is not marked marketing: true [marketing-consent-for-other-purpose]",
        ]),
    RuleCase(
        "optional-item-on-required-basis",
        replacing: [
            ["    basis: {consent: optional_profile}", "    basis: contract"],
        ],
        expect: [
            "policy.yaml:67:9: warning: consents[0].id: consent 'optional_profile' is declared but no purpose, provision or retention rule rests on it [unused-consent]",
            "policy.yaml:89:13: warning: purposes[2].items[0]: optional item 'birthday' is processed for 'birthday_coupon' on contract; optional items need an optional consent that people can refuse without losing the service [optional-item-on-required-basis] (PIPA Art. 16(3), Art. 22(5))",
        ]),
    RuleCase(
        "resident-registration-number-without-law",
        replacing: [
            ["    name: {ko: 생일, en: Birthday}\n", "    name: {ko: 생일, en: Birthday}\n    category: resident_registration_number\n    protection: encrypted\n"],
        ],
        expect: [
            "policy.yaml:92:12: error: purposes[2].basis: purpose 'birthday_coupon' processes the resident registration number 'birthday', which only a statute can allow [resident-registration-number-without-law] (PIPA Art. 24-2(1))",
        ]),
    RuleCase(
        "resident-registration-number-provided-without-law",
        replacing: [
            ["    name: {ko: 생일, en: Birthday}\n", "    name: {ko: 생일, en: Birthday}\n    category: resident_registration_number\n    protection: encrypted\n"],
            ["    items: [name, mobile, address]\n    retention: {ko: 배송 완료 후 1개월", "    items: [name, mobile, address, birthday]\n    retention: {ko: 배송 완료 후 1개월"],
        ],
        expect: [
            "policy.yaml:92:12: error: purposes[2].basis: purpose 'birthday_coupon' processes the resident registration number 'birthday', which only a statute can allow [resident-registration-number-without-law] (PIPA Art. 24-2(1))",
            "policy.yaml:131:36: error: provisions[0].items[3]: provision to 'Demo Courier Co.' gives the resident registration number 'birthday', which only a statute can allow [resident-registration-number-provided-without-law] (PIPA Art. 24-2(1))",
        ]),
    RuleCase(
        "no-registered-files",
        replacing: [
            ["  website: https://shop.example.kr\n", "  website: https://shop.example.kr\n  kind: public_institution\n"],
        ],
        expect: [
            "policy.yaml:9:9: warning: organisation.kind: a public institution registers its personal-information files with the PIPC and lists them in its policy (files) [no-registered-files] (PIPA Art. 32(1))",
        ]),
    RuleCase(
        "files-not-public",
        replacing: [
            ["\nversion:", "\nfiles:\n  - name: {ko: 회원 파일, en: Members}\n    basis: {ko: 정보주체의 동의, en: Consent}\n    purpose: {ko: 회원 관리, en: Membership}\n    items: [email]\n    retention: {ko: 탈퇴 시까지, en: Until withdrawal}\n\nversion:"],
        ],
        expect: [
            "policy.yaml:184:3: warning: files: only a public institution registers personal-information files (organisation.kind: public_institution) [files-not-public] (PIPA Art. 32(1))",
        ]),
    RuleCase(
        "basis-unstated",
        replacing: [
            ["    items: [name, payment_record]\n    basis: {law: {statute: national_tax_basic_act, article: {ko: 제85조의3, en: Art. 85-3}}}",
             "    items: [name, payment_record]\n    basis: unstated"],
        ],
        expect: [
            "policy.yaml:99:12: warning: purposes[4].basis: the policy states no legal basis for purpose 'tax_records'; the render says so, and Jikim cannot hold processing to a basis it is not told [basis-unstated] (PIPA Art. 15(1), Art. 30(1)1)",
        ]),
    RuleCase(
        "basis-unstated",
        replacing: [
            ["    keep: 5 years\n    from: contract_end\n    basis: {law: {statute: ecommerce_act, article: {ko: 시행령 제6조, en: Enforcement Decree Art. 6}}}",
             "    keep: 5 years\n    from: contract_end\n    basis: unstated"],
        ],
        expect: [
            "policy.yaml:112:12: warning: retention[1].basis: retention rule 'payment' keeps items after the purpose has ended and the policy states no reason; it is rendered as not stated [basis-unstated] (PIPA Art. 21(1), Art. 30(1)2)",
        ]),
    RuleCase(
        "no-provision-with-provisions",
        replacing: [
            ["\nversion:", "\nno_provision: true\n\nversion:"],
        ],
        expect: [
            "policy.yaml:183:15: error: no_provision: the policy says it provides to no third party (no_provision: true) but lists provisions; remove one or the other [no-provision-with-provisions] (PIPA Art. 17(1))",
        ]),
    RuleCase(
        "video-policy-incomplete",
        replacing: [
            ["\nversion:", "\nvideo_devices:\n  - purposes: {ko: 시설 안전, en: Safety}\n    hours: {ko: 24시간, en: Around the clock}\n\nversion:"],
        ],
        expect: [
            "policy.yaml:184:5: warning: video_devices[0]: the video devices' operation policy does not say: basis, installations, retention, manager, requests, safety [video-policy-incomplete] (PIPA Art. 25(7); Decree Art. 25(1))",
        ]),
    RuleCase(
        "location-records-retention",
        replacing: [
            ["\nversion:", "\nlocation:\n  items: [address]\n  purposes: {ko: 배송 위치 안내, en: Delivery tracking}\n\nversion:"],
        ],
        expect: [
            "policy.yaml:184:3: warning: location: say how long the records of using and providing location information are kept (use_records_retention) [location-records-retention] (Location Information Act Art. 16(2))",
        ]),
    RuleCase(
        "undated-version",
        replacing: [
            ["  announced: 2026-08-25\n  effective: 2026-09-01\n", "  undated: true\n"],
        ],
        expect: [
            "policy.yaml:185:12: warning: version.undated: the version gives no date it takes effect: the render says none, and a new version published after it needs one [undated-version] (PIPA Art. 30(2))",
        ]),
    RuleCase(
        "statistics-exception-repealed",
        replacing: [
            ["\nversion:", "\nadditional_use: {ko: \"다만, 통계작성, 학술 연구 또는 시장조사를 위하여 필요한 경우는 예외로 합니다.\", en: Exceptions.}\n\nversion:"],
        ],
        expect: [
            "policy.yaml:183:17: warning: additional_use: the text names providing information for statistics, academic research or market research as an exception; Art. 18(2) has not allowed that without consent since 2020 (pseudonymised information is processed under Arts. 28-2 and 28-3) [statistics-exception-repealed] (PIPA Art. 18(2), Arts. 28-2, 28-3)",
        ]),
    RuleCase(
        "unique-identifier-without-separate-consent",
        replacing: [
            ["    name: {ko: 생일, en: Birthday}\n", "    name: {ko: 생일, en: Birthday}\n    category: passport_number\n    protection: encrypted\n"],
        ],
        expect: [
            "policy.yaml:92:12: error: purposes[2].basis: purpose 'birthday_coupon' processes the unique identifier 'birthday' without a statute or a separate consent of kind unique_identifier [unique-identifier-without-separate-consent] (PIPA Art. 24(1))",
        ]),
    RuleCase(
        "sensitive-without-separate-consent",
        replacing: [
            ["    name: {ko: 생일, en: Birthday}\n", "    name: {ko: 생일, en: Birthday}\n    category: sensitive\n"],
        ],
        expect: [
            "policy.yaml:91:12: error: purposes[2].basis: purpose 'birthday_coupon' processes the sensitive item 'birthday' without a statute or a separate consent of kind sensitive [sensitive-without-separate-consent] (PIPA Art. 23(1))",
        ]),
    RuleCase(
        "special-category-basis-unstated",
        replacing: [
            ["    name: {ko: 생일, en: Birthday}\n", "    name: {ko: 생일, en: Birthday}\n    category: sensitive\n"],
            ["    items: [birthday, email]\n    basis: {consent: optional_profile}", "    items: [birthday, email]\n    basis: unstated"],
        ],
        expect: [
            "policy.yaml:68:9: warning: consents[0].id: consent 'optional_profile' is declared but no purpose, provision or retention rule rests on it [unused-consent]",
            "policy.yaml:91:12: warning: purposes[2].basis: the policy states no legal basis for purpose 'birthday_coupon'; the render says so, and Jikim cannot hold processing to a basis it is not told [basis-unstated] (PIPA Art. 15(1), Art. 30(1)1)",
            "policy.yaml:91:12: warning: purposes[2].basis: purpose 'birthday_coupon' processes 'birthday' (sensitive) and the policy states no basis; only a statute or a separate consent allows it [special-category-basis-unstated] (PIPA Art. 23(1))",
        ]),
    RuleCase(
        "permanent-without-law",
        replacing: [
            ["    until: membership_withdrawal\n    basis: internal_policy", "    keep: permanent\n    basis: internal_policy"],
        ],
        expect: [
            "policy.yaml:105:11: warning: retention[0].keep: retention rule 'membership' keeps items permanently without a statute among its bases; only a law (a records schedule) can set that [permanent-without-law] (PIPA Art. 21(1))",
        ]),
    RuleCase(
        "law-retention-not-separated",
        replacing: [
            ["    from: contract_end\n", "    from: contract_end\n    separate: false\n"],
        ],
        expect: [
            "policy.yaml:112:15: error: retention[1].separate: items kept under a law after the end of the contract must be stored separately (separate: true) [law-retention-not-separated] (PIPA Art. 21(3))",
        ]),
    RuleCase(
        "provision-without-basis",
        replacing: [
            ["    basis: {consent: delivery}\n", "\n"],
        ],
        expect: [
            "policy.yaml:126:5: error: provisions[0]: provision to 'Demo Courier Co.' has no basis: give the consent or the statute it rests on [provision-without-basis] (PIPA Art. 17(1))",
            "policy.yaml:70:9: warning: consents[1].id: consent 'delivery' is declared but no purpose, provision or retention rule rests on it [unused-consent]",
        ]),
    RuleCase(
        "provision-on-contract",
        replacing: [
            ["    basis: {consent: delivery}", "    basis: contract"],
        ],
        expect: [
            "policy.yaml:131:12: error: provisions[0].basis: provision to 'Demo Courier Co.' cannot rest on contract; Art. 17 allows only the person's consent or a legal ground [provision-on-contract] (PIPA Art. 17(1))",
            "policy.yaml:70:9: warning: consents[1].id: consent 'delivery' is declared but no purpose, provision or retention rule rests on it [unused-consent]",
        ]),
    RuleCase(
        "provision-consent-not-separate",
        replacing: [
            ["    basis: {consent: delivery}", "    basis: {consent: optional_profile}"],
        ],
        expect: [
            "policy.yaml:131:22: error: provisions[0].basis.consent: provision to 'Demo Courier Co.' rests on consent 'optional_profile' of kind optional; consent to provision is asked separately (kind provision) [provision-consent-not-separate] (PIPA Art. 17(2), Art. 22(1))",
            "policy.yaml:70:9: warning: consents[1].id: consent 'delivery' is declared but no purpose, provision or retention rule rests on it [unused-consent]",
        ]),
    RuleCase(
        "overseas-disclosure-missing",
        replacing: [
            ["    basis: {consent: delivery}\n", "    basis: {consent: delivery}\n    overseas:\n      country: {ko: 미국, en: United States}\n      when_and_how: {ko: 주문 시 네트워크로 전송, en: Sent over the network when an order is placed}\n      contact: privacy@courier.example\n"],
        ],
        expect: [
            "policy.yaml:133:7: error: provisions[0].overseas: transfer abroad does not disclose how_to_refuse (write unstated where the policy does not say) [overseas-disclosure-missing] (PIPA Art. 28-8(2), Decree Art. 31(1))",
        ]),
    RuleCase(
        "overseas-disclosure-unstated",
        replacing: [
            ["    basis: {consent: delivery}\n", "    basis: {consent: delivery}\n    overseas:\n      country: {ko: 미국, en: United States}\n      when_and_how: {ko: 주문 시 네트워크로 전송, en: Sent over the network when an order is placed}\n      contact: privacy@courier.example\n      how_to_refuse: unstated\n"],
        ],
        expect: [
            "policy.yaml:136:22: warning: provisions[0].overseas.how_to_refuse: the policy does not disclose the transfer's how_to_refuse; it is rendered as not stated [overseas-disclosure-unstated] (PIPA Art. 28-8(2), Decree Art. 31(1))",
        ]),
    RuleCase(
        "unprotected-item",
        replacing: [
            ["    category: card_number\n    protection: encrypted", "    category: card_number\n    protection: none"],
        ],
        expect: [
            "policy.yaml:51:17: error: items[5].protection: item 'card_number' (card_number) must be stored with protection: encrypted, not none [unprotected-item] (PIPA Art. 29; safety standard Art. 7)",
        ]),
    RuleCase(
        "unprotected-item-password",
        replacing: [
            ["    category: password\n    protection: one_way", "    category: password\n    protection: encrypted"],
        ],
        expect: [
            "policy.yaml:36:17: error: items[1].protection: item 'password' (password) must be stored with protection: one_way, not encrypted [unprotected-item] (PIPA Art. 29; safety standard Art. 7)",
        ]),
    RuleCase(
        "access-log-retention",
        replacing: [
            ["  keep: 2 years\n  keep_rights_changes", "  keep: 6 months\n  keep_rights_changes"],
        ],
        expect: [
            "policy.yaml:198:9: error: access_log.keep: access records are kept 6 months, less than the 1 year the safety standard requires [access-log-retention] (safety standard Art. 8(1))",
        ]),
    RuleCase(
        "rights-log-retention",
        replacing: [
            ["keep_rights_changes: 3 years", "keep_rights_changes: 1 year"],
        ],
        expect: [
            "policy.yaml:199:24: error: access_log.keep_rights_changes: records of rights granted, changed and revoked are kept 1 year, less than the 3 years the safety standard requires [rights-log-retention] (safety standard Art. 5(3))",
        ]),
    RuleCase(
        "no-privacy-contact",
        replacing: [
            ["  phone: 02-000-0000\n  email: privacy@example.kr\n", ""],
            ["  phone: 02-000-0001\n  email: security@example.kr\n", ""],
        ],
        expect: [
            "policy.yaml:11:3: error: officer: neither the privacy officer nor the department gives a phone number or an e-mail address [no-privacy-contact] (PIPA Art. 30(1)6, Decree Art. 31(1))",
        ]),
    RuleCase(
        "notice-place-absent",
        replacing: [
            ["\nversion:", "\nnotices:\n  - after: files\n    body: {ko: 파일 목록은 포털에서도 볼 수 있습니다., en: The files are listed on the portal too.}\n\nversion:"],
        ],
        expect: [
            "policy.yaml:184:12: error: notices[0].after: the notice is placed after 'files', but the policy declares no files, so that article is not rendered [notice-place-absent]",
        ]),
    RuleCase(
        "officer-unstated",
        replacing: [
            ["officer:\n  name: {ko: 김보호, en: Kim Boho}\n  title: {ko: 개인정보 보호책임자(CPO), en: Chief Privacy Officer}\n  phone: 02-000-0000\n  email: privacy@example.kr\n", "officer: unstated\n"],
        ],
        expect: [
            "policy.yaml:10:10: warning: officer: the policy does not say who its privacy officer is: the render says so; a policy must name the officer and how to reach them [officer-unstated] (PIPA Art. 30(1)6, Art. 31(1))",
        ]),
    RuleCase(
        "no-safety-measures",
        replacing: [
            ["safety_measures:\n  administrative:\n    - {ko: 내부관리계획 수립·시행 및 정기적 직원 교육, en: An internal management plan and regular staff training}\n  technical:\n    - {ko: 개인정보처리시스템 접근권한 관리와 접속기록 위·변조 방지, en: Access control to the processing system and tamper-evident access records}\n    - {ko: 개인별 키로 저장 시 암호화, en: Encryption in storage with a key per person}\n  physical:\n    - {ko: 전산실 출입 통제, en: Access control to the server room}\n", ""],
        ],
        expect: [
            "policy.yaml:3:1: error: (top level): declare the safety measures (administrative, technical, physical) [no-safety-measures] (Decree Art. 31(1)3)",
        ]),
    RuleCase(
        "no-remedies",
        replacing: [
            ["remedies:\n  - name: {ko: 개인정보분쟁조정위원회, en: Personal Information Dispute Mediation Committee}\n    phone: 1833-6972\n    url: https://www.kopico.go.kr\n  - name: {ko: 개인정보침해신고센터, en: Personal Information Infringement Report Center}\n    phone: \"118\"\n    url: https://privacy.kisa.or.kr\n  - name: {ko: 대검찰청, en: Supreme Prosecutors' Office}\n    phone: \"1301\"\n    url: https://www.spo.go.kr\n  - name: {ko: 경찰청, en: Korean National Police Agency}\n    phone: \"182\"\n    url: https://ecrm.police.go.kr\n\n", ""],
        ],
        expect: [
            "policy.yaml:3:1: warning: (top level): list the agencies people can turn to for remedy (remedies): the dispute mediation committee, KISA's report centre, prosecutors, police [no-remedies]",
        ]),
    RuleCase(
        "no-items",
        replacing: [
            ["items:\n  - id: email\n    name: {ko: 이메일 주소, en: E-mail address}\n    collected_by: [web_form]\n    identity: true\n    type: email\n    verifiable: true\n  - id: password\n    name: {ko: 비밀번호, en: Password}\n    category: password\n    protection: one_way\n    collected_by: [web_form]\n  - id: name\n    name: {ko: 이름, en: Name}\n    collected_by: [web_form]\n  - id: mobile\n    name: {ko: 휴대전화번호, en: Mobile phone number}\n    collected_by: [web_form]\n    identity: true\n  - id: address\n    name: {ko: 배송지 주소, en: Delivery address}\n    collected_by: [web_form]\n  - id: card_number\n    name: {ko: 신용카드번호, en: Credit card number}\n    category: card_number\n    protection: encrypted\n    collected_by: [web_form]\n  - id: payment_record\n    name: {ko: 결제 기록, en: Payment records}\n    category: automatic\n    collected_by: [automatic]\n  - id: access_log\n    name: {ko: 접속 로그 및 IP 주소, en: Access logs and IP addresses}\n    category: automatic\n    collected_by: [automatic]\n  - id: birthday\n    name: {ko: 생일, en: Birthday}\n    required: false\n    collected_by: [web_form]\n\n", "items: []\n\n"],
        ],
        expect: [
            "policy.yaml:3:1: error: (top level): declare the items processed [no-items] (Decree Art. 31(1)1)",
            "policy.yaml:43:13: error: purposes[0].items[0]: purpose 'membership' refers to item 'email', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:43:20: error: purposes[0].items[1]: purpose 'membership' refers to item 'password', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:43:30: error: purposes[0].items[2]: purpose 'membership' refers to item 'name', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:43:36: error: purposes[0].items[3]: purpose 'membership' refers to item 'mobile', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:43:44: error: purposes[0].items[4]: purpose 'membership' refers to item 'access_log', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:47:13: error: purposes[1].items[0]: purpose 'orders' refers to item 'name', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:47:19: error: purposes[1].items[1]: purpose 'orders' refers to item 'mobile', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:47:27: error: purposes[1].items[2]: purpose 'orders' refers to item 'address', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:47:36: error: purposes[1].items[3]: purpose 'orders' refers to item 'card_number', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:47:49: error: purposes[1].items[4]: purpose 'orders' refers to item 'payment_record', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:51:13: error: purposes[2].items[0]: purpose 'birthday_coupon' refers to item 'birthday', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:51:23: error: purposes[2].items[1]: purpose 'birthday_coupon' refers to item 'email', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:55:13: error: purposes[3].items[0]: purpose 'advertising' refers to item 'email', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:55:20: error: purposes[3].items[1]: purpose 'advertising' refers to item 'mobile', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:60:13: error: purposes[4].items[0]: purpose 'tax_records' refers to item 'name', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:60:19: error: purposes[4].items[1]: purpose 'tax_records' refers to item 'payment_record', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:66:13: error: retention[0].items[0]: retention rule 'membership' refers to item 'email', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:66:20: error: retention[0].items[1]: retention rule 'membership' refers to item 'password', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:66:30: error: retention[0].items[2]: retention rule 'membership' refers to item 'name', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:66:36: error: retention[0].items[3]: retention rule 'membership' refers to item 'mobile', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:66:44: error: retention[0].items[4]: retention rule 'membership' refers to item 'address', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:66:53: error: retention[0].items[5]: retention rule 'membership' refers to item 'birthday', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:66:63: error: retention[0].items[6]: retention rule 'membership' refers to item 'card_number', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:71:13: error: retention[1].items[0]: retention rule 'payment' refers to item 'name', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:71:19: error: retention[1].items[1]: retention rule 'payment' refers to item 'payment_record', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:78:13: error: retention[2].items[0]: retention rule 'access_log' refers to item 'access_log', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:91:13: error: provisions[0].items[0]: provision 'courier' refers to item 'name', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:91:19: error: provisions[0].items[1]: provision 'courier' refers to item 'mobile', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:91:27: error: provisions[0].items[2]: provision 'courier' refers to item 'address', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:98:13: error: consignments[0].items[0]: consignment refers to item 'card_number', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
            "policy.yaml:98:26: error: consignments[0].items[1]: consignment refers to item 'payment_record', which is not declared under items [undeclared-item] (PIPA Art. 30(1))",
        ]),
    RuleCase(
        "no-purposes",
        replacing: [
            ["purposes:\n  - id: membership\n    name: {ko: 회원 가입 및 관리, en: Membership}\n    description: {ko: \"회원 식별, 본인 확인, 부정 이용 방지\", en: \"Identifying members, verifying identity, preventing misuse\"}\n    items: [email, password, name, mobile, access_log]\n    basis: contract\n  - id: orders\n    name: {ko: 주문 처리 및 배송, en: Orders and delivery}\n    items: [name, mobile, address, card_number, payment_record]\n    basis: contract\n  - id: birthday_coupon\n    name: {ko: 생일 쿠폰 발송, en: Birthday coupons}\n    items: [birthday, email]\n    basis: {consent: optional_profile}\n  - id: advertising\n    name: {ko: 이벤트 및 광고성 정보 제공, en: Events and advertising}\n    items: [email, mobile]\n    basis: {consent: marketing}\n    marketing: true\n  - id: tax_records\n    name: {ko: 세법에 따른 거래 기록 보존, en: Keeping transaction records for tax law}\n    items: [name, payment_record]\n    basis: {law: {statute: national_tax_basic_act, article: {ko: 제85조의3, en: Art. 85-3}}}\n\n", "purposes: []\n\n"],
        ],
        expect: [
            "policy.yaml:3:1: error: (top level): declare the purposes of processing [no-purposes] (PIPA Art. 30(1)1)",
            "policy.yaml:27:9: error: items[0].id: item 'email' is not used by any purpose [item-without-purpose] (PIPA Art. 3(1), Art. 15(1))",
            "policy.yaml:33:9: error: items[1].id: item 'password' is not used by any purpose [item-without-purpose] (PIPA Art. 3(1), Art. 15(1))",
            "policy.yaml:38:9: error: items[2].id: item 'name' is not used by any purpose [item-without-purpose] (PIPA Art. 3(1), Art. 15(1))",
            "policy.yaml:41:9: error: items[3].id: item 'mobile' is not used by any purpose [item-without-purpose] (PIPA Art. 3(1), Art. 15(1))",
            "policy.yaml:45:9: error: items[4].id: item 'address' is not used by any purpose [item-without-purpose] (PIPA Art. 3(1), Art. 15(1))",
            "policy.yaml:48:9: error: items[5].id: item 'card_number' is not used by any purpose [item-without-purpose] (PIPA Art. 3(1), Art. 15(1))",
            "policy.yaml:53:9: error: items[6].id: item 'payment_record' is not used by any purpose [item-without-purpose] (PIPA Art. 3(1), Art. 15(1))",
            "policy.yaml:57:9: error: items[7].id: item 'access_log' is not used by any purpose [item-without-purpose] (PIPA Art. 3(1), Art. 15(1))",
            "policy.yaml:61:9: error: items[8].id: item 'birthday' is not used by any purpose [item-without-purpose] (PIPA Art. 3(1), Art. 15(1))",
            "policy.yaml:91:14: error: retention[1].purpose: retention rule refers to purpose 'tax_records', which is not declared under purposes [undeclared-purpose] (PIPA Art. 30(1)1)",
            "policy.yaml:67:9: warning: consents[0].id: consent 'optional_profile' is declared but no purpose, provision or retention rule rests on it [unused-consent]",
            "policy.yaml:73:9: warning: consents[2].id: consent 'marketing' is declared but no purpose, provision or retention rule rests on it [unused-consent]",
        ]),
    RuleCase(
        "no-rights-channel",
        replacing: [
            ["  channels:\n    - kind: web\n      detail: {ko: \"마이페이지 > 개인정보 관리\", en: \"My Page > Personal information\"}\n    - kind: email\n      detail: privacy@example.kr\n    - kind: writing\n", "  channels: []\n"],
        ],
        expect: [
            "policy.yaml:161:3: error: rights: say how people file requests to access, correct, delete or suspend (rights.channels) [no-rights-channel] (PIPA Art. 30(1)5, Art. 38)",
        ]),
    RuleCase(
        "safety-measures-incomplete",
        replacing: [
            ["  physical:\n    - {ko: 전산실 출입 통제, en: Access control to the server room}\n", ""],
        ],
        expect: [
            "policy.yaml:146:3: warning: safety_measures: no physical safety measures are declared [safety-measures-incomplete] (Decree Art. 30(1))",
        ]),
    RuleCase(
        "no-automatic-collection",
        replacing: [
            ["automatic_collection:\n  cookies: true\n  purpose: {ko: 로그인 상태 유지와 이용 통계, en: Keeping people signed in and usage statistics}\n  how_to_refuse: {ko: 웹 브라우저의 설정에서 쿠키 저장을 거부할 수 있습니다., en: You can refuse cookies in your web browser's settings.}\n  if_refused: {ko: 로그인이 필요한 일부 서비스를 이용하기 어려울 수 있습니다., en: Some services that need you to sign in may not work.}\n", ""],
        ],
        expect: [
            "policy.yaml:3:1: warning: (top level): items are generated automatically but automatic_collection does not say whether cookies are used and how to refuse them [no-automatic-collection] (PIPA Art. 30(1)7)",
        ]),
    RuleCase(
        "dormancy-without-notice",
        replacing: [
            ["  notice_days: 30\n", ""],
        ],
        expect: [
            "policy.yaml:155:3: warning: dormancy: say how many days in advance people are told before their data is separated (notice_days) [dormancy-without-notice]",
        ]),
    RuleCase(
        "no-agents",
        replacing: [
            ["  agents: true", "  agents: false"],
        ],
        expect: [
            "policy.yaml:167:11: warning: rights.agents: people may exercise their rights through a legal representative or a person with a power of attorney; say how (agents: true) [no-agents] (PIPA Art. 38(1))",
        ]),
    RuleCase(
        "unused-consent",
        replacing: [
            ["consents:\n", "consents:\n  - id: survey\n    kind: optional\n    title: {ko: 설문 동의, en: Consent to surveys}\n"],
        ],
        expect: [
            "policy.yaml:67:9: warning: consents[0].id: consent 'survey' is declared but no purpose, provision or retention rule rests on it [unused-consent]",
        ]),
    RuleCase(
        "no-effective-date",
        replacing: [
            ["  effective: 2026-09-01\n", ""],
        ],
        expect: [
            "policy.yaml:184:3: error: version: give the date this version takes effect (effective), or undated: true for a text that gives none [no-effective-date] (PIPA Art. 30(2))",
        ]),
    RuleCase(
        "effective-before-announced",
        replacing: [
            ["  announced: 2026-08-25", "  announced: 2026-09-02"],
        ],
        expect: [
            "policy.yaml:186:14: error: version.effective: the version takes effect on 2026-09-01, before it is announced on 2026-09-02 [effective-before-announced]",
        ]),
    RuleCase(
        "short-notice",
        replacing: [
            ["  announced: 2026-08-25", "  announced: 2026-08-29"],
        ],
        expect: [
            "policy.yaml:185:14: warning: version.announced: the change is announced 3 days before it takes effect; 7 days (30 for changes to people's rights) is the practice [short-notice]",
        ]),
    RuleCase(
        "no-announcement-date",
        replacing: [
            ["  announced: 2026-08-25\n", ""],
        ],
        expect: [
            "policy.yaml:184:3: warning: version: give the date this version was announced (announced), so the notice of change can show it [no-announcement-date]",
        ]),
    RuleCase(
        "fresh-consent-without-summary",
        replacing: [
            ["  summary: {ko: 생일 쿠폰 발송을 위한 선택항목(생일)을 추가하고 배송업체에 대한 제3자 제공을 신설했습니다., en: Added the optional birthday item for birthday coupons and provision to the courier.}\n", ""],
        ],
        expect: [
            "policy.yaml:184:3: warning: version: the change needs fresh consent; summarise it (summary) so people know what they are asked [fresh-consent-without-summary]",
        ]),
    RuleCase(
        "duplicate-version",
        replacing: [
            ["  - id: \"2025-01-01\"", "  - id: \"2026-09-01\""],
        ],
        expect: [
            "policy.yaml:191:9: error: history[0].id: version '2026-09-01' appears more than once [duplicate-version]",
        ]),
    RuleCase(
        "history-not-earlier",
        replacing: [
            ["    effective: 2025-01-01", "    effective: 2026-10-01"],
        ],
        expect: [
            "policy.yaml:193:16: error: history[0].effective: earlier version '2025-01-01' takes effect on 2026-10-01, not before the current version (2026-09-01) [history-not-earlier]",
        ]),
]

@Test("every check rule reports its exact message at its position", arguments: ruleCases)
func checkRule(_ example: RuleCase) throws {
    var text = validPolicy
    for replacement in example.replacements {
        let (old, new) = (replacement[0], replacement[1])
        let range = try #require(text.range(of: old), "the fixture no longer contains: \(old)")
        text.replaceSubrange(range, with: new)
    }
    #expect(checkLines(text) == example.expected)
    #expect(example.expected.contains { $0.contains("[\(example.rule.replacingOccurrences(of: "-password", with: ""))]") })
}

@Test("the valid demo policy has no findings")
func validPolicyIsClean() {
    #expect(!validPolicy.isEmpty)
    #expect(checkLines(validPolicy) == [])
}

@Test("every rule the checker can report has a case above")
func everyRuleIsTested() throws {
    let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/JikimCore/Checks")
    var reported: Set<String> = []
    for file in try FileManager.default.contentsOfDirectory(atPath: sources.path) {
        let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
        for marker in [".error(\"", ".warning(\""] {
            for part in text.components(separatedBy: marker).dropFirst() {
                reported.insert(String(part.prefix { $0 != "\"" }))
            }
        }
    }
    reported.remove("undeclared-")  // built from the list name: undeclared-subject, undeclared-service
    let tested = Set(ruleCases.map { $0.rule.replacingOccurrences(of: "-password", with: "") })
    #expect(reported.subtracting(tested).sorted() == [])
}
