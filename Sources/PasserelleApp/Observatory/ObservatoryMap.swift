import Foundation
import Logging
import PasserelleConnectors
import PasserelleWeb

/// The régions' outlines for the dashboard's map, read once at start from the real data (never copied into the
/// project); without the file the dashboard shows its tables and bars only.
enum ObservatoryMap {
    static func regions(realdata: URL, logger: Logger) -> [MapRegion] {
        outlines(logger: logger) { () throws(ConnectorError) in try FranceGeo.regions(realdata: realdata) }
    }

    /// The départements' outlines, for the département table's map.
    static func departements(realdata: URL, logger: Logger) -> [MapRegion] {
        outlines(logger: logger) { () throws(ConnectorError) in try FranceGeo.departements(realdata: realdata) }
    }

    private static func outlines(logger: Logger, _ read: () throws(ConnectorError) -> [RegionOutline]) -> [MapRegion] {
        do {
            return try read().map { outline in
                MapRegion(code: outline.code, name: outline.name, rings: outline.rings.map { $0.map { ($0.longitude, $0.latitude) } })
            }
        } catch {
            logger.notice("observatory map unavailable; the dashboard shows tables only", metadata: ["reason": "\(error)"])
            return []
        }
    }

    /// The Musées de France's national attendance per year (the file's records summed), read once at start.
    static func museumTrend(realdata: URL, logger: Logger) -> [MuseumYear] {
        do {
            let records = try MuseumAttendanceReader.read(realdata: realdata).records
            return Dictionary(grouping: records, by: \.year).map { MuseumYear(year: $0.key, visitors: $0.value.reduce(0) { $0 + $1.total }) }
                .sorted { $0.year < $1.year }
        } catch {
            logger.notice("museum attendance unavailable; the dashboard shows no trend", metadata: ["reason": "\(error)"])
            return []
        }
    }
}
