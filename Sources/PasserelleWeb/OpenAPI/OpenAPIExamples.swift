/// Request examples in the OpenAPI document: real-looking records a client can send as they are
/// (the offer and the stock name the venue and offer of the examples, so they work in that order).
enum OpenAPIExamples {
    static let venue: JSONValue = [
        "id": "musee-bretagne-champs-libres", "name": "Musée de Bretagne", "kind": "museum",
        "address": ["street": "10 cours des Alliés", "postalCode": "35000", "city": "Rennes"], "communeCode": "35238",
        "coordinates": ["latitude": 48.1045, "longitude": -1.6747], "accessibility": ["motor", "visual"],
        "website": "https://www.musee-bretagne.fr", "description": ["fr": "Histoire et patrimoine de la Bretagne.", "en": "History and heritage of Brittany."],
    ]
    static let work: JSONValue = [
        "id": "work-les-miserables", "title": ["fr": "Les Misérables"], "creators": ["Victor Hugo"], "categoryID": "live-performance.theatre",
        "countryOfOrigin": "FR", "languages": ["fr"],
    ]
    static let offer: JSONValue = [
        "id": "offer-nuit-des-musees-2026", "venueID": "musee-bretagne-champs-libres",
        "title": ["fr": "Nuit des musées", "en": "Museum night"], "categoryID": "heritage.museum-visit", "access": "on-site",
        "price": ["minCents": 0, "maxCents": 0], "startsAt": "2026-05-16T19:00:00Z", "endsAt": "2026-05-16T23:59:00Z",
        "languages": ["fr", "br"],
    ]
    static let stock: JSONValue = [
        "id": "stock-nuit-des-musees-2026", "offerID": "offer-nuit-des-musees-2026", "beginsAt": "2026-05-16T19:00:00Z",
        "quantity": 200, "priceCents": 0,
    ]
}
