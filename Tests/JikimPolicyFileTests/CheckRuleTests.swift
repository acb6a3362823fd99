import Foundation
import JikimCore
import JikimPolicyFile
import Testing

/// The demo policy is valid; each test breaks it in one place and expects one exact message at one position.
let validPolicy: String = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/valid.yaml")
    return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
}()

func diagnostics(replacing old: String, with new: String) throws -> [String] {
    #expect(validPolicy.contains(old), "the fixture no longer contains the text this test replaces")
    let text = validPolicy.replacingOccurrences(of: old, with: new)
    do {
        let loaded = try PolicyFile.parse(text, file: "policy.yaml")
        return loaded.diagnostics.map(\.description)
    } catch {
        switch error {
        case .invalid(let found): return found.map(\.description)
        case .unreadable: return [error.description]
        }
    }
}

struct CheckRuleCase: Sendable, CustomTestStringConvertible {
    var rule: String
    var old: String
    var new: String
    var expected: String
    var testDescription: String { rule }
}

let ruleCases: [CheckRuleCase] = [
    CheckRuleCase(rule: "undeclared-item",
        old: "items: [birthday, email]", new: "items: [birthday, email, shoe_size]",
        expected: "policy.yaml:87:30: error: purposes[2].items[2]: purpose 'birthday_coupon' refers to item 'shoe_size', which is not declared under items [undeclared-item] (PIPA Art. 30(1))"),
    CheckRuleCase(rule: "undeclared-purpose",
        old: "    purpose: tax_records", new: "    purpose: audits",
        expected: "policy.yaml:111:14: error: retention[1].purpose: retention rule refers to purpose 'audits', which is not declared under purposes [undeclared-purpose] (PIPA Art. 30(1)1)"),
    CheckRuleCase(rule: "item-without-retention",
        old: "items: [access_log]\n    keep: 3 months", new: "items: [payment_record]\n    keep: 3 months",
        expected: "policy.yaml:55:9: error: items[7].id: item 'access_log' has no retention rule: say how long it is kept and from when [item-without-retention] (PIPA Art. 21(1), Art. 30(1)2)"),
    CheckRuleCase(rule: "purpose-without-basis",
        old: "    items: [name, mobile, address, card_number, payment_record]\n    basis: contract\n",
        new: "    items: [name, mobile, address, card_number, payment_record]\n",
        expected: "policy.yaml:81:5: error: purposes[1]: purpose 'orders' has no legal basis: give consent, contract, law, public_duty, vital_interests or legitimate_interest [purpose-without-basis] (PIPA Art. 15(1))"),
    CheckRuleCase(rule: "marketing-in-required-consent",
        old: "  - id: marketing\n    kind: marketing", new: "  - id: marketing\n    kind: required",
        expected: "policy.yaml:92:22: error: purposes[3].basis.consent: marketing purpose 'advertising' is bundled into the required consent 'marketing'; ask for it separately and let people refuse it [marketing-in-required-consent] (PIPA Art. 22(1)7, Art. 22(5))"),
    CheckRuleCase(rule: "provision-on-contract",
        old: "    basis: {consent: delivery}", new: "    basis: contract",
        expected: "policy.yaml:129:12: error: provisions[0].basis: provision to 'Demo Courier Co.' cannot rest on contract; Art. 17 allows only the person's consent or a legal ground [provision-on-contract] (PIPA Art. 17(1))"),
    CheckRuleCase(rule: "unprotected-item (card number)",
        old: "    category: card_number\n    protection: encrypted", new: "    category: card_number\n    protection: none",
        expected: "policy.yaml:49:17: error: items[5].protection: item 'card_number' (card_number) must be stored with protection: encrypted, not none [unprotected-item] (PIPA Art. 29; safety standard Art. 7)"),
    CheckRuleCase(rule: "unprotected-item (password)",
        old: "    category: password\n    protection: one_way", new: "    category: password\n    protection: encrypted",
        expected: "policy.yaml:34:17: error: items[1].protection: item 'password' (password) must be stored with protection: one_way, not encrypted [unprotected-item] (PIPA Art. 29; safety standard Art. 7)"),
    CheckRuleCase(rule: "unprotected-item (unique identifier)",
        old: "  - id: birthday\n    name: {ko: 생일, en: Birthday}", new: "  - id: birthday\n    name: {ko: 생일, en: Birthday}\n    category: passport_number",
        expected: "policy.yaml:59:5: error: items[8].protection: item 'birthday' (passport_number) must be stored with protection: encrypted, not none [unprotected-item] (PIPA Art. 29; safety standard Art. 7)"),
    CheckRuleCase(rule: "no-privacy-contact",
        old: "  phone: 02-000-0000\n  email: privacy@example.kr\n", new: "",
        expected: "policy.yaml:11:3: error: officer: neither the privacy officer nor the department gives a phone number or an e-mail address [no-privacy-contact] (PIPA Art. 30(1)6, Decree Art. 31(1))"),
]

@Test("every check rule names the position, the rule and the article", arguments: ruleCases)
func checkRule(_ example: CheckRuleCase) throws {
    var old = example.old
    var new = example.new
    if example.rule == "no-privacy-contact" {
        // Remove the department's contacts too, so that nobody can be reached.
        old = "  phone: 02-000-0001\n  email: security@example.kr\n"
        new = ""
        let first = validPolicy.replacingOccurrences(of: example.old, with: example.new)
            .replacingOccurrences(of: old, with: new)
        let found: [String]
        do { found = try PolicyFile.parse(first, file: "policy.yaml").diagnostics.map(\.description) } catch {
            if case .invalid(let list) = error { found = list.map(\.description) } else { found = [error.description] }
        }
        #expect(found.contains(example.expected), "\(found)")
        return
    }
    let found = try diagnostics(replacing: old, with: new)
    #expect(found.contains(example.expected), "\(found)")
}

@Test("a marketing purpose on contract is refused")
func marketingOnContract() throws {
    let found = try diagnostics(replacing: "    basis: {consent: marketing}\n    marketing: true", with: "    basis: contract\n    marketing: true")
    #expect(found.contains("policy.yaml:92:12: error: purposes[3].basis: marketing purpose 'advertising' must rest on a separate marketing consent, not on contract [marketing-without-consent] (PIPA Art. 22(1)7)"))
}

@Test("the valid demo policy has no findings")
func validPolicyIsClean() throws {
    #expect(try diagnostics(replacing: "jikim: 1", with: "jikim: 1") == [])
}

@Test("a recommended section that is missing is a warning, and the policy stays valid")
func missingRemediesWarns() throws {
    let start = try #require(validPolicy.range(of: "remedies:\n"))
    let end = try #require(validPolicy.range(of: "version:\n"))
    let text = validPolicy.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: "")
    let loaded = try PolicyFile.parse(text, file: "policy.yaml")
    #expect(loaded.diagnostics.map(\.description) == [
        "policy.yaml:3:1: warning: (top level): list the agencies people can turn to for remedy (remedies): the dispute mediation committee, KISA's report centre, prosecutors, police [no-remedies]",
    ])
}
