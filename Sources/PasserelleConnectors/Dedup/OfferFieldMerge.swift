public import PasserelleCore

/// How a record merged into an offer fills it in, field by field, so that each field keeps one known source: the
/// primary source (the offer's own provenance) wins every field it gives; a merged record supplies only what the
/// primary lacks, and those fields are listed in its `OfferMerge.fields`.
public enum OfferFieldMerge {
    static var fields: [OfferMergeField] { OfferMergeField.all }

    /// `target` filled from `record`: every field the record gives that the target lacks, or that the record
    /// supplied before (`owned`, so it may change it); an owned field the record no longer gives is emptied.
    /// Returns the offer and the fields the record now supplies.
    public static func fill(_ target: Offer, from record: Offer, owned: Set<String>) -> (offer: Offer, fields: Set<String>) {
        var offer = target
        var supplied = Set<String>()
        for field in fields {
            let isOwned = owned.contains(field.name)
            if field.has(record), isOwned || !field.has(target) {
                field.copy(&offer, record)
                supplied.insert(field.name)
            } else if isOwned {
                field.copy(&offer, record)
            }
        }
        // An online URL is what makes an on-site offer hybrid; the access stays the primary's otherwise.
        if supplied.contains("onlineURL"), offer.access == .onSite, offer.venueID != nil { offer.access = .hybrid }
        let checked = consistent(offer)
        if checked.endsAt == nil, offer.endsAt != nil { supplied.remove("endsAt") }
        return (checked, supplied)
    }

    /// `offer` kept within the catalogue's rules whatever the sources gave together: an end before the start is
    /// dropped, and an offer left without its online URL is on site again (or, with no venue, keeps nothing online
    /// it cannot reach: the caller's validation refuses it).
    static func consistent(_ offer: Offer) -> Offer {
        var offer = offer
        if let end = offer.endsAt, let start = offer.startsAt, end < start { offer.endsAt = nil }
        if offer.onlineURL == nil, offer.access == .hybrid, offer.venueID != nil { offer.access = .onSite }
        return offer
    }

    /// `offer` without `fields` (those of a merged record that left its source): no field stays without a source.
    public static func clear(_ names: Set<String>, in offer: Offer) -> Offer {
        let blank = Offer(id: offer.id, institutionID: offer.institutionID, title: LocalizedText(), categoryID: offer.categoryID, access: offer.access)
        var cleared = offer
        for field in fields where names.contains(field.name) { field.copy(&cleared, blank) }
        return consistent(cleared)
    }

    /// The primary source's new version `primary` of a stored offer, keeping from `stored` the fields merged
    /// records supplied (`merged`) that the primary still lacks. Returns the offer and the merged fields the primary
    /// now gives itself, which are its own again.
    public static func keep(_ merged: Set<String>, from stored: Offer, in primary: Offer) -> (offer: Offer, takenBack: Set<String>) {
        var offer = primary
        var takenBack = Set<String>()
        for field in fields where merged.contains(field.name) {
            if field.has(primary) {
                takenBack.insert(field.name)
            } else {
                field.copy(&offer, stored)
            }
        }
        if merged.contains("onlineURL"), !takenBack.contains("onlineURL"), offer.access == .onSite, offer.onlineURL != nil { offer.access = stored.access }
        let checked = consistent(offer)
        // An end the merged record gave that the primary's new start passes is dropped: the primary's again.
        if checked.endsAt == nil, offer.endsAt != nil, merged.contains("endsAt") { takenBack.insert("endsAt") }
        return (checked, takenBack)
    }
}
