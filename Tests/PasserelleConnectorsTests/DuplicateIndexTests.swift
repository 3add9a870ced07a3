import Foundation
import PasserelleConnectors
import PasserelleCore
import Testing

/// How two sources' records of one offer are recognised (identifiers first, then title, date and place), and how
/// the merged record fills the offer in without overwriting its primary source.
@Suite struct DuplicateIndexTests {
    static let institution = InstitutionID(trusted: "theatre-t")
    static let evening = Date(timeIntervalSince1970: 1_780_000_000)

    static func venue(_ id: String, _ name: String = "Théâtre du Capitole", latitude: Double = 43.604_4, longitude: Double = 1.443_6,
                      postalCode: String? = "31000") -> Venue {
        Venue(id: VenueID(trusted: id), institutionID: institution, name: name, kind: .theatre,
              address: Address(postalCode: postalCode, city: "Toulouse"), coordinates: GeoPoint(latitude: latitude, longitude: longitude))
    }

    static func offer(_ id: String, _ title: String, at start: Date? = evening, venue: String? = "v-a", booking: String? = nil,
                      work: String? = nil, access: OfferAccess = .onSite, online: String? = nil) -> Offer {
        Offer(id: OfferID(trusted: id), institutionID: institution, workID: work.map(WorkID.init(trusted:)), venueID: venue.map(VenueID.init(trusted:)),
              title: LocalizedText(french: title), categoryID: CategoryID(trusted: "live-performance.theatre"), access: access,
              onlineURL: online.flatMap(URL.init(string:)), bookingURL: booking.flatMap(URL.init(string:)), startsAt: start)
    }

    static func work(_ id: String, isbn: String? = nil, visa: String? = nil, external: [String: String] = [:]) -> Work {
        Work(id: WorkID(trusted: id), institutionID: institution, title: "Œuvre", categoryID: CategoryID(trusted: "books.print"),
             identifiers: WorkIdentifiers(isbn: isbn, filmVisa: visa, external: external))
    }

    @Test func keysIgnoreCaseAccentsPunctuationAndTracking() {
        #expect(MatchKeys.title("Phèdre — Racine !") == "phedre racine" && MatchKeys.title("PHEDRE,  racine") == "phedre racine")
        #expect(MatchKeys.title(" … ") == nil)
        #expect(MatchKeys.url(URL(string: "https://www.Theatre.example/saison/tartuffe/?utm_source=x&b=2&a=1#top")!)
                == MatchKeys.url(URL(string: "http://theatre.example/saison/tartuffe?a=1&b=2")!))
        #expect(MatchKeys.url(URL(string: "https://theatre.example/tartuffe")!) != MatchKeys.url(URL(string: "https://theatre.example/phedre")!))
        #expect(MatchKeys.isbn13("2-07-036002-4") == "9782070360024", "an ISBN-10 is its ISBN-13")
        #expect(MatchKeys.isbn13("978-2-07-036002-4") == "9782070360024")
        #expect(MatchKeys.isbn13("2-07-036002-5") == nil && MatchKeys.isbn13("9782070360025") == nil, "a wrong check digit is no ISBN")
        #expect(MatchKeys.work(WorkIdentifiers(isbn: "2070360024")) == MatchKeys.work(WorkIdentifiers(ean: "9782070360024")))
        #expect(MatchKeys.work(WorkIdentifiers(museofile: "M0123")).isEmpty, "a museum code names the museum, not the work")
        #expect(MatchKeys.work(WorkIdentifiers(filmVisa: "012345")) == ["visa:12345"])
        #expect(MatchKeys.work(WorkIdentifiers(external: ["podcast-guid": "abc", "feed-url": "https://p.example/rss"])).isEmpty,
                "a podcast's guid names the show, not an episode")
        #expect(MatchKeys.work(WorkIdentifiers(museofile: "M0123", external: ["inventaire": "2004.1.7"])) == ["inventaire:M0123:2004.1.7"])
        #expect(MatchKeys.url(URL(string: "https://theatre.example/")!) == nil, "a home page names no offer")
        #expect(MatchKeys.shareAWord(LocalizedText(french: "Molière : Tartuffe"), LocalizedText(french: "TARTUFFE")))
        #expect(!MatchKeys.shareAWord(LocalizedText(french: "Atelier marionnettes"), LocalizedText(french: "Concert")))
    }

    @Test func aSharedWorkIdentifierAtTheSameTimeIsTheSameOffer() {
        let stored = DuplicateIndex.Candidate(offer: Self.offer("o-1", "Le Cid", work: "w-1"), venue: Self.venue("v-a"), work: Self.work("w-1", isbn: "2070360024"))
        let index = DuplicateIndex([stored])
        let match = index.match(Self.offer("ev-9", "Le Cid (Corneille)", venue: nil, work: "w-9"), venue: nil, work: Self.work("w-9", isbn: "978-2-07-036002-4"))
        #expect(match?.offerID == OfferID(trusted: "o-1") && match?.rule == .workIdentifier && match?.evidence == "isbn:9782070360024",
                "titles differ, the ISBN is the same, and a venue unknown on one side does not refuse")
        let later = Self.offer("ev-9", "Le Cid", at: Self.evening.addingTimeInterval(86_400), venue: nil, work: "w-9")
        #expect(index.match(later, venue: nil, work: Self.work("w-9", isbn: "2070360024")) == nil, "the same work another day is another performance")
    }

    @Test func aURLIdentifiesAnOfferOnlyWhenNoOtherOfferSharesIt() {
        let index = DuplicateIndex([
            .init(offer: Self.offer("o-1", "Tartuffe", booking: "https://billets.example/tartuffe-12-mai"), venue: Self.venue("v-a")),
            .init(offer: Self.offer("o-2", "Phèdre", booking: "https://billets.example/"), venue: Self.venue("v-a")),
            .init(offer: Self.offer("o-3", "Ondine", booking: "https://billets.example/"), venue: Self.venue("v-a")),
        ])
        let sameURL = Self.offer("ev-1", "Molière : Tartuffe", at: Self.evening.addingTimeInterval(3_600), venue: nil, booking: "https://www.billets.example/tartuffe-12-mai/?utm_medium=feed")
        #expect(index.match(sameURL, venue: nil, work: nil)?.rule == .url)
        let ticketOffice = Self.offer("ev-2", "Bérénice", venue: nil, booking: "https://billets.example/")
        #expect(index.match(ticketOffice, venue: nil, work: nil) == nil, "a ticket office page two offers share names neither")
        let reused = Self.offer("ev-4", "Atelier marionnettes", venue: nil, booking: "https://billets.example/tartuffe-12-mai")
        #expect(index.match(reused, venue: nil, work: nil) == nil, "a ticketing page reused for another show: the titles share no word")
        let sharedByTheFeed = DuplicateIndex([.init(offer: Self.offer("o-1", "Tartuffe", booking: "https://billets.example/saison"), venue: Self.venue("v-a"))],
                                             incoming: [Self.offer("ev-5", "Tartuffe", booking: "https://billets.example/saison"),
                                                        Self.offer("ev-6", "Tartuffe (suite)", booking: "https://billets.example/saison")])
        #expect(sharedByTheFeed.match(Self.offer("ev-5", "Tartuffe", venue: nil, booking: "https://billets.example/saison"), venue: nil, work: nil) == nil,
                "a URL two records of the feed share names neither")
        let otherDay = Self.offer("ev-3", "Tartuffe", at: Self.evening.addingTimeInterval(2 * 86_400), venue: nil, booking: "https://billets.example/tartuffe-12-mai")
        #expect(index.match(otherDay, venue: nil, work: nil) == nil)
    }

    @Test func theSameTitleMatchesOnlyAtTheSameTimeAndPlace() {
        let index = DuplicateIndex([.init(offer: Self.offer("o-1", "Tartuffe ou l'Imposteur"), venue: Self.venue("v-a"))])
        let near = Self.venue("v-b", "Capitole (grande salle)", latitude: 43.605_4, longitude: 1.443_6) // about 111 m north
        let match = index.match(Self.offer("ev-1", "TARTUFFE OU L’IMPOSTEUR", at: Self.evening.addingTimeInterval(15 * 60), venue: "v-b"), venue: near, work: nil)
        #expect(match?.rule == .titleDateVenue && match?.evidence == "title \"tartuffe ou l imposteur\", starts 15 min apart, venues 111 m apart")
        let far = Self.venue("v-c", latitude: 43.624_4, longitude: 1.443_6) // about 2.2 km
        #expect(index.match(Self.offer("ev-2", "Tartuffe ou l'Imposteur", venue: "v-c"), venue: far, work: nil) == nil, "another place")
        #expect(index.match(Self.offer("ev-3", "Tartuffe ou l'Imposteur", at: Self.evening.addingTimeInterval(2 * 3_600), venue: "v-b"), venue: near, work: nil) == nil,
                "two hours later is another performance")
        #expect(index.match(Self.offer("ev-4", "Tartuffe ou l'Imposteur", venue: nil), venue: nil, work: nil) == nil,
                "by title alone a place must be known on both sides")
        let unplaced = Self.venue("v-d", "Théâtre du Capitole", latitude: 0, longitude: 0)
        var noCoordinates = unplaced
        noCoordinates.coordinates = nil
        #expect(index.match(Self.offer("ev-5", "Tartuffe ou l'Imposteur", venue: "v-d"), venue: noCoordinates, work: nil)?.offerID == OfferID(trusted: "o-1"),
                "without coordinates, the same venue name in the same postal code")
        #expect(index.match(Self.offer("ev-6", "Tartuffe ou l'Imposteur", at: nil), venue: Self.venue("v-a"), work: nil) == nil, "undated records never match by title")
        let tours = DuplicateIndex([
            .init(offer: Self.offer("o-10", "Visite guidée"), venue: Self.venue("v-a")),
            .init(offer: Self.offer("o-11", "Visite guidée", at: Self.evening.addingTimeInterval(30 * 60)), venue: Self.venue("v-a")),
        ])
        #expect(tours.match(Self.offer("ev-8", "Visite guidée", at: Self.evening.addingTimeInterval(15 * 60)), venue: Self.venue("v-a"), work: nil) == nil,
                "between two sessions: ambiguous, so no merge")
        #expect(tours.match(Self.offer("ev-9", "Visite guidée", at: Self.evening.addingTimeInterval(60 * 60)), venue: Self.venue("v-a"), work: nil) == nil,
                "the next session, 30 min after the last one, is another session")
        #expect(tours.match(Self.offer("ev-10", "Visite guidée", at: Self.evening.addingTimeInterval(-5 * 60)), venue: Self.venue("v-a"), work: nil)?.offerID
                == OfferID(trusted: "o-10"))
        let online = DuplicateIndex([.init(offer: Self.offer("o-9", "Conférence", venue: nil, access: .online, online: "https://live.example/a"))])
        #expect(online.match(Self.offer("ev-7", "Conférence", venue: nil, access: .online, online: "https://video.example/b"), venue: nil, work: nil)?.offerID
                == OfferID(trusted: "o-9"), "two online offers at the same time with the same title")
    }

    @Test func aMergedRecordFillsOnlyWhatThePrimaryLacks() {
        var primary = Self.offer("o-1", "Tartuffe", booking: "https://billets.example/t")
        primary.description = LocalizedText([.fr: "Comédie de Molière"])
        var record = Self.offer("ev-1", "Tartuffe !", booking: "https://autre.example/t")
        record.title[.en] = "Tartuffe, or the Impostor"
        record.description = LocalizedText([.fr: "Autre texte", .en: "A comedy by Molière"])
        record.price = PriceRange(minCents: 1_000, maxCents: 2_500)
        let (filled, fields) = OfferFieldMerge.fill(primary, from: record, owned: [])
        #expect(fields == ["title.en", "description.en", "price"])
        var early = record
        early.endsAt = Self.evening.addingTimeInterval(-3_600)
        early.onlineURL = URL(string: "https://live.example/t")
        let (checked, withEnd) = OfferFieldMerge.fill(primary, from: early, owned: [])
        #expect(checked.endsAt == nil && !withEnd.contains("endsAt") && checked.access == .hybrid && checked.validationIssues().isEmpty,
                "an end before the primary's start is not taken")
        var offline = early
        offline.onlineURL = nil
        let (back, _) = OfferFieldMerge.fill(checked, from: offline, owned: withEnd)
        #expect(back.onlineURL == nil && back.access == .onSite && back.validationIssues().isEmpty, "without its online URL, on site again")
        #expect(filled.title[.fr] == "Tartuffe" && filled.description[.fr] == "Comédie de Molière" && filled.bookingURL == primary.bookingURL,
                "the primary keeps every field it gives")
        #expect(filled.description[.en] == "A comedy by Molière" && filled.price == record.price)

        var changed = record
        changed.price = nil
        changed.description[.en] = "Molière's comedy"
        let (again, owned) = OfferFieldMerge.fill(filled, from: changed, owned: fields)
        #expect(owned == ["title.en", "description.en"] && again.description[.en] == "Molière's comedy" && again.price == nil,
                "a field the record supplied follows the record, and goes when the record drops it")

        var rewritten = primary
        rewritten.description[.en] = "The primary's own translation"
        let (kept, takenBack) = OfferFieldMerge.keep(fields, from: filled, in: rewritten)
        #expect(takenBack == ["description.en"] && kept.description[.en] == "The primary's own translation")
        #expect(kept.title[.en] == "Tartuffe, or the Impostor" && kept.price == record.price, "what the primary still lacks is kept from the merge")
    }
}
