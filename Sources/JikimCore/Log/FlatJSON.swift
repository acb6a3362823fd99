/// A JSON object of string fields, keys sorted, no insignificant white space: the shape of a log entry's bytes and
/// of a log line. Written by hand, on UTF-8 bytes, because every read makes one of each; the tests hold its output to
/// `JSONEncoder`'s (sorted keys, slashes unescaped) byte for byte, so entries logged before and after read the same.
public enum FlatJSON {
    public static func object(_ fields: [String: String]) -> String {
        String(decoding: bytes(fields), as: UTF8.self)
    }

    public static func bytes(_ fields: [String: String]) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(fields.reduce(2) { $0 + $1.key.utf8.count + $1.value.utf8.count + 6 })
        for (index, key) in fields.keys.sorted().enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendQuoted(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            appendQuoted(fields[key] ?? "", to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `string` as a JSON string (RFC 8259): quotes, backslashes and control characters escaped as `JSONEncoder`
    /// does. Bytes of multi-byte UTF-8 sequences are all 0x80 or above, so escaping byte by byte is exact.
    static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x00..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
