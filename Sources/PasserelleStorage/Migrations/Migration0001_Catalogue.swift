extension Migration {
    /// The catalogue: institutions, API keys, venues, works, offers with their languages, stocks.
    /// Constraints repeat the domain's invariants so that a bypassed validation still cannot store a bad row.
    /// Dates are doubles (seconds since 2001-01-01T00:00:00Z); multilingual texts and maps are JSON text.
    static let catalogue0001 = Migration(version: 1, name: "catalogue") { kind in
        let t = kind.types
        let status = "status \(t.text) NOT NULL CHECK (status IN ('active', 'withdrawn'))"
        let provenance = """
            provenance_source \(t.text) NOT NULL,
            provenance_record_id \(t.text),
            provenance_license \(t.text),
            provenance_retrieved_at \(t.double) NOT NULL
            """
        return [
            """
            CREATE TABLE institutions (
                id \(t.key) PRIMARY KEY,
                name \(t.text) NOT NULL CHECK (length(name) > 0),
                siren \(t.text) CHECK (siren IS NULL OR length(siren) = 9),
                website \(t.text),
                \(provenance),
                \(status)
            )
            """,
            """
            CREATE TABLE api_keys (
                id \(t.key) PRIMARY KEY,
                institution_id \(t.key) NOT NULL REFERENCES institutions (id),
                secret_hash \(t.text) NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
                created_at \(t.double) NOT NULL,
                revoked_at \(t.double)
            )
            """,
            "CREATE INDEX api_keys_institution ON api_keys (institution_id)",
            """
            CREATE TABLE venues (
                id \(t.key) PRIMARY KEY,
                institution_id \(t.key) NOT NULL REFERENCES institutions (id),
                name \(t.key) NOT NULL CHECK (length(name) > 0),
                kind \(t.text) NOT NULL,
                address_street \(t.text),
                address_postal_code \(t.text),
                address_city \(t.text),
                commune_code \(t.text),
                departement_code \(t.text),
                region_code \(t.text),
                latitude \(t.double) CHECK (latitude IS NULL OR (latitude >= -90 AND latitude <= 90)),
                longitude \(t.double) CHECK (longitude IS NULL OR (longitude >= -180 AND longitude <= 180)),
                accessibility \(t.text) NOT NULL,
                website \(t.text),
                description \(t.text) NOT NULL,
                \(provenance),
                \(status),
                CHECK ((latitude IS NULL) = (longitude IS NULL)),
                CHECK (address_city IS NOT NULL OR (address_street IS NULL AND address_postal_code IS NULL))
            )
            """,
            "CREATE INDEX venues_institution ON venues (institution_id)",
            "CREATE INDEX venues_commune ON venues (commune_code)",
            "CREATE INDEX venues_departement ON venues (departement_code)",
            "CREATE INDEX venues_region ON venues (region_code)",
            "CREATE INDEX venues_kind ON venues (kind)",
            "CREATE INDEX venues_order ON venues (status, name, id)",
            """
            CREATE TABLE works (
                id \(t.key) PRIMARY KEY,
                institution_id \(t.key) NOT NULL REFERENCES institutions (id),
                title \(t.text) NOT NULL,
                creators \(t.text) NOT NULL,
                category_id \(t.text) NOT NULL,
                country_of_origin \(t.text) CHECK (country_of_origin IS NULL OR length(country_of_origin) = 2),
                languages \(t.text) NOT NULL,
                identifiers \(t.text) NOT NULL,
                description \(t.text) NOT NULL,
                \(provenance),
                \(status)
            )
            """,
            "CREATE INDEX works_institution ON works (institution_id)",
            """
            CREATE TABLE offers (
                id \(t.key) PRIMARY KEY,
                institution_id \(t.key) NOT NULL REFERENCES institutions (id),
                work_id \(t.key) REFERENCES works (id),
                venue_id \(t.key) REFERENCES venues (id),
                title \(t.text) NOT NULL,
                description \(t.text) NOT NULL,
                category_id \(t.text) NOT NULL,
                access \(t.text) NOT NULL CHECK (access IN ('on-site', 'online', 'hybrid')),
                online_url \(t.text),
                booking_url \(t.text),
                price_min_cents \(t.bigint),
                price_max_cents \(t.bigint),
                starts_at \(t.double),
                ends_at \(t.double),
                languages \(t.text) NOT NULL,
                \(provenance),
                \(status),
                updated_at \(t.double) NOT NULL,
                CHECK ((price_min_cents IS NULL AND price_max_cents IS NULL)
                    OR (price_min_cents >= 0 AND price_min_cents <= price_max_cents)),
                CHECK (starts_at IS NULL OR ends_at IS NULL OR ends_at >= starts_at),
                CHECK (access = 'online' OR venue_id IS NOT NULL),
                CHECK (access = 'on-site' OR online_url IS NOT NULL)
            )
            """,
            "CREATE INDEX offers_order ON offers (updated_at DESC, id)",
            "CREATE INDEX offers_active_order ON offers (status, updated_at DESC, id)",
            "CREATE INDEX offers_institution ON offers (institution_id, updated_at DESC, id)",
            "CREATE INDEX offers_venue ON offers (venue_id)",
            "CREATE INDEX offers_work ON offers (work_id)",
            "CREATE INDEX offers_category ON offers (category_id)",
            "CREATE INDEX offers_access ON offers (access)",
            "CREATE INDEX offers_starts ON offers (starts_at)",
            "CREATE INDEX offers_ends ON offers (ends_at)",
            """
            CREATE TABLE offer_languages (
                offer_id \(t.key) NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
                language \(t.text) NOT NULL CHECK (length(language) BETWEEN 2 AND 3),
                PRIMARY KEY (offer_id, language)
            )
            """,
            "CREATE INDEX offer_languages_language ON offer_languages (language, offer_id)",
            """
            CREATE TABLE stocks (
                id \(t.key) PRIMARY KEY,
                offer_id \(t.key) NOT NULL REFERENCES offers (id),
                begins_at \(t.double),
                quantity \(t.bigint) CHECK (quantity IS NULL OR quantity >= 0),
                price_cents \(t.bigint) NOT NULL CHECK (price_cents >= 0),
                booking_limit \(t.double),
                \(status)
            )
            """,
            "CREATE INDEX stocks_offer ON stocks (offer_id)",
        ]
    }
}
