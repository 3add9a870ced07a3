public import Foundation
public import PasserelleCore

/// Professionals' accounts and sessions (venue staff, teachers). Only hashes are stored: bcrypt for passwords,
/// SHA-256 for session tokens.
public protocol StaffStore: Sendable {
    /// Registers an account (409 for an email already taken, 422 for an account that fails `problems`, 404 for an
    /// unknown institution, venue of another institution, or school).
    func createStaff(_ member: StaffMember, passwordHash: String) async throws
    func staffCredentials(email: String) async throws -> StaffCredentials?
    func openStaffSession(tokenHash: String, for staffID: String, at date: Date, expiresAt: Date) async throws
    /// The account whose session has this token hash and has not expired at `date`.
    func staff(sessionTokenHash: String, at date: Date) async throws -> StaffMember?
    func closeStaffSession(tokenHash: String) async throws
    /// Replaces the password hash of the account with this email and closes all its sessions; false for no account.
    func resetStaffPassword(email: String, passwordHash: String) async throws -> Bool
    /// Closes the account with this email (it signs in no more; its sessions end); false for no open account.
    func disableStaff(email: String, at date: Date) async throws -> Bool
    /// The booking holding `countermark` if it is `institution`'s (nil otherwise, as for an unknown one).
    func booking(countermark: Countermark, of institution: InstitutionID) async throws -> Booking?
}

/// A school's budget for one year: what it was given and what is left.
public struct SchoolBudget: Sendable, Hashable, Codable {
    public var schoolID: SchoolID
    public var year: SchoolYear
    public var grantedCents: Int64
    public var leftCents: Int64

    public init(schoolID: SchoolID, year: SchoolYear, grantedCents: Int64, leftCents: Int64) {
        self.schoolID = schoolID
        self.year = year
        self.grantedCents = grantedCents
        self.leftCents = leftCents
    }
}

/// Schools, their budgets, and the group bookings teachers make against them. Every money movement is one ledger
/// transaction in the same database transaction as the booking's change.
public protocol GroupBookingStore: Sendable {
    /// Creates or renames a school.
    func saveSchool(_ school: School) async throws
    func school(_ id: SchoolID) async throws -> School?
    /// Adds `amountCents` to the school's budget for `year` (a `grant` from the State's funding); returns the budget.
    func addBudget(_ amountCents: Int64, to school: SchoolID, year: SchoolYear, at date: Date) async throws -> SchoolBudget
    func budget(of school: SchoolID, year: SchoolYear) async throws -> SchoolBudget
    /// Books for a class against the budget of the school year of `now`, or throws a `BookingRefusal`. With an
    /// idempotency key, a second call with the same key returns the first booking and books nothing more.
    func requestGroupBooking(_ request: GroupBookingRequest, by teacher: StaffMember, idempotencyKey: String?, now: Date) async throws -> GroupBooking
    /// Confirms, declines, cancels or marks used, for whom the rules allow: the teacher who booked (cancel), or the
    /// offering institution (its staff, of the offer's venue when they have one, or its API key); 404 for anyone
    /// else, as for an unknown booking.
    func changeGroupBooking(_ id: String, _ change: GroupBookingChange, by actor: GroupBookingActor, now: Date) async throws -> GroupBooking
    /// One group booking, whatever its school year; nil when there is none.
    func groupBooking(_ id: String) async throws -> GroupBooking?
    /// The school's group bookings of a year, newest first.
    func groupBookings(ofSchool school: SchoolID, year: SchoolYear) async throws -> [GroupBooking]
    /// The institution's group bookings (of one venue when given, with one status when given), soonest date first.
    func groupBookings(ofInstitution institution: InstitutionID, venue: VenueID?, status: GroupBooking.Status?, limit: Int) async throws -> [GroupBooking]
}
