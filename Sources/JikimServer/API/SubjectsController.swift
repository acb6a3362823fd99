import Foundation
import HTTPTypes
import Hummingbird
import JikimCore
import JikimVault
import Logging

/// People over HTTP, for the services that hold their information: add, read for a purpose, correct, record
/// lifecycle events and consent changes. Every call goes through the vault's rules and leaves its access record.
/// People are named in bodies, never in paths, so that request logs hold no identifier of theirs.
struct SubjectsController {
    let vault: Vault

    func addRoutes(to group: RouterGroup<JikimRequestContext>) {
        group.post { request, context -> Response in
            let body = try await request.decode(as: CreateBody.self, context: context)
            try body.validate()
            let subject = NewSubject(externalID: body.id, category: body.category, categories: body.categories ?? [], values: body.items, consents: body.consents ?? [],
                                     channel: body.channel ?? "api")
            try await vault.create(subject, by: requester(body.purpose, context))
            try await honourGPC(request, id: body.id, purpose: body.purpose, context)
            return try jsonResponse(["id": body.id], status: .created)
        }
        group.post("read") { request, context -> Response in
            let body = try await request.decode(as: ReadBody.self, context: context)
            try body.validate()
            try await honourGPC(request, id: body.id, purpose: body.purpose, context)
            let values = try await vault.read(externalID: body.id, items: body.items, by: requester(body.purpose, context))
            return itemsResponse(values)
        }
        group.post("read-separated") { request, context -> Response in
            let body = try await request.decode(as: ReadBody.self, context: context)
            try body.validate()
            let values = try await vault.readSeparated(externalID: body.id, items: body.items, by: requester(body.purpose, context))
            return itemsResponse(values)
        }
        group.post("correct") { request, context -> Response in
            let body = try await request.decode(as: CorrectBody.self, context: context)
            try body.validate()
            try await honourGPC(request, id: body.id, purpose: body.purpose, context)
            try await vault.correct(externalID: body.id, values: body.items, by: requester(body.purpose, context))
            return Response(status: .noContent)
        }
        group.post("events") { request, context -> Response in
            let body = try await request.decode(as: EventBody.self, context: context)
            try body.validate()
            guard let event = LifecycleEvent(rawValue: body.event) else {
                throw APIError.invalid("field event: '\(body.event)' is not one of " + LifecycleEvent.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let at = try body.at.map { text in
                guard let date = CivilDate.instant(text) else {
                    throw APIError.invalid("field at: a date (YYYY-MM-DD, during that day in Korea) or an ISO 8601 time")
                }
                return date
            }
            try await vault.recordEvent(externalID: body.id, event, at: at, by: requester(body.purpose, context))
            return Response(status: .noContent)
        }
        group.post("consents") { request, context -> Response in
            let body = try await request.decode(as: ConsentBody.self, context: context)
            try body.validate()
            guard let action = ConsentEvent.Action(rawValue: body.action) else {
                throw APIError.invalid("field action: give 'given' or 'withdrawn'")
            }
            try await vault.changeConsent(externalID: body.id, consent: body.consent, action, channel: body.channel ?? "api",
                                          by: requester(body.purpose, context))
            try await honourGPC(request, id: body.id, purpose: body.purpose, context)
            return Response(status: .noContent)
        }
        group.post("provide") { request, context -> Response in
            let body = try await request.decode(as: ProvideBody.self, context: context)
            try body.validate()
            try await honourGPC(request, id: body.id, purpose: body.purpose, context)
            let values = try await vault.provide(externalID: body.id, to: body.recipient, items: body.items, by: requester(body.purpose, context))
            return itemsResponse(values)
        }
        group.post("usage-notice") { request, context -> Response in
            let body = try await request.decode(as: UsageNoticeBody.self, context: context)
            try FieldBounds.externalID(body.id)
            guard (2000...2200).contains(body.year) else { throw APIError.invalid("field year: a year from 2000 to 2200") }
            let notice = try await vault.usageNotice(externalID: body.id, year: body.year, send: body.send ?? false,
                                                     by: requester(Vault.requestPurpose, context))
            return try jsonResponse(["subject": notice.subject, "body": notice.body])
        }
    }

    /// `Sec-GPC: 1` on a call about a person is their objection to the opt-out purposes: recorded before the call
    /// is carried out (after it, for a person just added).
    private func honourGPC(_ request: Request, id: String, purpose: String, _ context: JikimRequestContext) async throws {
        guard request.headers[.secGPC]?.trimmingCharacters(in: .whitespaces) == "1" else { return }
        let withdrawn = try await vault.honourGlobalPrivacyControl(externalID: id, by: requester(purpose, context))
        if !withdrawn.isEmpty {
            context.logger.info("Sec-GPC honoured", metadata: ["consents": .string(withdrawn.joined(separator: ","))])
        }
    }

    private func requester(_ purpose: String, _ context: JikimRequestContext) throws -> Requester {
        guard let actor = context.actor else { throw APIError(status: .unauthorized, code: "unauthenticated", message: "no actor") }
        return Requester(actor: actor, purpose: purpose, source: context.source, token: context.token)
    }
}

/// Limits that keep a request's work bounded.
private enum Limits {
    static let valueLength = 10_000
}

private func checkValues(_ items: [String: String]) throws {
    try FieldBounds.names(items.keys.sorted(), field: "items")
    for (item, value) in items where value.count > Limits.valueLength {
        throw APIError.invalid("field items.\(item): a value of at most \(Limits.valueLength) characters")
    }
}

struct CreateBody: Decodable {
    var id: String
    var category: String?
    /// A person in several data-subject categories (kept by the retention rules of each).
    var categories: [String]?
    var items: [String: String]
    var consents: [String]?
    var channel: String?
    var purpose: String
    func validate() throws {
        try FieldBounds.externalID(id)
        try checkValues(items)
        try FieldBounds.name(purpose, field: "purpose")
        if let category { try FieldBounds.name(category, field: "category") }
        try FieldBounds.names(categories ?? [], field: "categories")
        try FieldBounds.names(consents ?? [], field: "consents")
        try FieldBounds.channel(channel)
    }
}

struct ReadBody: Decodable {
    var id: String
    var purpose: String
    var items: [String]
    func validate() throws {
        try FieldBounds.externalID(id)
        try FieldBounds.name(purpose, field: "purpose")
        try FieldBounds.names(items, field: "items", required: true)
    }
}

struct CorrectBody: Decodable {
    var id: String
    var purpose: String
    var items: [String: String]
    func validate() throws {
        try FieldBounds.externalID(id)
        try FieldBounds.name(purpose, field: "purpose")
        guard !items.isEmpty else { throw APIError.invalid("field items: give at least one") }
        try checkValues(items)
    }
}

struct EventBody: Decodable {
    var id: String
    var purpose: String
    var event: String
    var at: String?
    func validate() throws {
        try FieldBounds.externalID(id)
        try FieldBounds.name(purpose, field: "purpose")
        guard event.count <= FieldBounds.nameLength, (at?.count ?? 0) <= 40 else {
            throw APIError.invalid("field event or at: too long")
        }
    }
}

struct ConsentBody: Decodable {
    var id: String
    var purpose: String
    var consent: String
    var action: String
    var channel: String?
    func validate() throws {
        try FieldBounds.externalID(id)
        try FieldBounds.name(purpose, field: "purpose")
        try FieldBounds.name(consent, field: "consent")
        try FieldBounds.channel(channel)
    }
}

struct ProvideBody: Decodable {
    var id: String
    var purpose: String
    var recipient: String
    var items: [String]
    func validate() throws {
        try FieldBounds.externalID(id)
        try FieldBounds.name(purpose, field: "purpose")
        try FieldBounds.name(recipient, field: "recipient")
        try FieldBounds.names(items, field: "items", required: true)
    }
}

struct UsageNoticeBody: Decodable {
    var id: String
    var year: Int
    var send: Bool?
}

extension HTTPField.Name {
    /// Global Privacy Control (https://privacycg.github.io/gpc-spec/).
    static let secGPC = Self("Sec-GPC")!
}
