import AsyncHTTPClient
import CXCore
import CXStore
import Logging
import ServiceLifecycle

/// Delivers queued webhook events: claims due deliveries (`FOR UPDATE SKIP LOCKED`, so
/// several workers or processes share the queue), sends them concurrently, marks 2xx
/// delivered and reschedules anything else by ``WebhookRetryPolicy``, until the last attempt
/// moves a delivery to `dead` (`cxloop webhooks replay` sends it again).
///
/// A service of `cxloop serve`. Database outages and unreachable receivers are logged and
/// retried, never fatal. On graceful shutdown an attempt in flight is abandoned and its lease
/// makes it due again later: delivery is at least once, and receivers deduplicate on `webhook-id`.
public struct WebhookDeliveryWorker: Service {
    let repository: any WebhookRepository
    let configuration: WebhookDeliveryConfiguration
    let logger: Logger

    public init(repository: any WebhookRepository, configuration: WebhookDeliveryConfiguration, logger: Logger) {
        self.repository = repository
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        let client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
        let sender = WebhookSender(client: client, timeout: configuration.requestTimeout)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if await deliverDue(with: sender) == 0 {
                    try? await Task.sleep(for: configuration.pollInterval)
                }
            }
        }
        try await client.shutdown()
    }

    /// Claims and attempts one batch of due deliveries; returns how many were claimed.
    func deliverDue(with sender: WebhookSender) async -> Int {
        let claimed: [ClaimedWebhookDelivery]
        do {
            claimed = try await repository.claimDue(limit: configuration.batchSize, leaseSeconds: configuration.leaseSeconds)
        } catch {
            logger.warning("webhook deliveries could not be claimed", metadata: ["error": "\(error)"])
            return 0
        }
        await withTaskGroup(of: Void.self) { group in
            for delivery in claimed {
                group.addTask { await attempt(delivery, with: sender) }
            }
        }
        return claimed.count
    }

    private func attempt(_ delivery: ClaimedWebhookDelivery, with sender: WebhookSender) async {
        let outcome = await sender.send(delivery)
        guard !Task.isCancelled else { return }
        var metadata: Logger.Metadata = [
            "tenant": "\(delivery.tenant)", "delivery": "\(delivery.deliveryID)", "event": "\(delivery.eventType)",
            "attempt": "\(delivery.attempt)",
        ]
        do {
            let failure: (status: Int?, reason: String)
            switch outcome {
            case .answered(let code) where (200..<300).contains(code):
                try await repository.markDelivered(delivery, status: code)
                logger.debug("webhook delivered", metadata: metadata)
                return
            case .answered(let code):
                failure = (code, "the receiver answered \(code)")
            case .failed(let error):
                failure = (nil, error)
            }
            let retryAfter = configuration.retry.delay(afterAttempt: delivery.attempt)
            try await repository.markFailed(delivery, status: failure.status, error: failure.reason, retryAfterSeconds: retryAfter)
            metadata["error"] = "\(failure.reason)"
            if let retryAfter {
                metadata["retry_after_s"] = "\(retryAfter)"
                logger.info("webhook attempt failed; will retry", metadata: metadata)
            } else {
                logger.warning("webhook delivery is dead after its last attempt; see cxloop webhooks replay", metadata: metadata)
            }
        } catch {
            metadata["error"] = "\(error)"
            logger.warning("webhook attempt could not be recorded; it is retried when its lease ends", metadata: metadata)
        }
    }
}
