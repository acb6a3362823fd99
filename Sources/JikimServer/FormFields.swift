import Foundation
import Hummingbird
import NIOCore

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

    /// The parts of a multipart body: those named in `fileFields` kept as bytes, the others read as text, at most
    /// `textLimit` bytes of it in all (as for a form without files).
    init(multipart body: Data, boundary: String, fileFields: Set<String>, textLimit: Int) throws(HTTPError) {
        let form: MultipartForm
        do {
            form = try MultipartForm(body, boundary: boundary)
        } catch {
            throw HTTPError(.badRequest, message: error.description)
        }
        var text = 0
        for part in form.parts where !part.name.isEmpty {
            if fileFields.contains(part.name) {
                // A file input left empty still sends its part, with no bytes.
                if !part.body.isEmpty { files[part.name] = part.body }
            } else {
                text += part.body.count
                guard text <= textLimit else { throw HTTPError(.contentTooLarge, message: "the form's fields are too large") }
                values[part.name, default: []].append(String(decoding: part.body, as: UTF8.self))
            }
        }
    }

    /// Reads a form body of at most `limit` bytes; a multipart one may be `fileLimit` bytes more, for its files.
    /// Too large a body is an `HTTPError` with status 413.
    static func read(_ request: Request, limit: Int = 64 * 1024, fileFields: Set<String> = [], fileLimit: Int = 0) async throws -> FormFields {
        let multipart = request.headers[.contentType].flatMap { $0.lowercased().hasPrefix("multipart/form-data") ? $0 : nil }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: multipart == nil ? limit : limit + fileLimit)
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: "the form is too large")
        }
        guard let multipart else { return FormFields(String(buffer: body)) }
        guard let boundary = Self.boundary(multipart) else {
            throw HTTPError(.badRequest, message: "the form's Content-Type names no boundary (1 to 70 characters)")
        }
        return try FormFields(multipart: Data(body.readableBytesView), boundary: boundary, fileFields: fileFields, textLimit: limit)
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
