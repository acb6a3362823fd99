import Foundation
import Hummingbird
import JikimCore
import JikimPublishing

/// The public pages: the current privacy policy, its versions, and each version compared with the one before.
struct PrivacyController: Sendable {
    let publication: PolicyPublication

    func addRoutes(to group: RouterGroup<JikimRequestContext>) {
        group.get { request, _ in
            try html(publication.page(version: publication.currentVersion, language: language(of: request)))
        }
        group.get("versions") { request, _ in
            try html(versionList(language(of: request)))
        }
        group.get("versions/{version}") { request, context in
            let version = try context.parameters.require("version")
            guard publication.hasPage(version) else {
                throw HTTPError(.notFound, message: "No archived version '\(version)' of the privacy policy.")
            }
            return try html(publication.page(version: version, language: language(of: request)))
        }
    }

    /// `?lang=` wins; then the first of ko and en in Accept-Language by preference; Korean by default.
    func language(of request: Request) -> Language {
        if let requested = request.uri.queryParameters.get("lang"), let language = Language(rawValue: requested.lowercased()) {
            return language
        }
        let header = request.headers[.acceptLanguage] ?? ""
        let ranked = header.split(separator: ",").enumerated().compactMap { position, entry -> (Language, Double, Int)? in
            let parts = entry.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased() else { return nil }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            guard quality > 0, let language = Language.allCases.first(where: { tag == $0.rawValue || tag.hasPrefix($0.rawValue + "-") }) else {
                return nil
            }
            return (language, quality, position)
        }
        return ranked.sorted { ($0.1, -$0.2) > ($1.1, -$1.2) }.first?.0 ?? .ko
    }

    private func html(_ text: String?) throws -> Response {
        guard let text else { throw HTTPError(.notFound) }
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.vary] = "Accept-Language"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    private func versionList(_ language: Language) -> String {
        let ko = language == .ko
        let rows = publication.versions.map { version -> String in
            let effective = version.effective?.text(in: language) ?? ""
            let announced = version.announced.map { ko ? " (\($0.text(in: language)) 공고)" : " (announced \($0.text(in: language)))" } ?? ""
            let summary = version.summary.map { " — " + escape($0.text(in: language)) } ?? ""
            let current = version.id == publication.currentVersion ? (ko ? " [현행]" : " [current]")
                : publication.isComing(version) ? (ko ? " [시행 예정]" : " [coming]") : ""
            let title = publication.hasPage(version.id)
                ? "<a href=\"/privacy/versions/\(escape(version.id))?lang=\(language.rawValue)\">\(escape(version.id))</a>"
                : escape(version.id) + (version.url.map { " (<a href=\"\(escape($0))\">\(escape($0))</a>)" } ?? "")
            return "<li>\(title)\(current): \(ko ? "시행" : "effective") \(effective)\(announced)\(summary)</li>"
        }
        let heading = ko ? "개인정보 처리방침 변경 이력" : "Versions of the privacy policy"
        return """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(heading)</title></head>
        <body><main><h1>\(heading)</h1><ul>
        \(rows.joined(separator: "\n"))
        </ul><p><a href="/privacy?lang=\(language.rawValue)">\(ko ? "현재 처리방침" : "Current policy")</a></p></main></body></html>
        """
    }

    private func escape(_ text: String) -> String {
        PolicyRenderer.escapeHTML(text)
    }
}
