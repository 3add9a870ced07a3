import Foundation
import Testing
@testable import PasserelleConnectors

/// Where the shared real data lives for tests, and the catalogue loaded from it once for every suite.
enum RealData {
    /// `$PASSERELLE_REALDATA`, else `../shared/realdata` next to the package root (found from this file's path,
    /// so `swift test` works from any directory).
    static let root: URL = {
        if let path = ProcessInfo.processInfo.environment[DemoDataLoader.environmentKey], !path.isEmpty {
            return URL(filePath: path, directoryHint: .isDirectory)
        }
        let packageRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appending(path: "../shared/realdata", directoryHint: .isDirectory).standardizedFileURL
    }()

    static var isPresent: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Enables a test when this folder of the real data is present, else skips it naming the folder.
    static func folder(_ path: String) -> ConditionTrait {
        let url = root.appending(path: path, directoryHint: .isDirectory)
        return .enabled(if: FileManager.default.fileExists(atPath: url.path), "real-data folder missing: \(url.path) (set PASSERELLE_REALDATA)")
    }

    static var skipMessage: Comment { "real-data folder missing: \(root.path) (set PASSERELLE_REALDATA)" }

    /// Loaded once (a lazy static is initialised once even when tests run in parallel).
    static let catalogue: Result<DemoCatalogue, ConnectorError> = Result { () throws(ConnectorError) in
        try DemoDataLoader.load(realdataRoot: root)
    }

    static func report(_ file: String) throws -> ImportReport {
        let catalogue = try catalogue.get()
        guard let report = catalogue.reports.first(where: { $0.file == file }) else {
            throw ConnectorError(.missingSource, "no report for \(file)")
        }
        return report
    }
}
