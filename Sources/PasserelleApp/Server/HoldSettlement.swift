public import Foundation
public import Logging
public import PasserellePass
public import ServiceLifecycle

/// Settles partner bookings left `pending` inside `serve`, every `tick` (a minute): once a hold has expired at the
/// provider, a confirmed ticket makes the booking active, anything else gives places and credit back on both sides.
/// Each booking is settled in its own transaction, so several `serve` processes may run it at once.
public struct HoldSettlement: Service {
    let partner: PartnerBooking
    let logger: Logger
    var tick: Duration = .seconds(60)

    public init(partner: PartnerBooking, logger: Logger, tick: Duration = .seconds(60)) {
        self.partner = partner
        self.logger = logger
        self.tick = tick
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let settled = try await partner.settle(expiredBefore: Date())
                    if settled.activated + settled.released + settled.waiting > 0 {
                        logger.info("partner holds settled", metadata: [
                            "activated": "\(settled.activated)", "released": "\(settled.released)", "waiting": "\(settled.waiting)",
                        ])
                    }
                } catch {
                    logger.warning("partner holds could not be settled; retrying at the next tick", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: tick)
            }
        }
    }
}
