import Foundation

/// The SQLite full-text table over `search_documents` (external content) and the triggers that keep it in step,
/// for a list of columns and their bm25 weights. Migrations 8 and 11 both create it; a new column means a new
/// migration that drops and recreates it with this.
enum SearchFullTextSchema {
    static func sqliteStatements(columns names: [String], weights: [Double]) -> [String] {
        let columns = names.joined(separator: ", ")
        let new = names.map { "new." + $0 }.joined(separator: ", ")
        let old = names.map { "old." + $0 }.joined(separator: ", ")
        let bm25 = weights.map { String(format: "%.1f", $0) }.joined(separator: ", ")
        return [
            """
            CREATE VIRTUAL TABLE search_fts USING fts5(\(columns), content='search_documents', content_rowid='doc_id',
                tokenize='unicode61', prefix='2 3 4')
            """,
            "INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(\(bm25))')",
            """
            CREATE TRIGGER search_documents_inserted AFTER INSERT ON search_documents BEGIN
                INSERT INTO search_fts (rowid, \(columns)) VALUES (new.doc_id, \(new));
            END
            """,
            """
            CREATE TRIGGER search_documents_deleted AFTER DELETE ON search_documents BEGIN
                INSERT INTO search_fts (search_fts, rowid, \(columns)) VALUES ('delete', old.doc_id, \(old));
            END
            """,
            """
            CREATE TRIGGER search_documents_updated AFTER UPDATE ON search_documents BEGIN
                INSERT INTO search_fts (search_fts, rowid, \(columns)) VALUES ('delete', old.doc_id, \(old));
                INSERT INTO search_fts (rowid, \(columns)) VALUES (new.doc_id, \(new));
            END
            """,
        ]
    }
}
