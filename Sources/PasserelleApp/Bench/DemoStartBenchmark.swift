import Foundation

/// Time from launching `passerelle demo` to its first served page, measured from outside the process.
public enum DemoStartBenchmark {
    /// How long the probe waits before declaring the start failed.
    public static let timeoutSeconds = 180.0

    /// Launches `executable demo` on `port` with a fresh SQLite file, polls `GET /` until it answers 200,
    /// stops the process, and returns the elapsed seconds.
    public static func run(executable: String, port: Int, realdata: String?) async throws -> Double {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-demo-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        var arguments = ["demo", "--port", String(port), "--database", folder.appendingPathComponent("demo.sqlite").path, "--log-level", "error"]
        if let realdata { arguments += ["--realdata", realdata] }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        while ContinuousClock.now - start < .seconds(timeoutSeconds) {
            guard process.isRunning else { throw HTTPProbe.Failure(description: "passerelle demo exited with status \(process.terminationStatus)") }
            if await HTTPProbe.status(port: port, path: "/") == 200 {
                let elapsed = ContinuousClock.now - start
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HTTPProbe.Failure(description: "no page served within \(Int(timeoutSeconds)) s")
    }
}
