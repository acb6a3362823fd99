import Foundation
import Hummingbird
import MultipartKit

/// The fields of a form body, a name possibly repeated (checkboxes): `application/x-www-form-urlencoded`, or
/// `multipart/form-data` when the form carries a file (an agent's document).
struct FormFields {
    private var values: [String: [String]] = [:]
    private var files: [String: Data] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let name = Self.decode(parts[0]), !name.isEmpty else { continue }
            values[name, default: []].append(parts.count > 1 ? Self.decode(parts[1]) ?? "" : "")
        }
    }

    /// The parts of a multipart body: those named in `fileFields` kept as bytes, the others read as text.
    init(multipart body: ByteBuffer, boundary: String, fileFields: Set<String>) throws(HTTPError) {
        let parser = MultipartParser(boundary: boundary)
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders()
        var partBody = ByteBuffer()
        parser.onHeader = { name, value in headers.add(name: name, value: value) }
        parser.onBody = { chunk in partBody.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: partBody))
            headers = HTTPHeaders()
            partBody = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw HTTPError(.badRequest, message: "the form's multipart body is malformed")
        }
        for part in parts {
            guard let name = part.name, !name.isEmpty else { continue }
            if fileFields.contains(name) {
                // A file input left empty still sends its part, with no bytes.
                if part.body.readableBytes > 0 { files[name] = Data(part.body.readableBytesView) }
            } else {
                values[name, default: []].append(String(buffer: part.body))
            }
        }
    }

    /// Reads a form body of at most `limit` bytes; a multipart one may be `fileLimit` bytes more, for its files.
    static func read(_ request: Request, limit: Int = 64 * 1024, fileFields: Set<String> = [], fileLimit: Int = 0) async throws -> FormFields {
        guard let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("multipart/form-data") else {
            return FormFields(String(buffer: try await request.body.collect(upTo: limit)))
        }
        guard let boundary = Self.boundary(contentType) else {
            throw HTTPError(.badRequest, message: "the form's Content-Type names no boundary (1 to 70 characters)")
        }
        let body = try await request.body.collect(upTo: limit + fileLimit)
        return try FormFields(multipart: body, boundary: boundary, fileFields: fileFields)
    }

    /// The boundary parameter of a multipart Content-Type, when it is one RFC 2046 allows (1 to 70 characters).
    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    subscript(_ name: String) -> String? {
        values[name]?.first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    func all(_ name: String) -> [String] {
        (values[name] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// The bytes of the file sent in `name`; nil when none was chosen.
    func file(_ name: String) -> Data? {
        files[name]
    }

    private static func decode(_ text: String) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
