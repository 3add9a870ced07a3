import Foundation
import Logging
import PasserelleObservatory
import PasserelleStorage
import ServiceLifecycle

/// The observatory's background work inside `serve`: writes queued beacons every quarter second, purges salts
/// past 48 h and raw events past 25 months every hour (and at start), and on graceful shutdown writes whatever
/// is still queued before the store closes, so no accepted event is lost.
struct ObservatoryCollection: Service {
    let collector: EventCollector
    let store: SQLStore
    let logger: Logger
    var flushInterval: Duration = .milliseconds(250)
    var purgeInterval: Duration = .seconds(3_600)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var sincePurge = purgeInterval
            while !Task.isCancelled {
                if sincePurge >= purgeInterval {
                    await purge()
                    await releaseLastMonth()
                    sincePurge = .zero
                }
                await flush()
                try? await Task.sleep(for: flushInterval)
                sincePurge += flushInterval
            }
        }
        // The loop is over (shutdown or cancellation): write what is queued, outside the cancelled task.
        let collector = collector, logger = logger
        await Task {
            do {
                let written = try await collector.flush()
                logger.info("observatory queue written on shutdown", metadata: ["events": "\(written)"])
            } catch {
                let pending = await collector.pending
                logger.error("observatory queue could not be written on shutdown", metadata: ["pending": "\(pending)", "error": "\(error)"])
            }
        }.value
    }

    private func flush() async {
        do {
            try await collector.flush()
        } catch {
            let pending = await collector.pending
            logger.warning("observatory events not written yet; retrying", metadata: ["pending": "\(pending)", "error": "\(error)"])
        }
    }

    /// The scheduled release: last month, three days after it ended (so institutions' late batches are in), if no
    /// process has released it yet (the ledger's row lock and the releases' primary key let exactly one `serve`
    /// process publish it).
    private func releaseLastMonth() async {
        let period = ReleasePeriod(containing: Date().addingTimeInterval(-3 * 86_400)).previous
        do {
            guard try await SQLObservatoryStore(store: store).release(period) == nil else { return }
            switch try await ObservatoryPublishing.release(period, store: store) {
            case .released(let release):
                logger.info("observatory release published", metadata: ["period": "\(period)", "events": "\(release.eventsRead)"])
            case .refused(let reason):
                logger.warning("observatory release refused", metadata: ["period": "\(period)", "reason": "\(reason)"])
            }
        } catch {
            logger.warning("observatory release failed; retrying at the next hour", metadata: ["period": "\(period)", "error": "\(error)"])
        }
    }

    private func purge() async {
        do {
            let report = try await collector.store.purge(now: Date(), policy: collector.policy)
            if report.salts > 0 || report.events > 0 {
                logger.info("observatory purge", metadata: ["salts": "\(report.salts)", "events": "\(report.events)"])
            }
        } catch {
            logger.warning("observatory purge failed; retrying at the next hour", metadata: ["error": "\(error)"])
        }
    }
}
