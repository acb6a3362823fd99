import Foundation
import Hummingbird
import JikimCore
import JikimPublishing
import JikimVault

/// `/notices/breach`: breach notices posted for the people who could not be told individually, for at least 30 days
/// (PIPA Art. 34; Decree Art. 39). Public, like the privacy policy; no one is named in them.
struct NoticesController: Sendable {
    let vault: Vault
    let renderer: PolicyRenderer
    let language: @Sendable (Request) -> Language

    func addRoutes(to group: RouterGroup<JikimRequestContext>) {
        group.get("breach") { request, _ -> Response in
            let language = language(request)
            let posted = try await vault.postedNotices()
            let views = posted.map { notice in
                PolicyRenderer.PostedNoticeView(incident: notice.incident, postedAt: "\(CivilDate(seoul: notice.postedAt)) \(AccessReview.seoulTime(notice.postedAt)) KST",
                                                subject: notice.notice.subject, body: notice.notice.body)
            }
            let page = try renderer.breachNoticePage(views, organisation: vault.policy.organisation.name.text(in: language), language: language)
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .vary: "Accept-Language"],
                            body: .init(byteBuffer: ByteBuffer(string: page)))
        }
    }
}
