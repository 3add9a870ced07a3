import Foundation
import PasserelleConnectors
import PasserelleCore

/// The other simple formats of `passerelle bench import`: an iCalendar file, a podcast feed and a CSV file of
/// `records` events each, generated alike (200 venues, one date each), read and mapped, then written.
extension ImportBenchmark {
    struct Format {
        let name: String
        /// The source key its records are read and written under.
        let source: String
        let bytes: Int
        let read: @Sendable (InstitutionID) throws -> FeedRead
    }

    static func otherFormats(_ records: Int) throws -> [Format] {
        let calendar = Data(calendar(records).utf8)
        let feed = Data(podcast(records).utf8)
        let table = Data(table(records).utf8)
        let mapping = try JSONDecoder().decode(CSVColumnMapping.self, from: Data(tableMapping.utf8))
        let feedURL = URL(string: "https://podcast.example/feed.xml")
        return [
            Format(name: "iCalendar", source: "ical:bench", bytes: calendar.count) { institution in
                try ICalendarFeed.read(calendar, source: "ical:bench", institutionID: institution,
                                       defaultCategory: CategoryID(trusted: "music.concert"))
            },
            Format(name: "podcast RSS", source: "rss:bench", bytes: feed.count) { institution in
                try PodcastFeed.read(feed, source: "rss:bench", institutionID: institution, feedURL: feedURL)
            },
            Format(name: "CSV (mapped)", source: "csv:bench", bytes: table.count) { institution in
                try CSVFeed.read(table, mapping: mapping, source: "csv:bench", institutionID: institution,
                                 defaultCategory: CategoryID(trusted: "live-performance.theatre"))
            },
        ]
    }

    /// One VEVENT per record, in Paris time through a TZID, with a location, a description and a category.
    static func calendar(_ records: Int) -> String {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Passerelle//bench//FR\r\n"
        for index in 0..<records {
            let (month, day, venue) = spread(index)
            text += """
                BEGIN:VEVENT\r\nUID:event-\(index)@agenda.example\r\nDTSTAMP:20261201T000000Z\r\n\
                DTSTART;TZID=Europe/Paris:2027\(month)\(day)T203000\r\nDURATION:PT2H\r\nSUMMARY:Concert \(index)\r\n\
                DESCRIPTION:Une soirée au lieu \(venue)\\, en plein centre.\r\nLOCATION:Lieu \(venue)\\, Toulouse\r\n\
                URL:https://agenda.example/e/\(index)\r\nEND:VEVENT\r\n
                """
        }
        return text + "END:VCALENDAR\r\n"
    }

    /// One channel of `records` episodes, each with its enclosure, duration and publication date.
    static func podcast(_ records: Int) -> String {
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0">
            <channel><title>Les voix du musée</title><link>https://podcast.example/</link><language>fr</language>
            <itunes:author>Musée des Augustins</itunes:author><description>Entretiens.</description>

            """
        for index in 0..<records {
            let (month, day, _) = spread(index)
            text += """
                <item><title>Épisode \(index)</title><guid>episode-\(index)</guid><description>Un entretien, numéro \(index).</description>\
                <pubDate>\(day) \(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Int(month)! - 1]) 2026 08:00:00 +0100</pubDate>\
                <enclosure url="https://podcast.example/media/\(index).mp3" length="12345678" type="audio/mpeg"/>\
                <itunes:duration>00:\(10 + index % 50):00</itunes:duration></item>

                """
        }
        return text + "</channel></rss>\n"
    }

    /// A semicolon-separated file with a decimal comma, as spreadsheets write it in France.
    static func table(_ records: Int) -> String {
        var text = "Identifiant;Titre;Début;Lieu;Code postal;Ville;Tarif\n"
        for index in 0..<records {
            let (month, day, venue) = spread(index)
            text += "R\(index);Pièce \(index);2027-\(month)-\(day)T20:30;Lieu \(venue);\(31000 + venue % 90);Toulouse;\(5 + index % 20),50\n"
        }
        return text
    }

    static let tableMapping = """
        {"separator": ";", "decimal": "comma", "columns": {"id": "Identifiant", "title": "Titre", "start": "Début",
         "venueName": "Lieu", "venuePostcode": "Code postal", "venueCity": "Ville", "price": "Tarif"}}
        """

    /// The month and day (two digits each) and the venue of a record, as the JSON-LD page spreads them.
    static func spread(_ index: Int) -> (month: String, day: String, venue: Int) {
        let day = 1 + index % 28, month = 1 + (index / 28) % 12
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return (two(month), two(day), index % 200)
    }
}
