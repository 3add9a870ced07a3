import Foundation
import PasserelleCore

/// One open-data file under the real-data root: its bytes, its date, and the provenance its records carry.
struct SourceFile: Sendable {
    /// Path relative to the real-data root; also the `file` of every report and row issue.
    let relativePath: String
    /// The short source name written into each record's provenance.
    let sourceName: String
    let bytes: [UInt8]
    /// The file's modification date, used as `retrievedAt` (when our copy of the source was taken).
    let retrievedAt: Date

    static let licence = "Licence Ouverte 2.0"
    /// Files are read whole (the largest source is 4 MB); anything past this is not the expected source.
    static let maximumBytes = 64 * 1_024 * 1_024

    /// Reads the file, or returns why it cannot be read (missing, unreadable), naming its full path.
    static func read(root: URL, relativePath: String, sourceName: String) -> Result<SourceFile, FileProblem> {
        let url = root.appending(path: relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            return .failure(FileProblem(message: "missing file \(url.path)"))
        }
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            if let size = attributes[.size] as? Int, size > maximumBytes {
                return .failure(FileProblem(message: "file too large: \(url.path) has \(size) bytes, limit \(maximumBytes)"))
            }
            let data = try Data(contentsOf: url)
            let date = (attributes[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
            return .success(SourceFile(relativePath: relativePath, sourceName: sourceName, bytes: [UInt8](data), retrievedAt: date))
        } catch {
            return .failure(FileProblem(message: "unreadable file \(url.path): \(error.localizedDescription)"))
        }
    }

    /// The provenance of one record of this file.
    func provenance(recordID: String?) -> Provenance {
        Provenance(source: sourceName, recordID: recordID, license: Self.licence, retrievedAt: retrievedAt)
    }

    /// A CSV reader over the file, with its header and the records after it.
    func csv(delimiter: Character) -> (header: CSVHeader, records: CSVParser)? {
        var parser = CSVParser(bytes: bytes, delimiter: delimiter)
        guard let first = parser.next() else { return nil }
        return (CSVHeader(first), parser)
    }
}

/// Why a whole file could not be read.
struct FileProblem: Error, Sendable {
    let message: String
}
