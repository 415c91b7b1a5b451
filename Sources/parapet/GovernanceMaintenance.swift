import Foundation
import Logging
import ParapetStore
import ServiceLifecycle

/// Every minute until shutdown: releases budget reservations left behind by calls that never
/// ended (a crash), deletes idempotency keys past their lifetime, and deletes cache entries that
/// expired more than `staleGrace` ago (until then the degradation chain may still serve them),
/// and resolves review items past their expiry to their configured outcome.
struct GovernanceMaintenance: Service {
    let stores: ParapetStores
    var interval: Duration = .seconds(60)
    var staleGrace: TimeInterval = 86_400
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let now = Date()
            do {
                let released = try await stores.budgets.expireReservations(before: now)
                if released > 0 { logger.info("released \(released) expired budget reservations") }
                _ = try await stores.idempotency.purge(expiredBefore: now)
                _ = try await stores.cache.purge(expiredBefore: now.addingTimeInterval(-staleGrace))
                let expired = try await stores.reviews.expire(now: now)
                if !expired.isEmpty { logger.info("\(expired.count) review items expired") }
            } catch {
                logger.error("governance maintenance failed: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
