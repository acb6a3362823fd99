import Foundation
import JikimNotify
import JikimVault
import Logging
import ServiceLifecycle

/// Delivers what waits in the outbox: e-mail addresses through SMTP when a server is configured, everything else
/// (and e-mail without SMTP) through the webhook. Each attempt's outcome is recorded; failures are retried with a
/// growing delay and given up after the vault's last attempt. Logs name the message, never its recipient.
struct NoticeDispatcher: Service {
    /// The vault of the edition in force, asked at each pass.
    let vault: @Sendable () -> Vault
    let webhook: (any NoticeTransport)?
    let smtp: (any NoticeTransport)?
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await deliverDue()
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
        }
    }

    /// One pass over the messages due now.
    func deliverDue() async {
        let vault = self.vault()
        do {
            for message in try await vault.dueMessages() {
                guard let transport = transport(for: message.recipient) else { continue }
                let notice = Notice(id: "jikim-outbox-\(message.seq)", recipient: message.recipient, subject: message.subject, body: message.body)
                let failure: NoticeDeliveryError?
                do {
                    try await transport.deliver(notice)
                    failure = nil
                } catch {
                    failure = error
                }
                try await vault.recordDelivery(of: message.seq, transport: transport.name, error: failure?.description,
                                               permanent: failure?.permanent ?? false)
                let metadata: Logger.Metadata = ["message": .stringConvertible(message.seq), "kind": .string(message.kind),
                                                 "transport": .string(transport.name)]
                if let failure {
                    logger.warning("notice not delivered", metadata: metadata.merging(
                        ["error": .string(failure.description), "permanent": .stringConvertible(failure.permanent)]) { $1 })
                } else {
                    logger.info("notice delivered", metadata: metadata)
                }
            }
        } catch {
            logger.error("the outbox could not be read", metadata: ["error": .string(String(describing: error))])
        }
    }

    private func transport(for recipient: String) -> (any NoticeTransport)? {
        if recipient.contains("@"), let smtp { return smtp }
        return webhook
    }
}
