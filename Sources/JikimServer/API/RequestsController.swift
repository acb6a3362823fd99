import Foundation
import Hummingbird
import JikimCore
import JikimVault

/// People's requests for the staff who answer them: list (open, overdue, all), file one taken by letter, call or
/// visit or from an agent, look at one, read the document an agent filed on the form and confirm their authority,
/// carry it out, refuse it with its ground, record its withdrawal. The actor
/// must hold a role that handles requests.
struct RequestsController {
    let vault: Vault

    func addRoutes(to group: RouterGroup<JikimRequestContext>) {
        group.get { request, context -> Response in
            let filterText = request.uri.queryParameters.get("filter") ?? "open"
            guard let filter = RequestFilter(rawValue: filterText) else {
                throw APIError.invalid("query filter: one of " + RequestFilter.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let limit = request.uri.queryParameters.get("limit").map { Int($0) } ?? 100
            guard let limit, (1...1000).contains(limit) else { throw APIError.invalid("query limit: a whole number from 1 to 1000") }
            let requests = try await vault.requests(filter, limit: limit, by: try actor(context))
            return try jsonResponse(RequestList(requests: requests))
        }
        group.post { request, context -> Response in
            let body = try await request.decode(as: FileBody.self, context: context)
            let (kind, filer) = try body.validated()
            let filed = try await vault.fileRequest(
                kind, externalID: body.id,
                targets: RequestTargets(items: body.itemsToDelete ?? [], purposes: body.purposes ?? [], consents: body.consents ?? []),
                values: body.items ?? [:], filer: filer, receivedAt: try body.receipt(), by: Requester(actor: try actor(context), purpose: Vault.requestPurpose, source: context.source, token: context.token))
            return try jsonResponse(Filed(request: filed.summary, followToken: filed.followToken), status: .created)
        }
        group.get("{number}") { _, context -> Response in
            let found = try await vault.request(try number(context), by: try actor(context), source: context.source)
            return try jsonResponse(RequestDetail(request: found.summary, steps: found.steps, answer: found.answer))
        }
        group.post("{number}/complete") { request, context -> Response in
            // Without a body, the whole request is carried out; with one, the part it withholds is not (answered in part).
            let partial = try await CompleteBody.read(request)
            return try await step(context) { number, requester in
                _ = try await vault.completeRequest(number, by: requester, partial: partial)
            }
        }
        group.post("{number}/refuse") { request, context -> Response in
            let body = try await request.decode(as: RefuseBody.self, context: context)
            guard let ground = RefusalGround(rawValue: body.ground) else {
                throw APIError.invalid("field ground: one of " + RefusalGround.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return try await step(context) { number, requester in
                try await vault.refuseRequest(number, ground: ground, note: body.note, by: requester)
            }
        }
        group.post("{number}/postpone") { request, context -> Response in
            let body = try await request.decode(as: PostponeBody.self, context: context)
            return try await step(context) { number, requester in try await vault.postponeRequest(number, note: body.note, by: requester) }
        }
        group.get("{number}/document") { _, context -> Response in
            let number = try number(context)
            let requester = Requester(actor: try actor(context), purpose: Vault.requestPurpose, source: context.source, token: context.token)
            let document = try await vault.agentDocument(number, by: requester)
            var headers = HTTPFields()
            headers[.contentType] = document.format.rawValue
            headers[.contentDisposition] = "attachment; filename=\"authority-\(number).\(document.format.fileExtension)\""
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: document.bytes)))
        }
        group.post("{number}/confirm-agent") { _, context -> Response in
            try await step(context) { number, requester in _ = try await vault.confirmAgent(number, by: requester) }
        }
        group.post("{number}/withdraw") { _, context -> Response in
            try await step(context) { number, requester in try await vault.withdrawRequest(number, by: requester) }
        }
    }

    /// Takes a staff step on the request the path names, then answers with the request as it now is.
    private func step(_ context: JikimRequestContext, _ body: (String, Requester) async throws -> Void) async throws -> Response {
        let number = try number(context)
        let requester = Requester(actor: try actor(context), purpose: Vault.requestPurpose, source: context.source, token: context.token)
        try await body(number, requester)
        let found = try await vault.request(number, by: requester.actor, source: requester.source)
        return try jsonResponse(RequestDetail(request: found.summary, steps: found.steps, answer: found.answer))
    }

    private func actor(_ context: JikimRequestContext) throws -> String {
        guard let actor = context.actor else { throw APIError(status: .unauthorized, code: "unauthenticated", message: "no actor") }
        return actor
    }

    private func number(_ context: JikimRequestContext) throws -> String {
        let number = try context.parameters.require("number")
        guard number.count <= 40 else { throw APIError(status: .notFound, code: "unknown-request", message: VaultError.unknownRequest.description) }
        return number
    }
}

struct RequestList: Encodable {
    var requests: [RequestSummary]
}

struct Filed: Encodable {
    var request: RequestSummary
    var followToken: String
}

struct RequestDetail: Encodable {
    var request: RequestSummary
    var steps: [RequestStep]
    var answer: RequestAnswer?
}

struct FileBody: Decodable {
    struct Agent: Decodable {
        var relation: String
        var documentSha256: String
        var documentReference: String
    }

    var id: String
    var kind: String
    var filer: String
    var agent: Agent?
    var items: [String: String]?
    var itemsToDelete: [String]?
    var purposes: [String]?
    var consents: [String]?
    /// When the request reached the organisation (a letter that arrived yesterday): a date, or an ISO 8601 time.
    var receivedAt: String?

    /// The receipt time given, if any.
    func receipt() throws -> Date? {
        try receivedAt.map { text in
            guard text.count <= 40, let instant = CivilDate.instant(text) else {
                throw APIError.invalid("field receivedAt: a date (YYYY-MM-DD, during that day in Korea) or an ISO 8601 time")
            }
            return instant
        }
    }

    func validated() throws -> (RequestKind, RequestFiler) {
        try FieldBounds.externalID(id)
        guard let kind = RequestKind(rawValue: kind) else {
            throw APIError.invalid("field kind: one of " + RequestKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard itemsToDelete == nil || kind == .deletion else { throw APIError.invalid("field itemsToDelete: only for kind 'deletion'") }
        try FieldBounds.names((items ?? [:]).keys.sorted(), field: "items")
        try FieldBounds.names(itemsToDelete ?? [], field: "itemsToDelete")
        try FieldBounds.names(purposes ?? [], field: "purposes")
        try FieldBounds.names(consents ?? [], field: "consents")
        for (item, value) in items ?? [:] where value.count > 10_000 {
            throw APIError.invalid("field items.\(item): a named item with a value of at most 10000 characters")
        }
        switch filer {
        case "staff":
            guard agent == nil else { throw APIError.invalid("field agent: only for filer 'agent'") }
            return (kind, .staff)
        case "agent":
            guard let agent else { throw APIError.invalid("field agent: required for filer 'agent' (relation, documentSha256, documentReference)") }
            guard agent.documentSha256.count == 64, agent.documentSha256.allSatisfy(\.isHexDigit) else {
                throw APIError.invalid("field agent.documentSha256: the document's SHA-256, 64 hexadecimal digits")
            }
            guard !agent.documentReference.isEmpty, agent.documentReference.count <= 200, !AccessRules.looksPersonal(agent.documentReference) else {
                throw APIError.invalid("field agent.documentReference: where the document is kept, 1 to 200 characters, with no e-mail address or long number")
            }
            guard let relation = AgentAuthority.Relation(rawValue: agent.relation) else {
                throw APIError.invalid("field agent.relation: one of " + AgentAuthority.Relation.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return (kind, .agent(AgentAuthority(relation: relation, documentSHA256: agent.documentSha256, documentReference: agent.documentReference)))
        default:
            throw APIError.invalid("field filer: 'staff' or 'agent' (people file through the request form)")
        }
    }
}

/// What an answer in part leaves out, and the ground for it.
struct CompleteBody: Decodable {
    var withheld: [String]
    var ground: String
    var note: String?

    /// The part withheld, or nil for a request carried out whole (no body, or an empty one).
    static func read(_ request: Request) async throws -> PartialRefusal? {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: 16 * 1024)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(status: .contentTooLarge, code: "body-too-large", message: "an answer in part takes a body of at most 16 KiB")
        }
        guard buffer.readableBytes > 0 else { return nil }
        let body: CompleteBody
        do {
            body = try JSONDecoder().decode(CompleteBody.self, from: Data(buffer.readableBytesView))
        } catch {
            throw APIError.invalid("body: nothing, to carry out the whole request, or {\"withheld\": [...], \"ground\": ..., \"note\": ...} as JSON, to answer it in part")
        }
        guard body.withheld.count <= 200, body.withheld.allSatisfy({ $0.count <= 64 }) else {
            throw APIError.invalid("field withheld: at most 200 IDs of at most 64 characters")
        }
        guard let ground = RefusalGround(rawValue: body.ground) else {
            throw APIError.invalid("field ground: one of " + RefusalGround.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return PartialRefusal(withheld: body.withheld, ground: ground, note: body.note)
    }
}

struct RefuseBody: Decodable {
    var ground: String
    var note: String?
}

struct PostponeBody: Decodable {
    var note: String
}
