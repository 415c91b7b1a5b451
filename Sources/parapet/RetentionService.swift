import Logging
import ParapetAudit
import ParapetStore
import ServiceLifecycle

/// Applies audit retention at start and then once a day, until shutdown.
struct RetentionService: Service {
    let log: any AuditLog
    let retention: AuditRetention
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let outcome = try await retention.apply(to: log)
                if let anchor = outcome.anchor {
                    logger.info("audit retention deleted \(outcome.deletedRecords) records; checkpoint \(anchor) anchors the trail")
                }
            } catch {
                logger.error("audit retention failed: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(86_400)) }
        }
    }
}
