import Foundation
import JikimCrypto
import Testing

/// RFC 6238's test vectors (Appendix B, SHA-1 with its 20-byte secret, 8 digits) and RFC 4648's base32 ones.
@Suite("TOTP")
struct TOTPTests {
    static let secret = Data("12345678901234567890".utf8)

    @Test("the codes of RFC 6238 Appendix B (SHA-1)", arguments: [
        (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ])
    func rfcVectors(seconds: Int, expected: String) {
        let counter = TOTP.counter(at: Date(timeIntervalSince1970: TimeInterval(seconds)))
        #expect(TOTP.code(secret: Self.secret, counter: counter, digits: 8) == expected)
    }

    @Test("a code is taken one step either side, not two; anything but six digits is refused")
    func window() {
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let counter = TOTP.counter(at: now)
        for offset: Int64 in [-1, 0, 1] {
            #expect(TOTP.matchingCounter(TOTP.code(secret: Self.secret, counter: counter + offset), secret: Self.secret, at: now) == counter + offset)
        }
        #expect(TOTP.matchingCounter(TOTP.code(secret: Self.secret, counter: counter + 2), secret: Self.secret, at: now) == nil)
        #expect(TOTP.matchingCounter("12345", secret: Self.secret, at: now) == nil)
        #expect(TOTP.matchingCounter("12345a", secret: Self.secret, at: now) == nil)
    }

    @Test("base32 as RFC 4648 §10 gives it, without padding; the otpauth URI carries it")
    func base32() {
        for (text, expected) in [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")] {
            #expect(TOTP.base32(Data(text.utf8)) == expected)
        }
        #expect(TOTP.uri(secret: Data("foobar".utf8), issuer: "지킴 데모", account: "admin")
                == "otpauth://totp/%EC%A7%80%ED%82%B4%20%EB%8D%B0%EB%AA%A8:admin?secret=MZXW6YTBOI&issuer=%EC%A7%80%ED%82%B4%20%EB%8D%B0%EB%AA%A8&algorithm=SHA1&digits=6&period=30")
        #expect(TOTP.newSecret().count == 20)
    }
}
