public import Foundation
import Logging
public import PasserellePass
public import PasserelleStorage
public import ServiceLifecycle

/// Expires uncollected goods inside `serve`, every `tick` (an hour): the bookings of undated on-site stocks still
/// active after the policy's days give their places and credit back. Each booking is its own transaction, so
/// several `serve` processes may run it at once (the second finds it expired already and skips it).
public struct PassExpiry: Service {
    let store: SQLStore
    let policy: CreditPolicy
    let logger: Logger
    var tick: Duration = .seconds(3_600)

    /// Expires every booking due at `now`, in batches of 500; returns how many.
    public static func expireAll(store: SQLStore, policy: CreditPolicy, now: Date) async throws -> Int {
        var total = 0
        while true {
            let expired = try await store.expireUncollectedBookings(policy: policy, now: now, limit: 500)
            total += expired
            if expired < 500 { return total }
        }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let expired = try await Self.expireAll(store: store, policy: policy, now: Date())
                    if expired > 0 { logger.info("uncollected bookings expired", metadata: ["bookings": "\(expired)"]) }
                } catch {
                    logger.warning("uncollected bookings could not be expired; retrying at the next tick", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: tick)
            }
        }
    }
}
