#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

/// A short, readable account of a connection-level error for delivery errors: "Connection refused" rather
/// than NIO's whole happy-eyeballs report. These errors name at most the host and port, never a notice.
enum NetworkErrorText {
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError:
            if let last = error.connectionErrors.last { return describe(last.error) }
            if error.dnsAError != nil || error.dnsAAAAError != nil { return "the host name did not resolve" }
            return "no address to connect to"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode))
        case let error as ChannelError:
            switch error {
            case .connectTimeout: return "timed out connecting"
            case .ioOnClosedChannel, .alreadyClosed, .eof: return "the connection was closed"
            default: return "\(error)"
            }
        default:
            return "\(error)"
        }
    }
}
