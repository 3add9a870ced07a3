extension Migration {
    /// Records of one feed merged into an offer another feed of the same institution gave (`OfferMerge`): keyed by
    /// the id the record would have had as an offer, so its next read finds its offer again in one lookup.
    static let offerMerges0023 = Migration(version: 23, name: "offer-merges") { kind in
        let t = kind.types
        return [
            """
            CREATE TABLE offer_merges (
                id \(t.key) PRIMARY KEY,
                offer_id \(t.key) NOT NULL REFERENCES offers (id),
                institution_id \(t.key) NOT NULL REFERENCES institutions (id),
                source \(t.text) NOT NULL,
                record_id \(t.text),
                rule \(t.text) NOT NULL CHECK (rule IN ('work-identifier', 'url', 'title-date-venue')),
                fields \(t.text) NOT NULL,
                status \(t.text) NOT NULL CHECK (status IN ('active', 'withdrawn')),
                merged_at \(t.double) NOT NULL,
                updated_at \(t.double) NOT NULL,
                CHECK (id <> offer_id)
            )
            """,
            "CREATE INDEX offer_merges_institution ON offer_merges (institution_id, id)",
            "CREATE INDEX offer_merges_offer ON offer_merges (offer_id, id)",
        ]
    }
}
