import Foundation

/// Dedicated threads that run the SQLite readers' work, as a Swift `TaskExecutor`.
///
/// A direct SQLite read runs on the thread that calls it. Called from a Swift concurrency thread (two on this
/// machine), a long search held that thread for its whole query, and every other request waited: under 16 concurrent
/// searches on a million offers, `/health` fell from 27 000 to 66 requests/s with a p99 of 1.3 s. With the readers'
/// tasks preferring this executor, their synchronous work runs here, and the cooperative pool stays free for the
/// rest. The threads are shared by every store of the process and live as long as it does.
final class ReaderThreads: TaskExecutor, @unchecked Sendable {
    /// Guards `jobs`; threads sleep on it while there is nothing to run.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var head = 0

    /// Whether the calling thread is one of these (any `ReaderThreads`); for tests and assertions.
    static var isCurrentThreadAReader: Bool { Thread.current.threadDictionary[marker] != nil }
    private static let marker = "passerelle.sqlite-reader-thread"

    init(count: Int, name: String) {
        for index in 0..<count {
            let thread = Thread { [unowned self] in self.run() }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        let executor = asUnownedTaskExecutor()
        Thread.current.threadDictionary[Self.marker] = true
        while true {
            condition.lock()
            while head == jobs.count { condition.wait() }
            let job = jobs[head]
            head += 1
            // Reclaim the consumed prefix now and then rather than shifting the array on every job.
            if head > 1_024 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: executor)
        }
    }
}
