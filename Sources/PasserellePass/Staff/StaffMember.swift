public import Foundation
public import PasserelleCore

/// A professional who signs in to Passerelle's pro pages: a venue's staff (who check countermarks, see bookings,
/// confirm school groups and download statements) or a teacher (who books for a class against the school's budget).
public struct StaffMember: Sendable, Hashable, Codable, Identifiable {
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        case venue, teacher
    }

    public var id: String
    /// Lower-cased.
    public var email: String
    public var role: Role
    /// Venue staff: the institution they work for.
    public var institutionID: InstitutionID?
    /// Venue staff restricted to one venue of their institution (nil: every venue of it).
    public var venueID: VenueID?
    /// Teachers: their school's UAI.
    public var schoolID: SchoolID?
    public var createdAt: Date

    public init(id: String = UUID().uuidString.lowercased(), email: String, role: Role, institutionID: InstitutionID? = nil, venueID: VenueID? = nil,
                schoolID: SchoolID? = nil, createdAt: Date) {
        self.id = id
        self.email = email.lowercased()
        self.role = role
        self.institutionID = institutionID
        self.venueID = venueID
        self.schoolID = schoolID
        self.createdAt = createdAt
    }

    /// A venue's staff member, of one institution (and maybe one of its venues).
    public static func venueStaff(email: String, institution: InstitutionID, venue: VenueID? = nil, at date: Date) -> StaffMember {
        StaffMember(email: email, role: .venue, institutionID: institution, venueID: venue, createdAt: date)
    }

    /// A teacher of one school.
    public static func teacher(email: String, school: SchoolID, at date: Date) -> StaffMember {
        StaffMember(email: email, role: .teacher, schoolID: school, createdAt: date)
    }

    /// What is wrong with the account, field by field: a bad email, or a role without the one attachment it needs.
    public var problems: [FieldIssue] {
        var issues = Beneficiary.problems(email: email, birthdate: "2000-01-01")
        switch role {
        case .venue where institutionID == nil || schoolID != nil:
            issues.append(FieldIssue(field: "institution", code: "required", message: "venue staff belong to one institution, and no school"))
        case .teacher where schoolID == nil || institutionID != nil || venueID != nil:
            issues.append(FieldIssue(field: "school", code: "required", message: "a teacher belongs to one school, and no institution"))
        default: break
        }
        return issues
    }

    /// Whether this venue staff member may act on a booking of `institution`'s offer at `venue`: their institution's,
    /// and their venue's when they have one.
    public func mayHandle(institution: InstitutionID, venue: VenueID?) -> Bool {
        groupActor.mayHandle(institution: institution, venue: venue)
    }

    /// Who this account acts as on a group booking.
    public var groupActor: GroupBookingActor {
        switch role {
        case .venue: .venue(institutionID ?? InstitutionID(trusted: ""), venueID)
        case .teacher: .teacher(id)
        }
    }
}

/// Who changes a group booking: the teacher who made it, or the offering institution (through its staff, limited to
/// one venue when they are, or its API key, which is the whole institution's).
public enum GroupBookingActor: Sendable, Hashable {
    case teacher(String)
    case venue(InstitutionID, VenueID?)

    /// Whether it acts for the institution offering at `venue`.
    public func mayHandle(institution: InstitutionID, venue: VenueID?) -> Bool {
        guard case .venue(let own, let only) = self, own == institution else { return false }
        return only == nil || only == venue
    }
}

/// What signing in to the pro pages compares against.
public struct StaffCredentials: Sendable, Hashable {
    public var member: StaffMember
    public var passwordHash: String

    public init(member: StaffMember, passwordHash: String) {
        self.member = member
        self.passwordHash = passwordHash
    }
}
