import JikimCore
import Testing

private let policy = Policy(
    organisation: Organisation(name: LocalizedText("Shop")),
    items: [Item(id: "email", name: LocalizedText("E-mail")), Item(id: "mobile", name: LocalizedText("Mobile"))],
    version: PolicyVersion(id: "1")
)

@Test("a part is withheld only from what the request names (any declared item for access), never all of it, on a ground for its kind",
      arguments: [
          (RequestKind.access, RequestTargets(), PartialRefusal(withheld: ["mobile"], ground: .accessHarmsOthers), nil),
          (.access, RequestTargets(), PartialRefusal(withheld: ["email", "mobile"], ground: .accessForbiddenByLaw), nil),
          (.access, RequestTargets(), PartialRefusal(withheld: ["address"], ground: .accessHarmsOthers), "not part of this request"),
          (.access, RequestTargets(), PartialRefusal(withheld: ["mobile"], ground: .deletionRequiredByLaw), "field ground"),
          (.access, RequestTargets(), PartialRefusal(withheld: ["mobile"], ground: .identityNotConfirmed), "field ground"),
          (.access, RequestTargets(), PartialRefusal(withheld: [], ground: .accessHarmsOthers), "name each part"),
          (.access, RequestTargets(), PartialRefusal(withheld: ["mobile", "mobile"], ground: .accessHarmsOthers), "name each part"),
          (.suspension, RequestTargets(purposes: ["orders", "ads"]), PartialRefusal(withheld: ["orders"], ground: .contractCannotBePerformed), nil),
          (.suspension, RequestTargets(purposes: ["orders", "ads"]), PartialRefusal(withheld: ["orders", "ads"], ground: .contractCannotBePerformed),
           "refuse it instead"),
          (.deletion, RequestTargets(items: ["email", "mobile"]), PartialRefusal(withheld: ["email"], ground: .deletionRequiredByLaw), nil),
          (.deletion, RequestTargets(), PartialRefusal(withheld: ["email"], ground: .deletionRequiredByLaw), "whole membership"),
          (.withdrawal, RequestTargets(consents: ["marketing", "sms"]), PartialRefusal(withheld: ["sms"], ground: .processingRequiredByLaw), nil),
          (.correction, RequestTargets(items: ["email", "mobile"]),
           PartialRefusal(withheld: ["email"], ground: .otherProcedureByLaw, note: "call 010-1234-5678 for details"), "field note"),
      ] as [(RequestKind, RequestTargets, PartialRefusal, String?)])
func partialRefusal(kind: RequestKind, targets: RequestTargets, partial: PartialRefusal, problem: String?) {
    let found = partial.problem(for: kind, targets: targets, policy: policy)
    if let problem {
        #expect(found?.contains(problem) == true, "\(found ?? "no problem")")
    } else {
        #expect(found == nil)
    }
}
