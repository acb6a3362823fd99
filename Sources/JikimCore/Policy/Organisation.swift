/// The personal-information controller that publishes the policy.
public struct Organisation: Sendable, Hashable {
    public var name: LocalizedText
    public var service: LocalizedText?
    public var website: String?
    public var address: LocalizedText?

    public init(name: LocalizedText, service: LocalizedText? = nil, website: String? = nil, address: LocalizedText? = nil) {
        self.name = name
        self.service = service
        self.website = website
        self.address = address
    }
}

/// A person or department people can contact about their personal information.
public struct Contact: Sendable, Hashable {
    public var name: LocalizedText?
    public var title: LocalizedText?
    public var department: LocalizedText?
    /// For a department: the person in charge there.
    public var contact: LocalizedText?
    public var phone: String?
    public var email: String?
    public var address: LocalizedText?

    public init(
        name: LocalizedText? = nil, title: LocalizedText? = nil, department: LocalizedText? = nil,
        contact: LocalizedText? = nil, phone: String? = nil, email: String? = nil, address: LocalizedText? = nil
    ) {
        self.name = name
        self.title = title
        self.department = department
        self.contact = contact
        self.phone = phone
        self.email = email
        self.address = address
    }

    /// Whether people can reach this contact: a phone number or an e-mail address.
    public var isReachable: Bool { !(phone ?? "").isEmpty || !(email ?? "").isEmpty }
}

/// A named group the policy distinguishes: a data-subject category (members, administrators, inquirers…) or a service.
public struct Category: Sendable, Hashable {
    public var id: Identifier
    public var name: LocalizedText

    public init(id: Identifier, name: LocalizedText) {
        self.id = id
        self.name = name
    }
}
