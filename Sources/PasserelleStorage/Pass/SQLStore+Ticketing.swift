public import Foundation
public import PasserelleCore
public import PasserellePass
import SQLKit

/// The institutions that sell their places through their own ticketing system.
extension SQLStore: TicketingStore {
    public func ticketingEndpoint(of institution: InstitutionID) async throws -> TicketingEndpoint? {
        try await withReadTransaction { database in
            try await database.raw("SELECT base_url, secret FROM ticketing_endpoints WHERE institution_id = \(bind: institution.rawValue)").first()
                .flatMap { row in
                    URL(string: try row.decode(column: "base_url", as: String.self)).map {
                        TicketingEndpoint(institutionID: institution, baseURL: $0, secret: (try? row.decode(column: "secret", as: String.self)) ?? "")
                    }
                }
        }
    }

    public func ticketingEndpoint(ofStock stock: StockID) async throws -> TicketingEndpoint? {
        try await withReadStatement { database in
            try await database.raw(
                """
                SELECT t.institution_id, t.base_url, t.secret FROM stocks s JOIN offers o ON o.id = s.offer_id
                JOIN ticketing_endpoints t ON t.institution_id = o.institution_id WHERE s.id = \(bind: stock.rawValue)
                """
            ).first().flatMap { row in
                URL(string: try row.decode(column: "base_url", as: String.self)).map {
                    TicketingEndpoint(institutionID: InstitutionID(trusted: (try? row.decode(column: "institution_id", as: String.self)) ?? ""), baseURL: $0,
                                      secret: (try? row.decode(column: "secret", as: String.self)) ?? "")
                }
            }
        }
    }

    public func setTicketingEndpoint(_ endpoint: TicketingEndpoint) async throws {
        if let problem = TicketingEndpoint.problem(endpoint.baseURL) {
            throw CoreError.invalid([FieldIssue(field: "url", code: "invalid-value", message: problem)])
        }
        guard endpoint.secret.utf8.count >= 32 else {
            throw CoreError.invalid([FieldIssue(field: "secret", code: "too-short", message: "must be at least 32 bytes")])
        }
        try await withTransaction { database in
            guard try await database.raw("SELECT id FROM institutions WHERE id = \(bind: endpoint.institutionID.rawValue)").first() != nil else {
                throw CoreError(.notFound, "no institution \(endpoint.institutionID)")
            }
            try await database.raw(
                """
                INSERT INTO ticketing_endpoints (institution_id, base_url, secret, updated_at)
                VALUES (\(bind: endpoint.institutionID.rawValue), \(bind: endpoint.baseURL.absoluteString), \(bind: endpoint.secret),
                        \(bind: Date().timeIntervalSinceReferenceDate))
                ON CONFLICT (institution_id) DO UPDATE SET base_url = excluded.base_url, secret = excluded.secret, updated_at = excluded.updated_at
                """
            ).run()
        }
    }

    public func removeTicketingEndpoint(of institution: InstitutionID) async throws {
        try await withTransaction { database in
            try await database.raw("DELETE FROM ticketing_endpoints WHERE institution_id = \(bind: institution.rawValue)").run()
        }
    }
}
