import Crypto
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import PasserelleCore

/// The catalogue published back in open standards, so that Passerelle is a bridge and not one more silo:
/// - `/api/v1/{offers,venues,works}/{id}/jsonld`: schema.org JSON-LD (the same document each page embeds);
/// - `/venues/{id}/calendar.ics` and `/institutions/{id}/calendar.ics`: iCalendar feeds a calendar app subscribes to;
/// - `/institutions/{id}/feed.rss`: the institution's newest offers as RSS 2.0.
/// Feeds carry a strong ETag and are cacheable for five minutes: a reader polling an unchanged feed gets a 304.
struct PublishRoutes {
    let store: any CatalogueStore
    let origin: String

    /// Events in one calendar feed, and how far back it reaches: a subscriber wants what is coming, and what just
    /// happened, not the whole archive.
    static let maximumCalendarEvents = 1_000
    static let calendarLookBack: TimeInterval = 31 * 86_400
    /// Items in one RSS feed.
    static let maximumFeedItems = 50
    /// An offer running longer than this has its dated stocks read, each one an event of the calendar.
    static let seriesSpan: TimeInterval = 86_400

    func register(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        let document = SchemaOrgDocument(origin: origin)
        routes.get("/api/v1/offers/{id}/jsonld") { request, context in
            let id = try PathID.require(context, OfferID.self, what: "offer")
            let node = try await store.read { tx -> JSONValue? in
                guard let offer = try await tx.offer(id), offer.status == .active else { return nil }
                return try await Self.offerDocument(offer, tx, document)
            }
            guard let node else { throw PathID.notFound("offer", id.rawValue) }
            return try Self.respond(node, request)
        }
        routes.get("/api/v1/venues/{id}/jsonld") { request, context in
            let id = try PathID.require(context, VenueID.self, what: "venue")
            guard let venue = try await store.read({ try await $0.venue(id) }), venue.status == .active else { throw PathID.notFound("venue", id.rawValue) }
            return try Self.respond(document.venue(venue), request)
        }
        routes.get("/api/v1/works/{id}/jsonld") { request, context in
            let id = try PathID.require(context, WorkID.self, what: "work")
            guard let work = try await store.read({ try await $0.work(id) }), work.status == .active else { throw PathID.notFound("work", id.rawValue) }
            return try Self.respond(document.work(work), request)
        }
        routes.get("/venues/{id}/calendar.ics") { request, context in
            let id = try PathID.require(context, VenueID.self, what: "venue")
            return try await calendar(request, what: "venue", id.rawValue) { tx, query in
                guard let venue = try await tx.venue(id), venue.status == .active else { return nil }
                query.venueID = id
                return venue.name
            }
        }
        routes.get("/institutions/{id}/calendar.ics") { request, context in
            let id = try PathID.require(context, InstitutionID.self, what: "institution")
            return try await calendar(request, what: "institution", id.rawValue) { tx, query in
                guard let institution = try await tx.institution(id), institution.status == .active else { return nil }
                query.institutionID = id
                return institution.name
            }
        }
        routes.get("/institutions/{id}/feed.rss") { request, context in
            let id = try PathID.require(context, InstitutionID.self, what: "institution")
            let text = try await store.read { tx -> String? in
                guard let institution = try await tx.institution(id), institution.status == .active else { return nil }
                var query = OfferQuery()
                query.institutionID = id
                // Offers come most recently updated first: the feed's newest items.
                let offers = try await tx.offers(query, page: try PageRequest(page: 1, size: Self.maximumFeedItems)).items
                return RSSWriter.channel(
                    title: institution.name, link: institution.website?.absoluteString ?? origin + "/search?institution=\(id.rawValue)",
                    selfLink: origin + "/institutions/\(id.rawValue)/feed.rss",
                    description: "Offres culturelles publiées par \(institution.name) sur Passerelle", language: "fr",
                    items: offers.map { offer in
                        RSSItem(title: offer.title.resolved(for: .fr) ?? offer.id.rawValue, link: origin + "/offers/\(offer.id.rawValue)",
                                description: offer.description.resolved(for: .fr), published: offer.updatedAt,
                                category: Taxonomy.category(offer.categoryID)?.label(in: .fr))
                    })
            }
            guard let text else { throw PathID.notFound("institution", id.rawValue) }
            return Self.feed(text, type: "application/rss+xml; charset=utf-8", request)
        }
    }

    /// The offer's document, with what it names (venue, work, publisher, dated stocks) read in the same transaction.
    static func offerDocument(_ offer: Offer, _ tx: any CatalogueReading, _ document: SchemaOrgDocument) async throws -> JSONValue {
        let venue = try await offer.venueID.asyncMap { try await tx.venue($0) }?.flatMap { $0.status == .active ? $0 : nil }
        let work = try await offer.workID.asyncMap { try await tx.work($0) }?.flatMap { $0.status == .active ? $0 : nil }
        let stocks = try await tx.stocks(of: offer.id).filter { $0.status == .active }
        return document.offer(offer, venue: venue, work: work, stocks: stocks, publisher: try await tx.institution(offer.institutionID))
    }

    /// A calendar feed: `scope` names the calendar and narrows the query (nil: no such record, a 404).
    private func calendar(
        _ request: Request, what: String, _ id: String, scope: @escaping @Sendable (any CatalogueReading, inout OfferQuery) async throws -> String?
    ) async throws -> Response {
        let now = Date()
        let text = try await store.read { tx -> String? in
            var query = OfferQuery()
            query.from = now.addingTimeInterval(-Self.calendarLookBack)
            guard let name = try await scope(tx, &query) else { return nil }
            return ICalendarWriter.calendar(name: name, events: try await calendarEvents(query, now: now, tx))
        }
        guard let text else { throw PathID.notFound(what, id) }
        return Self.feed(text, type: "text/calendar; charset=utf-8", request)
    }

    /// The events of the offers `query` selects, by start, at most `maximumCalendarEvents`.
    private func calendarEvents(_ query: OfferQuery, now: Date, _ tx: any CatalogueReading) async throws -> [CalendarEvent] {
        let host = URL(string: origin)?.host ?? "passerelle"
        let since = now.addingTimeInterval(-Self.calendarLookBack)
        var events: [CalendarEvent] = []
        var venues: [VenueID: Venue?] = [:]
        var number = 1
        while events.count < Self.maximumCalendarEvents {
            let page = try await tx.offers(query, page: try PageRequest(page: number, size: PageRequest.maximumSize))
            for offer in page.items {
                guard let start = offer.startsAt else { continue }
                var venue: Venue?
                if let venueID = offer.venueID {
                    if venues[venueID] == nil { venues[venueID] = try await tx.venue(venueID) }
                    venue = venues[venueID] ?? nil
                }
                let location = venue.map { venue in
                    ([venue.name, venue.address?.street] + [[venue.address?.postalCode, venue.address?.city].compactMap { $0 }.joined(separator: " ")])
                        .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
                } ?? (offer.access == .online ? offer.onlineURL?.absoluteString : nil)
                func event(uid: String, start: Date, end: Date?) -> CalendarEvent {
                    CalendarEvent(
                        uid: uid + "@" + host, start: start, end: end, summary: offer.title.resolved(for: .fr) ?? offer.id.rawValue,
                        description: offer.description.resolved(for: .fr), location: location, geo: venue?.coordinates,
                        url: origin + "/offers/\(offer.id.rawValue)", categories: [Taxonomy.category(offer.categoryID)?.label(in: .fr)].compactMap { $0 },
                        modified: offer.updatedAt)
                }
                let dated = (offer.endsAt.map { $0.timeIntervalSince(start) > Self.seriesSpan } ?? false)
                    ? try await tx.stocks(of: offer.id).filter { $0.status == .active && ($0.beginsAt ?? .distantPast) >= since }
                    : []
                if dated.isEmpty {
                    events.append(event(uid: offer.id.rawValue, start: start, end: offer.endsAt))
                } else {
                    for stock in dated { events.append(event(uid: stock.id.rawValue, start: stock.beginsAt ?? start, end: nil)) }
                }
            }
            guard page.items.count == PageRequest.maximumSize else { break }
            number += 1
        }
        return Array(events.sorted { ($0.start, $0.uid) < ($1.start, $1.uid) }.prefix(Self.maximumCalendarEvents))
    }

    static func respond(_ node: JSONValue, _ request: Request) throws -> Response {
        let data = try JSONCoding.encoder.encode(node)
        return feed(String(decoding: data, as: UTF8.self), type: "application/ld+json; charset=utf-8", request)
    }

    /// A feed with a strong ETag (SHA-256 of its bytes, or of `tagged` when the text holds a part that changes on
    /// every answer); `If-None-Match` with it gets a 304 without a body.
    static func feed(
        _ text: String, type: String, _ request: Request, tagged: String? = nil, cacheControl: String = "public, max-age=300"
    ) -> Response {
        let digest = SHA256.hash(data: Data((tagged ?? text).utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
        let tag = "\"\(digest)\""
        var headers = HTTPFields()
        headers[.eTag] = tag
        headers[.cacheControl] = cacheControl
        headers[.xContentTypeOptions] = "nosniff"
        headers[.accessControlAllowOrigin] = "*"
        if let sent = request.headers[.ifNoneMatch], sent.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag || $0.trimmingCharacters(in: .whitespaces) == "*" }) {
            return Response(status: .notModified, headers: headers)
        }
        let buffer = ByteBuffer(string: text)
        headers[.contentType] = type
        headers[.contentLength] = String(buffer.readableBytes)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
    }
}
