import Foundation
import Hummingbird
import HTTPTypes
import PasserelleCore
import PasserelleDiscovery

/// Editorial collections: public reads (JSON and schema.org `ItemList`), and writes with an institution's key,
/// through `CollectionService` (ownership and items checked inside the write transaction).
struct CollectionRoutes {
    let reader: CollectionReader
    let service: CollectionService
    let limits: WebLimits

    /// `keyed` routes read an optional API key: the owning institution may preview its own collection outside its
    /// publication window (scheduled or ended), the public only ever sees published ones.
    func registerPublic(_ routes: RouteRegistrar<PasserelleRequestContext>, keyed: RouteRegistrar<PasserelleRequestContext>) {
        routes.get("/api/v1/collections") { request, _ in
            var query = QueryReader(request)
            let page = query.page()
            let institution = query.identifier("institution", as: InstitutionID.self)
            try query.check()
            guard let page else { throw Problem.badRequest("Invalid page parameters.") }
            let found = try await reader.published(institution: institution, page: page)
            return try JSONResponse.make(ListResponse(page: found, items: found.items, request: request))
        }
        keyed.get("/api/v1/collections/{id}") { _, context in
            let detail = try await visible(context)
            var response = try JSONResponse.make(detail)
            if !detail.collection.isPublished(at: Date()) { response.headers[.cacheControl] = "private, no-store" }
            return response
        }
        keyed.get("/api/v1/collections/{id}/jsonld") { _, context in
            let detail = try await visible(context)
            var headers = HTTPFields()
            headers[.contentType] = "application/ld+json; charset=utf-8"
            if !detail.collection.isPublished(at: Date()) { headers[.cacheControl] = "private, no-store" }
            let body = try JSONResponse.encode(CollectionJSONLD.itemList(detail))
            headers[.contentLength] = String(body.readableBytes)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
        }
    }

    func registerAuthenticated(_ routes: RouteRegistrar<AuthenticatedContext>) {
        routes.post("/api/v1/collections") { request, context in
            let input = try await decode(request)
            let collection = input.collection(id: input.id ?? .random(), institution: context.institution.id)
            return try await save(collection, context)
        }
        routes.put("/api/v1/collections/{id}") { request, context in
            let id = try PathID.requireNew(context, CollectionID.self, what: "collection")
            let input = try await decode(request)
            try WriteRoutes.checkSameID(input.id, id)
            return try await save(input.collection(id: id, institution: context.institution.id), context)
        }
        routes.delete("/api/v1/collections/{id}") { _, context in
            let id = try PathID.require(context, CollectionID.self, what: "collection")
            return try JSONResponse.make(try await service.withdraw(id, by: context.institution.id))
        }
    }

    private func visible(_ context: PasserelleRequestContext) async throws -> CollectionDetail {
        let id = try PathID.require(context, CollectionID.self, what: "collection")
        guard let detail = try await reader.detail(id, now: Date(), viewer: context.institution?.id) else {
            throw PathID.notFound("collection", id.rawValue)
        }
        return detail
    }

    private func decode(_ request: Request) async throws -> CollectionInput {
        try BodyReader.decode(CollectionInput.self, from: try await BodyReader.collect(request, limit: limits.recordBodyBytes))
    }

    /// A saved search is parsed as `/search` would parse it before anything is written: its problems are a 422.
    private func save(_ collection: EditorialCollection, _ context: AuthenticatedContext) async throws -> Response {
        if let query = collection.savedQuery, collection.validationIssues().isEmpty { _ = try SavedQuery.request(query) }
        return try WriteRoutes.saved(try await service.save(collection, by: context.institution.id), path: "collections")
    }
}

/// Reads collections for the public: only published ones, with their entries resolved against the catalogue
/// (withdrawn offers and works left out) or, for a saved search, its current first results.
struct CollectionReader: Sendable {
    let collections: any CollectionStore
    let catalogue: any CatalogueStore
    let search: (any SearchIndex)?

    func published(institution: InstitutionID?, page: PageRequest, now: Date = Date()) async throws -> Page<EditorialCollection> {
        let query = CollectionQuery(institutionID: institution, publishedAt: now)
        return try await collections.readCollections { try await $0.collections(query, page: page) }
    }

    /// The collection as the public sees it; `viewer`, the institution owning it, also sees it outside its
    /// publication dates (a withdrawn collection stays gone for everyone).
    func detail(_ id: CollectionID, now: Date, viewer: InstitutionID? = nil) async throws -> CollectionDetail? {
        guard let collection = try await collections.readCollections({ try await $0.collection(id) }) else { return nil }
        let ownerPreview = viewer == collection.institutionID && collection.status == .active
        guard collection.isPublished(at: now) || ownerPreview else { return nil }
        let publisher = try await catalogue.read { try await $0.institution(collection.institutionID)?.name } ?? collection.institutionID.rawValue
        if let saved = collection.savedQuery {
            guard let search, let request = try? SavedQuery.request(saved, now: now) else {
                return CollectionDetail(collection: collection, entries: [], publisher: publisher)
            }
            let groups = try await search.search(request).groups
            let entries = groups.compactMap { group in
                group.offers.first.map { Self.entry(offer: $0, work: group.work, note: nil, city: $0.venueID.flatMap { group.venues[$0]?.address?.city }) }
            }
            return CollectionDetail(collection: collection, entries: entries, publisher: publisher)
        }
        let items = collection.items
        let entries = try await catalogue.read { tx -> [CollectionEntry] in
            var entries: [CollectionEntry] = []
            for item in items {
                let note = item.note.isEmpty ? nil : item.note
                switch item.kind {
                case .offer:
                    guard let id = OfferID(item.id), let offer = try await tx.offer(id), offer.status == .active else { continue }
                    let city = try await offer.venueID.asyncMap { try await tx.venue($0) }??.address?.city
                    entries.append(Self.entry(offer: offer, work: nil, note: note, city: city))
                case .work:
                    guard let id = WorkID(item.id), let work = try await tx.work(id), work.status == .active else { continue }
                    entries.append(CollectionEntry(
                        kind: .work, id: work.id.rawValue, title: work.title, note: note, href: "/api/v1/works/\(work.id.rawValue)",
                        page: "/works/\(work.id.rawValue)", categoryID: work.categoryID, access: nil, city: nil))
                }
            }
            return entries
        }
        return CollectionDetail(collection: collection, entries: entries, publisher: publisher)
    }

    static func entry(offer: Offer, work: Work?, note: LocalizedText?, city: String?) -> CollectionEntry {
        CollectionEntry(
            kind: .offer, id: offer.id.rawValue, title: work?.title ?? offer.title, note: note, href: "/api/v1/offers/\(offer.id.rawValue)",
            page: "/offers/\(offer.id.rawValue)", categoryID: offer.categoryID, access: offer.access, city: city)
    }
}

/// A collection as schema.org `ItemList` JSON-LD, with its licence and who to credit. URLs are relative to the site.
enum CollectionJSONLD {
    static func itemList(_ detail: CollectionDetail) -> JSONValue {
        let collection = detail.collection
        var list: [String: JSONValue] = [
            "@context": "https://schema.org", "@type": "ItemList", "@id": .string("/collections/\(collection.id.rawValue)"),
            "url": .string("/collections/\(collection.id.rawValue)"),
            "name": .string(collection.title.resolved(for: .fr) ?? collection.id.rawValue),
            "license": .string(collection.licence.url.absoluteString),
            "creditText": .string(detail.attribution),
            "author": ["@type": "Person", "name": .string(collection.curator)],
            "publisher": ["@type": "Organization", "name": .string(detail.publisher)],
            "dateModified": .string(collection.updatedAt.ISO8601Format()),
            "numberOfItems": .int(Int64(detail.entries.count)),
            "itemListOrder": .string(collection.savedQuery == nil ? "https://schema.org/ItemListOrderAscending" : "https://schema.org/ItemListUnordered"),
            "itemListElement": .array(detail.entries.enumerated().map { index, entry in
                [
                    "@type": "ListItem", "position": .int(Int64(index + 1)), "url": .string(entry.page),
                    "name": .string(entry.title.resolved(for: .fr) ?? entry.id),
                ]
            }),
        ]
        if let description = collection.description.resolved(for: .fr) { list["description"] = .string(description) }
        return .object(list)
    }
}
