extension Migration {
    /// SQLite: the full-text index gains a `facet_text` column (`SearchFacetTokens`), a generated column of the
    /// documents, and is rebuilt with it (about 40 s at a million offers). The field weights stay as they were; the
    /// facets weigh nothing. PostgreSQL combines its GIN and B-tree indexes itself, so it is unchanged.
    static let searchFacets0011 = Migration(version: 11, name: "search-facets") { kind in
        guard kind == .sqlite else { return [] }
        return [
            "DROP TRIGGER search_documents_inserted",
            "DROP TRIGGER search_documents_deleted",
            "DROP TRIGGER search_documents_updated",
            "DROP TABLE search_fts",
            "ALTER TABLE search_documents ADD COLUMN facet_text TEXT GENERATED ALWAYS AS \(SearchFacetTokens.generatedExpression) VIRTUAL",
        ] + SearchFullTextSchema.sqliteStatements(
            columns: ["title_text", "work_text", "place_text", "description_text", "facet_text"], weights: [10, 5, 3, 1, 0]
        ) + ["INSERT INTO search_fts (search_fts) VALUES ('rebuild')"]
    }
}
