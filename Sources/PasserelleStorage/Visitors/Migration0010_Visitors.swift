extension Migration {
    /// Anonymous visitors (a random id from their cookie), the profile they stated, their latest signals per offer,
    /// and the venues' public size and setting figures. No personal data: no name, no address, no IP. Signals keep
    /// no foreign key to offers: a withdrawn offer's signals stay, and reads keep active offers only.
    static let visitors0010 = Migration(version: 10, name: "visitors") { kind in
        let t = kind.types
        return [
            """
            CREATE TABLE visitors (
                id \(t.key) PRIMARY KEY,
                profile \(t.text),
                last_seen \(t.double) NOT NULL
            )
            """,
            "CREATE INDEX visitors_last_seen ON visitors (last_seen)",
            """
            CREATE TABLE visitor_signals (
                visitor_id \(t.key) NOT NULL REFERENCES visitors (id) ON DELETE CASCADE,
                offer_id \(t.key) NOT NULL,
                kind \(t.text) NOT NULL CHECK (kind IN ('view', 'favourite')),
                at \(t.double) NOT NULL,
                PRIMARY KEY (visitor_id, kind, offer_id)
            )
            """,
            "CREATE INDEX visitor_signals_recent ON visitor_signals (at)",
            """
            CREATE TABLE venue_traits (
                venue_id \(t.key) PRIMARY KEY REFERENCES venues (id),
                annual_attendance \(t.bigint) CHECK (annual_attendance >= 0),
                commune_population \(t.bigint) CHECK (commune_population >= 0)
            )
            """,
        ]
    }
}
