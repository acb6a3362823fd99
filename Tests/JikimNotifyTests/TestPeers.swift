import NIOCore
import NIOPosix

/// A port on 127.0.0.1 where nothing listens: bound by the system's choice, then closed.
func closedPort() async throws -> Int {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0).get()
    let port = channel.localAddress?.port ?? 0
    try await channel.close()
    return port
}

/// Runs `body` with the port of a server on 127.0.0.1 that accepts connections and never says a word, the way a
/// hung peer behaves.
func withSilentServer(_ body: (Int) async throws -> Void) async throws {
    let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0).get()
    do {
        try await body(server.localAddress?.port ?? 0)
    } catch {
        try? await server.close()
        throw error
    }
    try await server.close()
}
