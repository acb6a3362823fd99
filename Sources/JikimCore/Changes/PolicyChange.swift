/// One change between two versions of a policy, as a reader would be told of it.
public struct PolicyChange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case itemAdded = "item-added", itemRemoved = "item-removed", itemMadeRequired = "item-made-required"
        case itemMadeOptional = "item-made-optional"
        case purposeAdded = "purpose-added", purposeRemoved = "purpose-removed"
        case purposeItemsAdded = "purpose-items-added", purposeItemsRemoved = "purpose-items-removed"
        case purposeBasisChanged = "purpose-basis-changed"
        case retentionLengthened = "retention-lengthened", retentionShortened = "retention-shortened"
        case retentionChanged = "retention-changed", retentionAdded = "retention-added", retentionRemoved = "retention-removed"
        case recipientAdded = "recipient-added", recipientRemoved = "recipient-removed"
        case recipientItemsAdded = "recipient-items-added", recipientChanged = "recipient-changed"
        case overseasTransferAdded = "overseas-transfer-added"
        case consigneeAdded = "consignee-added", consigneeRemoved = "consignee-removed"
        case contactChanged = "contact-changed"
        case cookiesChanged = "cookies-changed"
        case dormancyChanged = "dormancy-changed"
    }

    public var kind: Kind
    /// The change in Korean and English.
    public var text: LocalizedText
    /// The change touches what people consented to, so consent must be asked again; posting is not enough
    /// (Arts. 15(2), 17(2), 28-8(3)).
    public var needsFreshConsent: Bool

    public init(_ kind: Kind, ko: String, en: String, needsFreshConsent: Bool = false) {
        self.kind = kind
        self.text = LocalizedText(ko: ko, en: en)
        self.needsFreshConsent = needsFreshConsent
    }

    public func sentence(in language: Language) -> String { text.text(in: language) }
}
