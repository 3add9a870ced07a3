import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PasserelleCore
import PasserelleStorage
@testable import PasserelleWeb
import Testing

/// What the site publishes in open standards: schema.org JSON-LD (embedded and alone), iCalendar feeds per venue and
/// institution, an RSS feed per institution; ETags and 304s; withdrawn and unknown records are 404s.
/// Third-party parsers (pyld + pyshacl, icalendar, feedparser) read the same outputs in scripts/interop/.
@Suite("Published feeds")
struct PublishTests {
    static let seriesID = OfferID(trusted: "offer-series")
    /// The series starts in two days (on the hour), so the calendar, which reaches 31 days back, lists it.
    static let seriesBase = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 3_600).rounded(.down) * 3_600 + 2 * 86_400)

    /// ReadAPITests' catalogue plus a series of three dated screenings of one offer, one of them withdrawn.
    @Sendable static func seed(_ fixture: Fixture) async throws {
        try await ReadAPITests.seed(fixture)
        let base = seriesBase
        try await fixture.store.write { tx in
            try await tx.save(Offer(
                id: seriesID, institutionID: fixture.a.id, venueID: Fixture.venueA,
                title: LocalizedText([.fr: "Ciné-club; mardi, 20 h", .en: "Film club"]), description: LocalizedText([.fr: "Une ligne\nune autre </script>"]),
                categoryID: CategoryID(trusted: "cinema.screening"), access: .onSite, price: PriceRange(minCents: 450, maxCents: 450),
                startsAt: base, endsAt: base.addingTimeInterval(14 * 86_400 + 7_200)))
            for day in [0, 7, 14] {
                try await tx.save(Stock(id: StockID(trusted: "series-\(day)"), offerID: seriesID, beginsAt: base.addingTimeInterval(Double(day) * 86_400),
                                        priceCents: 450, status: day == 7 ? .withdrawn : .active))
            }
        }
    }

    @Test("an offer's JSON-LD: an Event subtype with its place, price, organiser and languages, the same as its page embeds")
    func offerJSONLD() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let response = try await client.send(.get, "/api/v1/offers/offer-a-0/jsonld")
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/ld+json; charset=utf-8")
                Conformance.expect(.get, "/api/v1/offers/{id}/jsonld", response)
                let node = try response.json
                #expect(node["@context"] == "https://schema.org" && node["@type"] == "TheaterEvent")
                #expect(node["@id"] == "http://127.0.0.1:8080/offers/offer-a-0")
                #expect(node["name"]?.arrayValue?.contains(["@value": "Pièce 0", "@language": "fr"]) == true)
                #expect(node["startDate"] == "2026-09-21T14:13:20Z" && node["eventAttendanceMode"]?["@id"] == "https://schema.org/OfflineEventAttendanceMode")
                #expect(node["location"]?["@type"] == "Museum" && node["location"]?["@id"] == "http://127.0.0.1:8080/venues/venue-a")
                #expect(node["offers"]?["@type"] == "AggregateOffer" && node["offers"]?["lowPrice"] == "10.00" && node["offers"]?["priceCurrency"] == "EUR")
                #expect(node["organizer"]?["name"] == .string(fixture.a.name))
                #expect(node["inLanguage"] == ["fr", "en"])
                #expect(node["workFeatured"]?["@id"] == "http://127.0.0.1:8080/works/work-a")

                // The page embeds the same document in one data block, and no other script.
                let page = try await client.send(.get, "/offers/offer-a-0").text
                let blocks = page.matches(of: /<script type="application\/ld\+json">(.*?)<\/script>/)
                #expect(blocks.count == 1)
                let embedded = try JSONDecoder().decode(JSONValue.self, from: Data(String(blocks[0].output.1).utf8))
                #expect(embedded == node)
                #expect(page.replacing(/<script type="application\/ld\+json">.*?<\/script>/, with: "").lowercased().contains("<script") == false)
            }
        }
    }

    @Test("a series: its dated stocks as sub-events; text that could close the script block is escaped")
    func seriesJSONLD() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let node = try await client.send(.get, "/api/v1/offers/offer-series/jsonld").json
                #expect(node["@type"] == "ScreeningEvent")
                #expect(node["subEvent"]?.arrayValue?.count == 2, "the withdrawn date is not published")
                #expect(node["offers"]?["@type"] == "Offer" && node["offers"]?["price"] == "4.50")
                let page = try await client.send(.get, "/offers/offer-series").text
                #expect(page.contains(#"une autre \u003c/script\u003e"#))
                #expect(page.components(separatedBy: "</script>").count == 2, "one block, closed once")
            }
        }
    }

    @Test("a venue's and a work's JSON-LD; an online offer without dates is a creative work; 404s")
    func venueWorkAndRefusals() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let venue = try await client.send(.get, "/api/v1/venues/venue-a/jsonld")
                Conformance.expect(.get, "/api/v1/venues/{id}/jsonld", venue)
                #expect(try venue.json["@type"] == "Museum")
                #expect(try venue.json["address"]?["@type"] == "PostalAddress")
                let work = try await client.send(.get, "/api/v1/works/work-a/jsonld")
                #expect(try work.json["name"]?.arrayValue?.count == 2)
                let online = try await client.send(.get, "/api/v1/offers/offer-b-0/jsonld").json
                #expect(online["@type"] == "Movie" && online["sameAs"] == "https://example.org/film/0")
                for path in ["/api/v1/offers/offer-withdrawn/jsonld", "/api/v1/offers/nope/jsonld", "/api/v1/venues/nope/jsonld",
                             "/api/v1/works/nope/jsonld", "/venues/nope/calendar.ics", "/institutions/nope/feed.rss", "/institutions/nope/calendar.ics"] {
                    let response = try await client.send(.get, path)
                    #expect(response.status == .notFound, "\(path)")
                    // The API answers problem+json; the feeds, beside the pages, an HTML error page like theirs.
                    #expect(response.headers[.contentType] == (path.hasPrefix("/api/") ? "application/problem+json" : "text/html; charset=utf-8"), "\(path)")
                }
            }
        }
    }

    @Test("a venue's calendar: RFC 5545 lines, a series' dates one by one, escaped text, folded lines, an ETag and its 304")
    func venueCalendar() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let response = try await client.send(.get, "/venues/venue-a/calendar.ics")
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/calendar; charset=utf-8")
                let text = response.text
                #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
                #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends with CRLF")
                #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 }, "no line over 75 octets")
                let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
                // The ReadAPITests plays (September 2026) are more than 31 days old: only the series is listed.
                #expect(unfolded.components(separatedBy: "BEGIN:VEVENT").count - 1 == 2)
                #expect(unfolded.contains("SUMMARY:Ciné-club\\; mardi\\, 20 h"))
                #expect(unfolded.contains("UID:series-0@127.0.0.1") && unfolded.contains("UID:series-14@127.0.0.1"))
                #expect(!unfolded.contains("UID:series-7@"), "a withdrawn date is not in the calendar")
                #expect(unfolded.contains("DESCRIPTION:Une ligne\\nune autre </script>"))
                #expect(unfolded.contains("DTSTART:" + ICalendarWriter.utc(Self.seriesBase)))
                #expect(unfolded.contains("URL:http://127.0.0.1:8080/offers/offer-series"))
                let tag = try #require(response.headers[.eTag])
                let again = try await client.send(.get, "/venues/venue-a/calendar.ics", headers: [.ifNoneMatch: tag])
                #expect(again.status == .notModified && again.body.readableBytes == 0)
                #expect(again.headers[.eTag] == tag)
            }
        }
    }

    @Test("an institution's RSS feed: its newest offers, absolute links, a self link; its calendar")
    func institutionFeeds() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let response = try await client.send(.get, "/institutions/\(fixture.a.id.rawValue)/feed.rss")
                #expect(response.status == .ok && response.headers[.contentType] == "application/rss+xml; charset=utf-8")
                let xml = response.text
                #expect(xml.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?>"#))
                #expect(xml.components(separatedBy: "<item>").count - 1 == 26, "25 plays and the series; the withdrawn offer is not listed")
                #expect(xml.contains(#"<atom:link href="http://127.0.0.1:8080/institutions/\#(fixture.a.id.rawValue)/feed.rss" rel="self""#))
                #expect(xml.contains("<link>http://127.0.0.1:8080/offers/offer-a-0</link>"))
                #expect(xml.contains("Ciné-club; mardi, 20 h") && xml.contains("une autre &lt;/script&gt;"))
                let calendar = try await client.send(.get, "/institutions/\(fixture.a.id.rawValue)/calendar.ics")
                #expect(calendar.status == .ok && calendar.text.hasPrefix("BEGIN:VCALENDAR"))
            }
        }
    }

    @Test("the venue page links its calendar and its institution's feed, in the head and in the page")
    func venuePageLinks() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let page = try await client.send(.get, "/venues/venue-a?lang=en").text
                #expect(page.contains(#"<link rel="alternate" type="text/calendar" href="/venues/venue-a/calendar.ics" title="This place&#39;s calendar (iCalendar)">"#)
                    || page.contains(#"<link rel="alternate" type="text/calendar" href="/venues/venue-a/calendar.ics""#))
                #expect(page.contains(#"<a href="/venues/venue-a/calendar.ics" type="text/calendar">"#))
                #expect(page.contains(#"href="/institutions/\#(fixture.a.id.rawValue)/feed.rss""#))
                #expect(page.contains(#"<script type="application/ld+json">"#))
            }
        }
    }
}

/// The writers alone: folding never splits a character, escaping, RFC 822 dates.
@Suite("Feed writers")
struct FeedWriterTests {
    @Test func lines() {
        #expect(ICalendarWriter.fold(String(repeating: "é", count: 100)).split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        #expect(ICalendarWriter.fold(String(repeating: "é", count: 100)).replacingOccurrences(of: "\r\n ", with: "") == String(repeating: "é", count: 100))
        #expect(ICalendarWriter.escape("a,b;c\\d\ne\r\u{7}") == "a\\,b\\;c\\\\d\\ne")
        #expect(RSSWriter.rfc822(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(XMLText.escape("<a & 'b'>\u{1}") == "&lt;a &amp; &apos;b&apos;&gt;")
    }
}
