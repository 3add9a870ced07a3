public import Foundation
public import PasserelleCore
public import PasserellePass
import SQLKit

/// Professionals' accounts and sessions, and the countermark lookup of their venue desk.
extension SQLStore: StaffStore {
    public func createStaff(_ member: StaffMember, passwordHash: String) async throws {
        let issues = member.problems
        guard issues.isEmpty else { throw CoreError.invalid(issues) }
        try await withTransaction { database in
            if try await database.raw("SELECT id FROM staff_members WHERE email = \(bind: member.email)").first() != nil {
                throw CoreError(.conflict, "an account already has this email")
            }
            if let institution = member.institutionID,
               try await database.raw("SELECT id FROM institutions WHERE id = \(bind: institution.rawValue)").first() == nil {
                throw CoreError(.notFound, "no institution \(institution)")
            }
            if let venue = member.venueID {
                let owner = try await database.raw("SELECT institution_id FROM venues WHERE id = \(bind: venue.rawValue)").first()?
                    .decode(column: "institution_id", as: String.self)
                guard owner == member.institutionID?.rawValue else { throw CoreError(.notFound, "no venue \(venue) of this institution") }
            }
            if let school = member.schoolID, try await database.raw("SELECT id FROM schools WHERE id = \(bind: school.rawValue)").first() == nil {
                throw CoreError(.notFound, "no school \(school)")
            }
            try await database.raw(
                """
                INSERT INTO staff_members (id, email, role, institution_id, venue_id, school_id, password_hash, created_at)
                VALUES (\(bind: member.id), \(bind: member.email), \(bind: member.role.rawValue), \(bind: member.institutionID?.rawValue),
                        \(bind: member.venueID?.rawValue), \(bind: member.schoolID?.rawValue), \(bind: passwordHash),
                        \(bind: member.createdAt.timeIntervalSinceReferenceDate))
                """
            ).run()
        }
    }

    public func staffCredentials(email: String) async throws -> StaffCredentials? {
        try await withReadTransaction { database in
            try await database.raw("SELECT * FROM staff_members WHERE email = \(bind: email.lowercased()) AND disabled_at IS NULL").first().map { row in
                StaffCredentials(member: try Self.staffMember(row), passwordHash: try row.decode(column: "password_hash", as: String.self))
            }
        }
    }

    public func openStaffSession(tokenHash: String, for staffID: String, at date: Date, expiresAt: Date) async throws {
        try await withTransaction { database in
            try await database.raw("DELETE FROM staff_sessions WHERE expires_at < \(bind: date.timeIntervalSinceReferenceDate)").run()
            try await database.raw(
                """
                INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at)
                VALUES (\(bind: tokenHash), \(bind: staffID), \(bind: date.timeIntervalSinceReferenceDate), \(bind: expiresAt.timeIntervalSinceReferenceDate))
                """
            ).run()
        }
    }

    public func staff(sessionTokenHash: String, at date: Date) async throws -> StaffMember? {
        try await withReadStatement { database in
            try await database.raw(
                """
                SELECT staff_members.* FROM staff_sessions JOIN staff_members ON staff_members.id = staff_sessions.staff_id
                WHERE staff_sessions.token_hash = \(bind: sessionTokenHash) AND staff_sessions.expires_at > \(bind: date.timeIntervalSinceReferenceDate)
                  AND staff_members.disabled_at IS NULL
                """
            ).first().map(Self.staffMember)
        }
    }

    public func closeStaffSession(tokenHash: String) async throws {
        try await withTransaction { database in
            try await database.raw("DELETE FROM staff_sessions WHERE token_hash = \(bind: tokenHash)").run()
        }
    }

    public func resetStaffPassword(email: String, passwordHash: String) async throws -> Bool {
        try await withTransaction { database in
            guard let id = try await database.raw(
                "UPDATE staff_members SET password_hash = \(bind: passwordHash) WHERE email = \(bind: email.lowercased()) AND disabled_at IS NULL RETURNING id"
            ).first()?.decode(column: "id", as: String.self) else { return false }
            try await database.raw("DELETE FROM staff_sessions WHERE staff_id = \(bind: id)").run()
            return true
        }
    }

    public func disableStaff(email: String, at date: Date) async throws -> Bool {
        try await withTransaction { database in
            guard let id = try await database.raw(
                """
                UPDATE staff_members SET disabled_at = \(bind: date.timeIntervalSinceReferenceDate)
                WHERE email = \(bind: email.lowercased()) AND disabled_at IS NULL RETURNING id
                """
            ).first()?.decode(column: "id", as: String.self) else { return false }
            try await database.raw("DELETE FROM staff_sessions WHERE staff_id = \(bind: id)").run()
            return true
        }
    }

    public func booking(countermark: Countermark, of institution: InstitutionID) async throws -> Booking? {
        try await withReadTransaction { database in
            try await database.raw(
                "SELECT * FROM bookings WHERE countermark = \(bind: countermark.value) AND institution_id = \(bind: institution.rawValue)"
            ).first().map(Self.booking)
        }
    }

    static func staffMember(_ row: any SQLRow) throws -> StaffMember {
        StaffMember(
            id: try row.decode(column: "id", as: String.self), email: try row.decode(column: "email", as: String.self),
            role: StaffMember.Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .teacher,
            institutionID: try row.decode(column: "institution_id", as: String?.self).map(InstitutionID.init(trusted:)),
            venueID: try row.decode(column: "venue_id", as: String?.self).map(VenueID.init(trusted:)),
            schoolID: try row.decode(column: "school_id", as: String?.self).flatMap(SchoolID.init(rawValue:)),
            createdAt: Date(timeIntervalSinceReferenceDate: try row.decode(column: "created_at", as: Double.self)))
    }
}
