import Foundation
import JikimAccessLog
import JikimStore
import Logging
import ServiceLifecycle

/// Signs a checkpoint of the access log every few seconds while entries arrive, and keeps the latest in the data
/// directory, so that no entry stays long without a signed statement of the tree that includes it.
struct LogCheckpointer: Service {
    let store: Store
    let signer: NoteSigner
    let dataDirectory: String
    let interval: Duration
    let logger: Logger

    func run() async throws {
        let log = AccessLog(store: store)
        var signed = try? await log.latestCheckpoint()?.size
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                // Ends at once on graceful shutdown rather than finishing the wait.
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
            do {
                let checkpoint = try await log.checkpoint(signer: signer, origin: signer.name)
                if checkpoint.size != signed {
                    try LogKeys.keepWitness(checkpoint.note, directory: dataDirectory)
                    signed = checkpoint.size
                    logger.debug("signed a checkpoint of the access log", metadata: ["size": .stringConvertible(checkpoint.size)])
                }
            } catch {
                logger.error("could not sign a checkpoint of the access log", metadata: ["error": .string(String(describing: error))])
            }
        }
    }
}
