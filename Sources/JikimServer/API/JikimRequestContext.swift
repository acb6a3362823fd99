import Hummingbird
import NIOCore

/// What Jikim knows about a request as it is handled: where it came from, and the actor a service token
/// authenticated (set by ``TokenAuthenticator`` on the API's routes).
public struct JikimRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's address, for access records.
    public var source: String?
    /// The authenticated actor; nil on the public pages.
    public var actor: String?
    /// The public identifier of the token or session that authenticated it (`jk_…`, `js_…`), for access records.
    public var token: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.source = source.channel.remoteAddress?.ipAddress
    }
}
