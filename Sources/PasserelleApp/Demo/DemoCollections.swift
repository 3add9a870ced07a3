public import PasserelleConnectors
public import PasserelleCore
public import PasserelleDiscovery

/// The demo's editorial collections, chosen from whatever catalogue it loaded (real or generated), so that the home
/// page shows what editorialisation looks like: one curated list across every région, and two saved searches.
/// They are written through `CollectionService`, under the same rules as an institution's, by a demo editor.
public enum DemoCollections {
    public static let editor = Institution(id: InstitutionID(trusted: "passerelle-redaction"), name: "Rédaction de Passerelle (démonstration)")

    public static func make(_ catalogue: DemoCatalogue) -> [EditorialCollection] {
        let curator = "Rédaction de Passerelle"
        var collections: [EditorialCollection] = []
        // One museum per région, the first by id: every territory gets a place, not only Paris.
        let venues = Dictionary(uniqueKeysWithValues: catalogue.venues.map { ($0.id, $0) })
        var byRegion: [String: Offer] = [:]
        for offer in catalogue.offers.sorted(by: { $0.id < $1.id }) where offer.categoryID.rawValue == "heritage.museum-visit" {
            guard let region = offer.venueID.flatMap({ venues[$0]?.regionCode }), byRegion[region] == nil else { continue }
            byRegion[region] = offer
        }
        let museums = byRegion.sorted { $0.key < $1.key }.prefix(EditorialCollection.maximumItems).map { code, offer in
            CollectionItem.offer(offer.id, note: LocalizedText(french: Region.code(code)?.name ?? code))
        }
        if !museums.isEmpty {
            collections.append(EditorialCollection(
                id: CollectionID(trusted: "un-musee-par-region"), institutionID: editor.id,
                title: LocalizedText([
                    .fr: "Un musée dans chaque région", .en: "A museum in every région", .de: "Ein Museum in jeder Region",
                    .es: "Un museo en cada región", .it: "Un museo in ogni regione", .pl: "Muzeum w każdym regionie",
                ]),
                description: LocalizedText([
                    .fr: "Des Musées de France de toutes les régions, de l'Hexagone aux Outre-mer.",
                    .en: "Musées de France from every région, mainland and overseas.",
                ]),
                curator: curator, items: Array(museums)))
        }
        collections.append(EditorialCollection(
            id: CollectionID(trusted: "festivals-musique-occitanie"), institutionID: editor.id,
            title: LocalizedText([
                .fr: "Festivals de musique en Occitanie", .en: "Music festivals in Occitanie", .de: "Musikfestivals in Okzitanien",
                .es: "Festivales de música en Occitania", .it: "Festival musicali in Occitania", .pl: "Festiwale muzyczne w Oksytanii",
            ]),
            description: LocalizedText([.fr: "Une recherche toujours à jour : chaque nouveau festival y apparaît.", .en: "A search kept up to date: every new festival appears."]),
            curator: curator, savedQuery: "category=music.festival&region=76"))
        collections.append(EditorialCollection(
            id: CollectionID(trusted: "musees-en-ligne"), institutionID: editor.id,
            title: LocalizedText([
                .fr: "Les collections des musées, en ligne", .en: "Museum collections online", .de: "Museumssammlungen online",
                .es: "Colecciones de museos en línea", .it: "Collezioni museali online", .pl: "Kolekcje muzealne online",
            ]),
            curator: curator, savedQuery: "category=heritage.online-collection&access=online"))
        return collections
    }

    /// Writes the editor and its collections; returns one line per collection refused (none expected).
    public static func load(_ catalogue: DemoCatalogue, into store: some CatalogueStore & CollectionStore) async -> [String] {
        do {
            try await store.write { try await $0.save(editor) }
        } catch {
            return ["the demo editor: \(error)"]
        }
        let service = CollectionService(store: store, editors: [editor.id])
        var refused: [String] = []
        for collection in make(catalogue) {
            do {
                _ = try await service.save(collection, by: editor.id)
            } catch {
                refused.append("collection \(collection.id): \(error)")
            }
        }
        return refused
    }
}
