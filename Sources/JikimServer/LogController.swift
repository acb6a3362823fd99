import Foundation
import Hummingbird
import JikimAccessLog
import JikimStore

/// The access log for anyone who checks it: the latest signed checkpoint, inclusion and consistency proofs
/// (RFC 9162 §2.1.3–2.1.4), and the hash tiles of the C2SP tlog-tiles layout. Hashes reveal nothing of what was
/// logged; the entries themselves are handed to an auditor with `jikim log export`.
struct LogController {
    let store: Store

    func addRoutes(to group: RouterGroup<JikimRequestContext>) {
        let log = AccessLog(store: store)
        group.get("checkpoint") { _, _ -> Response in
            guard let checkpoint = try await log.latestCheckpoint() else {
                throw HTTPError(.notFound, message: "the log has no checkpoint yet")
            }
            return Self.text(checkpoint.note)
        }
        group.get("proof/inclusion") { request, _ -> ProofResponse in
            let index = try Self.number(request, "index")
            let size = try Self.number(request, "size")
            guard index < size else { throw HTTPError(.badRequest, message: "entry \(index) is not in a log of \(size) entries") }
            try await Self.requireCheckpointed(size, log)
            return ProofResponse(kind: "inclusion", index: index, from: nil, size: size,
                                 hashes: try await log.inclusionProof(index: index, size: size).map { $0.base64EncodedString() })
        }
        group.get("proof/consistency") { request, _ -> ProofResponse in
            let from = try Self.number(request, "from")
            let size = try Self.number(request, "size")
            guard from <= size else { throw HTTPError(.badRequest, message: "a log of \(from) entries is not a prefix of one of \(size)") }
            try await Self.requireCheckpointed(size, log)
            return ProofResponse(kind: "consistency", index: nil, from: from, size: size,
                                 hashes: try await log.consistencyProof(from: from, to: size).map { $0.base64EncodedString() })
        }
        group.get("tile/**") { _, context -> Response in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            guard let tile = TileLayout.parse(path), tile.level >= 0 else {
                throw HTTPError(.notFound, message: "no hash tile at tile/\(path)")
            }
            do {
                let data = try await log.hashTile(level: tile.level, index: tile.index, width: tile.width)
                var headers: HTTPFields = [.contentType: "application/octet-stream"]
                // A full tile never changes; a partial one is replaced as the log grows.
                headers[.cacheControl] = tile.width == TileLayout.width ? "public, max-age=31536000, immutable" : "no-cache"
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
            } catch is LogError {
                throw HTTPError(.notFound, message: "the log has no tile at tile/\(path) yet")
            }
        }
    }

    /// Proofs are given for sizes a signed checkpoint covers, which the client can check them against.
    static func requireCheckpointed(_ size: UInt64, _ log: AccessLog) async throws {
        guard let latest = try await log.latestCheckpoint(), size <= latest.size else {
            throw HTTPError(.notFound, message: "no signed checkpoint covers \(size) entries yet")
        }
    }

    static func number(_ request: Request, _ name: String) throws -> UInt64 {
        guard let text = request.uri.queryParameters.get(name) else { throw HTTPError(.badRequest, message: "give ?\(name)=N") }
        guard let value = UInt64(text) else { throw HTTPError(.badRequest, message: "\(name) must be a whole number, not '\(text)'") }
        return value
    }

    static func text(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

struct ProofResponse: ResponseEncodable {
    var kind: String
    var index: UInt64?
    var from: UInt64?
    var size: UInt64
    /// Base64 SHA-256 hashes, in the order RFC 9162 gives them.
    var hashes: [String]
}
