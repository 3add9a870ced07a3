import Foundation
import Logging
import PasserelleStorage
import ServiceLifecycle

/// Re-reads registered feeds inside `serve`: every `tick` it runs the feeds that are due, `FeedRunner.concurrentRuns`
/// at a time (a slow feed never holds the others back), under database leases (several `serve` processes share the
/// work, never a feed). A graceful shutdown stops it between two feeds: a feed being read finishes its transaction
/// first, and one cut short by a crash is taken again once its lease expires.
struct FeedScheduler: Service {
    let runner: FeedRunner
    let logger: Logger
    var tick: Duration = .seconds(30)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let runs = try await runner.runDue()
                    if !runs.isEmpty {
                        let failed = runs.filter { $0.outcome == "failed" || $0.outcome == "refused" }.count
                        logger.info("feeds read", metadata: ["feeds": "\(runs.count)", "failed": "\(failed)"])
                    }
                } catch {
                    logger.warning("due feeds could not be claimed; retrying at the next tick", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: tick)
            }
        }
    }
}
