extension Migration {
    /// A revision per offer, raised by every save of the offer or of one of its stocks. Caches of an offer's
    /// detail compare it, inside the same read snapshot, to know whether what they hold is still current.
    static let offerRevisions0003 = Migration(version: 3, name: "offer_revisions") { kind in
        ["ALTER TABLE offers ADD COLUMN revision \(kind.types.bigint) NOT NULL DEFAULT 1 CHECK (revision >= 1)"]
    }
}
