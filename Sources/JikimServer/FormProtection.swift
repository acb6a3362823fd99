import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import JikimCore

/// What keeps another site from posting Jikim's public forms in a visitor's name (filing or withdrawing a request):
/// every form carries a token that must match the `jikim_csrf` cookie the page set (`SameSite=Strict`, so a
/// cross-site post does not even carry it); a post whose `Sec-Fetch-Site` says it came from another site, or
/// whose `Origin` is not this server, is refused before its body is read; and a form body is read only with a form
/// content type (`application/x-www-form-urlencoded` or `multipart/form-data`), never from `text/plain`.
struct FormProtection {
    static let cookieName = "jikim_csrf"
    static let fieldName = "csrf"

    /// Why a post was refused.
    struct Refusal: Error {
        let status: HTTPResponse.Status
        let reason: String
        let korean: String

        /// What went wrong, in the page's language.
        func text(_ language: Language) -> String { language == .ko ? korean : reason }
    }

    /// The token the browser already holds for `path`'s pages, or a new one and the `Set-Cookie` that gives it.
    static func token(for request: Request, path: String = "/requests") -> (token: String, setCookie: String?) {
        if let token = cookie(request), isWellFormed(token) { return (token, nil) }
        let token = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        // Secure when the page came over TLS (as a proxy in front says); the cookie is for these pages alone.
        return (token, "\(cookieName)=\(token); Path=\(path); HttpOnly; SameSite=Strict\(isSecure(request) ? "; Secure" : "")")
    }

    /// Whether the page came over TLS, as a proxy in front says.
    static func isSecure(_ request: Request) -> Bool {
        request.headers[.xForwardedProto]?.lowercased() == "https"
    }

    /// Checks where a post came from and its content type, before its body is read.
    static func checkOrigin(_ request: Request) throws(Refusal) {
        if let site = request.headers[.secFetchSite]?.lowercased(), site != "same-origin", site != "none" {
            throw Refusal(status: .forbidden, reason: "the form was posted from another site", korean: "다른 사이트에서 보낸 양식입니다")
        }
        // Pages are served with `Referrer-Policy: no-referrer`, under which browsers send `Origin: null` even on a
        // form posted to its own site; `Sec-Fetch-Site: same-origin`, which a page cannot forge, vouches for it then.
        let sameOrigin = request.headers[.secFetchSite]?.lowercased() == "same-origin"
        if let origin = request.headers[.origin], !(origin == "null" && sameOrigin) {
            guard let host = request.head.authority, let url = URL(string: origin), let originHost = url.host(percentEncoded: false)
            else { throw Refusal(status: .forbidden, reason: "the form was posted from another site", korean: "다른 사이트에서 보낸 양식입니다") }
            let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
            guard originAuthority.lowercased() == host.lowercased() else {
                throw Refusal(status: .forbidden, reason: "the form was posted from another site", korean: "다른 사이트에서 보낸 양식입니다")
            }
        }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") || type.hasPrefix("multipart/form-data") else {
            throw Refusal(status: .unsupportedMediaType, reason: "a form is sent as application/x-www-form-urlencoded or multipart/form-data",
                          korean: "양식은 application/x-www-form-urlencoded나 multipart/form-data로 보내야 합니다")
        }
    }

    /// Checks that the form's token is the cookie's.
    static func checkToken(_ request: Request, form: FormFields) throws(Refusal) {
        guard let cookie = cookie(request), isWellFormed(cookie), let field = form[fieldName],
              field.utf8.count == cookie.utf8.count,
              zip(field.utf8, cookie.utf8).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0
        else { throw Refusal(status: .forbidden, reason: "the form has expired or did not come from this site: open it again and resend",
                                korean: "양식이 만료되었거나 이 사이트에서 온 것이 아닙니다. 화면을 다시 열어 보내 주십시오") }
    }

    private static func cookie(_ request: Request) -> String? {
        cookie(named: cookieName, in: request)
    }

    /// The value of the cookie `name` the request carries.
    static func cookie(named name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, parts[0] == name { return parts[1] }
            }
        }
        return nil
    }

    private static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43 && token.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}

/// A page of the request pages or the console: HTML never cached (it carries tokens), with the CSRF cookie when new.
func html(_ text: String, status: HTTPResponse.Status = .ok, setCookie: String? = nil) throws -> Response {
    var headers = HTTPFields()
    headers[.contentType] = "text/html; charset=utf-8"
    headers[.cacheControl] = "no-store"
    if let setCookie { headers[.setCookie] = setCookie }
    return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
}

extension HTTPField.Name {
    static let secFetchSite = Self("Sec-Fetch-Site")!
    static let xForwardedProto = Self("X-Forwarded-Proto")!
}
