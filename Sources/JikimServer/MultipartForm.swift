import Foundation

/// The parts of a `multipart/form-data` body (RFC 7578): each part's field name, file name if it is a file, and
/// bytes. Only what an HTML form sends is read: a body already held in memory (the form's size is bounded before),
/// parts separated by the boundary, each with a `Content-Disposition: form-data; name="…"` header.
///
/// Written here rather than taken from vapor/multipart-kit 4.7.1, whose parser traps (an array index out of range)
/// on a header name with a byte above 0x7F, which the API fuzzing run sent; nothing on input may crash the server.
struct MultipartForm {
    struct Part: Equatable {
        var name: String
        var fileName: String?
        var body: Data
    }

    enum Failure: Error, Equatable, CustomStringConvertible {
        case noFirstBoundary
        case unterminatedPart
        case malformedHeader
        case missingName

        var description: String {
            switch self {
            case .noFirstBoundary: "the multipart body does not start with its boundary"
            case .unterminatedPart: "a part of the multipart body does not end with the boundary"
            case .malformedHeader: "a part of the multipart body has a malformed header"
            case .missingName: "a part of the multipart body names no form field"
            }
        }
    }

    private(set) var parts: [Part] = []

    init(_ body: Data, boundary: String) throws(Failure) {
        let delimiter = Data("--\(boundary)".utf8)
        let crlf = Data("\r\n".utf8)
        // The first delimiter opens the body or follows a preamble's line break.
        guard let first = body.starts(with: delimiter) ? body.startIndex..<body.startIndex + delimiter.count
            : body.range(of: crlf + delimiter).map({ $0.lowerBound + 2 ..< $0.upperBound }) else { throw .noFirstBoundary }
        var position = first.upperBound
        let next = crlf + delimiter
        while true {
            // After a delimiter: "--" closes the body; otherwise optional spaces, then the line break.
            if body[position...].starts(with: Data("--".utf8)) { return }
            while position < body.endIndex, body[position] == 0x20 || body[position] == 0x09 { position += 1 }
            guard body[position...].starts(with: crlf) else { throw .unterminatedPart }
            position += 2
            guard let end = body.range(of: next, in: position..<body.endIndex) else { throw .unterminatedPart }
            parts.append(try Self.part(body[position..<end.lowerBound]))
            position = end.upperBound
        }
    }

    /// One part: its header lines, an empty line, then its bytes.
    private static func part(_ bytes: Data) throws(Failure) -> Part {
        let separator = Data("\r\n\r\n".utf8)
        let headerEnd: Range<Data.Index>
        if bytes.starts(with: Data("\r\n".utf8)) {
            headerEnd = bytes.startIndex..<bytes.startIndex + 2 // no header at all
        } else {
            guard let found = bytes.range(of: separator) else { throw .malformedHeader }
            headerEnd = found
        }
        var name: String?
        var fileName: String?
        // Header lines as UTF-8 (browsers send a file's name so); a line that is not is malformed.
        guard let headers = String(data: bytes[bytes.startIndex..<headerEnd.lowerBound], encoding: .utf8) else { throw .malformedHeader }
        for line in headers.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { throw .malformedHeader }
            guard line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == "content-disposition" else { continue }
            let parameters = Self.parameters(line[line.index(after: colon)...])
            name = parameters["name"]
            fileName = parameters["filename"]
        }
        guard let name else { throw .missingName }
        return Part(name: name, fileName: fileName, body: Data(bytes[headerEnd.upperBound...]))
    }

    /// The parameters of a `Content-Disposition` value (`form-data; name="a"; filename="b.pdf"`), names in lower case,
    /// quoted values unquoted (a backslash escapes the next character).
    static func parameters(_ value: Substring) -> [String: String] {
        var result: [String: String] = [:]
        var fields: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in value {
            if escaped {
                current.append(character)
                escaped = false
            } else if quoted && character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
                current.append(character)
            } else if character == ";" && !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        for field in fields.dropFirst() {
            guard let equals = field.firstIndex(of: "=") else { continue }
            let key = field[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var raw = field[field.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if raw.count >= 2, raw.hasPrefix("\""), raw.hasSuffix("\"") { raw = String(raw.dropFirst().dropLast()) }
            if result[key] == nil { result[key] = raw }
        }
        return result
    }
}
