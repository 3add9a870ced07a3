import SQLKit

extension Migration {
    /// The search index: one document per offer (its folded fields and the filters' columns, denormalised from its
    /// venue so that a territorial filter reads one table), the engine's full-text index over it, and the
    /// vocabulary behind typo corrections. Existing offers are indexed in the same transaction.
    ///
    /// - SQLite: an FTS5 table with `search_documents` as external content, kept in step by triggers, and a bm25
    ///   weighting per field (title 10, work 5, place 3, description 1).
    /// - PostgreSQL: a stored, generated `tsvector` (weights A–D on the same fields) under a GIN index.
    ///
    /// Both index the tokens `SearchText` folded, so they match the same documents.
    static let search0008 = Migration(version: 8, name: "search") { database, kind in
        let t = kind.types
        let documentID = kind == .sqlite ? "doc_id INTEGER PRIMARY KEY" : "doc_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        var statements = [
            """
            CREATE TABLE search_documents (
                \(documentID),
                offer_id \(t.key) NOT NULL UNIQUE REFERENCES offers (id) ON DELETE CASCADE,
                group_key \(t.key) NOT NULL,
                status \(t.text) NOT NULL CHECK (status IN ('active', 'withdrawn')),
                institution_id \(t.key) NOT NULL,
                venue_id \(t.key),
                work_id \(t.key),
                category_id \(t.text) NOT NULL,
                access \(t.text) NOT NULL,
                commune_code \(t.text),
                departement_code \(t.text),
                region_code \(t.text),
                latitude \(t.double),
                longitude \(t.double),
                starts_at \(t.double),
                ends_at \(t.double),
                price_min_cents \(t.bigint),
                price_max_cents \(t.bigint),
                accessibility \(t.text) NOT NULL,
                title_text \(t.text) NOT NULL,
                work_text \(t.text) NOT NULL,
                place_text \(t.text) NOT NULL,
                description_text \(t.text) NOT NULL
            )
            """,
            "CREATE INDEX search_documents_group ON search_documents (group_key)",
            "CREATE INDEX search_documents_venue ON search_documents (venue_id)",
            "CREATE INDEX search_documents_work ON search_documents (work_id)",
            "CREATE INDEX search_documents_category ON search_documents (category_id, status)",
            "CREATE INDEX search_documents_region ON search_documents (region_code, status)",
            "CREATE INDEX search_documents_departement ON search_documents (departement_code, status)",
            "CREATE INDEX search_documents_commune ON search_documents (commune_code, status)",
            "CREATE INDEX search_documents_dates ON search_documents (status, starts_at)",
            "CREATE INDEX search_documents_position ON search_documents (latitude, longitude)",
            "CREATE TABLE search_terms (term \(t.key) PRIMARY KEY)",
            """
            CREATE TABLE search_term_variants (
                variant \(t.key) NOT NULL,
                term \(t.key) NOT NULL,
                PRIMARY KEY (variant, term)
            )
            """,
        ]
        switch kind {
        case .sqlite:
            statements += SearchFullTextSchema.sqliteStatements(
                columns: ["title_text", "work_text", "place_text", "description_text"], weights: [10, 5, 3, 1])
        case .postgres:
            statements += [
                """
                ALTER TABLE search_documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple', title_text), 'A') || setweight(to_tsvector('simple', work_text), 'B')
                    || setweight(to_tsvector('simple', place_text), 'C') || setweight(to_tsvector('simple', description_text), 'D')
                ) STORED
                """,
                "CREATE INDEX search_documents_tsv ON search_documents USING GIN (tsv)",
            ]
        }
        for statement in statements { try await executeStatement(statement, on: database) }
        _ = try await SearchIndexWriter(database: database).rebuildAll()
    }
}
