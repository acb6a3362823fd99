import Foundation
@testable import JikimServer
import Testing

/// A body as Chromium sends the request form with a file chosen: a Korean file name in UTF-8, a content type.
private let boundary = "----WebKitFormBoundaryx8Y2fHqN0aZ3kQ7e"
private func chromiumBody(document: [UInt8]) -> Data {
    var body = Data()
    func field(_ name: String, _ value: String) {
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
    }
    field("kind", "access")
    field("contact", "minji@example.kr")
    field("purpose", "advertising")
    field("purpose", "orders")
    body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"document\"; filename=\"위임장 \\\"최종\\\".pdf\"\r\nContent-Type: application/pdf\r\n\r\n".utf8))
    body.append(contentsOf: document)
    body.append(Data("\r\n--\(boundary)--\r\n".utf8))
    return body
}

@Test("a multipart form as a browser sends it: each field, repeated fields, and a file with a Korean name, its bytes whole")
func multipartAsABrowserSendsIt() throws {
    // The file's bytes hold CR LF and dashes, as a PDF's do; only CR LF and the whole delimiter end a part.
    let document = Array("%PDF-1.4\r\n--\(boundary.dropLast())\r\n\r\n%%EOF".utf8)
    let form = try MultipartForm(chromiumBody(document: document), boundary: boundary)
    #expect(form.parts.map(\.name) == ["kind", "contact", "purpose", "purpose", "document"])
    #expect(form.parts.map { String(decoding: $0.body, as: UTF8.self) }.prefix(4) == ["access", "minji@example.kr", "advertising", "orders"])
    #expect(form.parts.last?.fileName == "위임장 \"최종\".pdf" && form.parts.last?.body == Data(document))

    // A preamble before the first delimiter and an epilogue after the last are ignored.
    let framed = Data("a preamble\r\n".utf8) + chromiumBody(document: [1, 2, 3]) + Data("an epilogue".utf8)
    #expect(try MultipartForm(framed, boundary: boundary).parts.count == 5)
    let fields = try FormFields(multipart: chromiumBody(document: [1, 2, 3]), boundary: boundary, fileFields: ["document"], textLimit: 1000)
    #expect(fields["contact"] == "minji@example.kr" && fields.all("purpose") == ["advertising", "orders"] && fields.file("document") == Data([1, 2, 3]))
}

@Test("malformed multipart bodies are refused with what is wrong, including the one that crashed multipart-kit 4.7.1")
func malformedMultipart() {
    func failure(_ text: String) -> MultipartForm.Failure? {
        do { _ = try MultipartForm(Data(text.utf8), boundary: "b"); return nil } catch { return error }
    }
    #expect(failure("kind=access") == .noFirstBoundary)
    #expect(failure("--b\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\naccess") == .unterminatedPart)
    #expect(failure("--b\r\nContent-Disposition: form-data\r\n\r\naccess\r\n--b--") == .missingName)
    #expect(failure("--b\r\nno colon here\r\n\r\naccess\r\n--b--") == .malformedHeader)
    #expect(failure("--b\r\n\r\naccess\r\n--b--") == .missingName)
    // The fuzzing run's body: a header name of bytes above 0x7F.
    #expect(failure("--b\r\nª¾\u{1a}tß«--b--\r\n") != nil)
    var invalid = Data("--b\r\nContent-Disposition: form-data; name=\"".utf8)
    invalid.append(contentsOf: [0xFF, 0xFE])
    invalid.append(Data("\"\r\n\r\nx\r\n--b--".utf8))
    #expect(throws: MultipartForm.Failure.malformedHeader) { try MultipartForm(invalid, boundary: "b") }
    #expect(failure("--b--") == nil && failure("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n--b--") == nil)
}

@Test("no body made by changing, cutting or repeating bytes of a valid one crashes the parser")
func multipartMutations() {
    var state: UInt64 = 0x6a69_6b69_6d00_0001
    func next() -> Int { // SplitMix64, so that a failure can be replayed
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
    }
    let valid = [UInt8](chromiumBody(document: Array("%PDF-1.4 body".utf8)))
    var parsed = 0
    for _ in 0..<5_000 {
        var bytes = valid
        for _ in 0...(next() % 4) {
            let at = next() % bytes.count
            switch next() % 4 {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: next())
            case 1: bytes.removeSubrange(at..<min(bytes.count, at + next() % 40))
            case 2: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + next() % 40)], at: next() % bytes.count)
            default: bytes = Array(bytes[..<at])
            }
            if bytes.isEmpty { bytes = [0x2D] }
        }
        if (try? MultipartForm(Data(bytes), boundary: boundary)) != nil { parsed += 1 }
    }
    // Some mutations leave a valid body (a changed byte inside a value), most do not; none may trap.
    #expect(parsed > 0 && parsed < 5_000)
}
