public import Foundation
import PasserelleCore

/// Loads the demo catalogue from the real open-data files under the shared real-data folder.
///
/// Every data row of every file ends either loaded or rejected with its reason (see `ImportReport`); a missing
/// file gives a report with `fileError` naming the path, and the other files still load. Only a missing root
/// folder throws, so the caller can fall back to `GeneratedCatalogue` and say so.
public enum DemoDataLoader {
    /// The environment variable that overrides the real-data folder.
    public static let environmentKey = "PASSERELLE_REALDATA"

    /// The real-data folder: `$PASSERELLE_REALDATA`, else `../shared/realdata` from the current directory.
    public static func defaultRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let path = environment[environmentKey], !path.isEmpty { return URL(filePath: path, directoryHint: .isDirectory) }
        return URL(filePath: FileManager.default.currentDirectoryPath, directoryHint: .isDirectory)
            .appending(path: "../shared/realdata", directoryHint: .isDirectory).standardizedFileURL
    }

    /// The files read, relative to the root, in loading order (museums before the works that refer to them).
    public static let files: [String] = [
        MuseofileImporter.relativePath, FestivalsImporter.relativePath, CinemasImporter.relativePath,
        CultureChezNousImporter.relativePath, JocondeImporter.relativePath,
    ]

    /// Imports every source file. Throws `ConnectorError.missingSource` only when `realdataRoot` is not a folder.
    public static func load(realdataRoot: URL) throws(ConnectorError) -> DemoCatalogue {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: realdataRoot.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConnectorError(.missingSource, "real-data folder not found: \(realdataRoot.path)")
        }
        var catalogue = DemoCatalogue(origin: "Données ouvertes réelles (Licence Ouverte 2.0) lues dans \(realdataRoot.path)")
        let museums = read(realdataRoot, MuseofileImporter.relativePath, "museofile", MuseofileImporter.load)
        catalogue.append(museums)
        catalogue.append(read(realdataRoot, FestivalsImporter.relativePath, "festivals-france", FestivalsImporter.load))
        catalogue.append(read(realdataRoot, CinemasImporter.relativePath, "cnc-cinemas", CinemasImporter.load))
        catalogue.append(read(realdataRoot, CultureChezNousImporter.relativePath, "culturecheznous", CultureChezNousImporter.load))
        // Works link to the museums actually loaded, by their Muséofile code.
        let loadedCodes = Set(museums.institutions.map { String($0.id.rawValue.dropFirst("museofile-".count)) })
        catalogue.append(read(realdataRoot, JocondeImporter.relativePath, "joconde") { JocondeImporter.load($0, museums: loadedCodes) })
        let towns = FestivalTowns.name(in: &catalogue)
        catalogue.notes.append("festivals: town named for \(towns.named) of \(towns.withCommune) with a commune code (from the cinemas file's communes)")
        let traits = VenueTraitsReader.read(realdata: realdataRoot, venues: catalogue.venues)
        catalogue.venueTraits = traits.traits
        catalogue.notes += traits.notes
        return catalogue
    }

    /// The real catalogue when `realdataRoot` exists, else the generated one, whose `origin` then names the
    /// missing folder so the demo can say it shows fictitious data.
    public static func loadOrGenerate(realdataRoot: URL = defaultRoot()) -> DemoCatalogue {
        do {
            return try load(realdataRoot: realdataRoot)
        } catch {
            var generated = GeneratedCatalogue.make()
            generated.origin += " : \(error.message)"
            return generated
        }
    }

    private static func read(
        _ root: URL, _ path: String, _ source: String, _ importer: (SourceFile) -> DemoCatalogue
    ) -> DemoCatalogue {
        switch SourceFile.read(root: root, relativePath: path, sourceName: source) {
        case .success(let file):
            return importer(file)
        case .failure(let problem):
            return DemoCatalogue(reports: [ImportReport(file: path, fileError: problem.message)], origin: path)
        }
    }
}
