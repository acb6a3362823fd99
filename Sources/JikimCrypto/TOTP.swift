import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238, on HOTP of RFC 4226) as authenticator apps make them: HMAC-SHA-1, 30-second
/// steps, 6 digits. SHA-1 is what the apps use by default; in HMAC it is not weakened by SHA-1's collisions.
public enum TOTP {
    public static let step: TimeInterval = 30
    public static let digits = 6

    /// A new secret of 20 random bytes (RFC 4226's recommended 160 bits).
    public static func newSecret() -> Data {
        Data(SymmetricKey(size: .init(bitCount: 160)).withUnsafeBytes { Array($0) })
    }

    /// The time step `date` falls in.
    public static func counter(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / step).rounded(.down))
    }

    /// The code of step `counter` (RFC 4226 §5.3: dynamic truncation), `digits` long.
    public static func code(secret: Data, counter: Int64, digits: Int = TOTP.digits) -> String {
        var big = UInt64(bitPattern: counter).bigEndian
        let message = withUnsafeBytes(of: &big) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: max(0, digits - value.count)) + value
    }

    /// The step whose code `code` is, within one step either side of `date` (clocks drift), or nil.
    public static func matchingCounter(_ code: String, secret: Data, at date: Date) -> Int64? {
        guard code.count == digits, code.allSatisfy(\.isASCIIDigitCharacter) else { return nil }
        let now = counter(at: date)
        for candidate in [now, now - 1, now + 1] {
            let expected = TOTP.code(secret: secret, counter: candidate)
            // Compared without an early exit.
            if zip(expected.utf8, code.utf8).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0 { return candidate }
        }
        return nil
    }

    /// The secret as authenticator apps take it typed in: RFC 4648 base32, without padding.
    public static func base32(_ data: Data) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var output = "", buffer = 0, bits = 0
        for byte in data {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return output
    }

    /// The bytes of RFC 4648 base32 text (spaces and padding ignored, either case), or nil when it is not base32.
    public static func data(base32 text: String) -> Data? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var output = Data(), buffer = 0, bits = 0
        for character in text.uppercased() where character != " " && character != "=" {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | value
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> (bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return output
    }

    /// The `otpauth://` URI an authenticator app reads (the de-facto Key Uri Format).
    public static func uri(secret: Data, issuer: String, account: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let issuerText = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? "Jikim"
        let accountText = account.addingPercentEncoding(withAllowedCharacters: allowed) ?? "staff"
        return "otpauth://totp/\(issuerText):\(accountText)?secret=\(base32(secret))&issuer=\(issuerText)&algorithm=SHA1&digits=\(digits)&period=\(Int(step))"
    }
}

private extension Character {
    var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}
