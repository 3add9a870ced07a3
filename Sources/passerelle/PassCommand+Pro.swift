import ArgumentParser
import Foundation
import PasserelleApp
import PasserelleCore
import PasserellePass
import PasserelleStorage
import PasserelleWeb

/// `passerelle pass staff` and `passerelle pass school`: the professionals' accounts and the collective part.
extension PassCommand {
    struct StaffCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "staff", abstract: "Professionals' accounts for /pro: open them for venue staff and teachers, reset a password, close one.",
            subcommands: [Venue.self, Teacher.self, ResetPassword.self, Disable.self])

        struct ResetPassword: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "reset-password", abstract: "Give an account a new password (printed once, alone on the last line) and sign it out everywhere.")

            @Argument(help: "The account's email address.")
            var email: String
            @OptionGroup var options: DatabaseOptions

            func run() async throws {
                let settings = try await options.settings()
                guard let password = try await withStore(settings: settings, { store in
                    try await ProAccountOpening.reset(email: email, in: store, bcryptCost: settings.passAccounts.bcryptCost)
                }) else { throw ValidationError("no open account has the email \(email)") }
                print("New password for \(email.lowercased()) (shown once; every session of the account is closed):")
                print(password)
            }
        }

        struct Disable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Close an account (someone left): it signs in no more and its sessions end; its history stays.")

            @Argument(help: "The account's email address.")
            var email: String
            @OptionGroup var options: DatabaseOptions

            func run() async throws {
                guard try await withStore(options, { try await $0.disableStaff(email: email, at: Date()) }) else {
                    throw ValidationError("no open account has the email \(email)")
                }
                print("Closed the account of \(email.lowercased()).")
            }
        }

        struct Venue: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Open a venue staff account and print its password once, alone on the last line.",
                discussion: "Staff check countermarks, see bookings, confirm school groups and read statements at /pro.")

            @Argument(help: "The staff member's email address.")
            var email: String
            @Option(help: "Their institution's id.")
            var institution: String
            @Option(help: "Restrict them to one venue of the institution (its id).")
            var venue: String?
            @OptionGroup var options: DatabaseOptions

            func run() async throws {
                guard let institution = InstitutionID(institution) else { throw ValidationError("--institution is not an id") }
                let venue = try venue.map { text in
                    guard let id = VenueID(text) else { throw ValidationError("--venue is not an id") }
                    return id
                }
                let member = StaffMember.venueStaff(email: email, institution: institution, venue: venue, at: Date())
                try await PassCommand.open(member, options)
            }
        }

        struct Teacher: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Open a teacher's account and print its password once, alone on the last line.",
                discussion: "Teachers book for a class at /pro against their school's budget; the school must exist (pass school create).")

            @Argument(help: "The teacher's email address.")
            var email: String
            @Option(help: "Their school's UAI (seven digits and a letter).")
            var school: String
            @OptionGroup var options: DatabaseOptions

            func run() async throws {
                guard let school = SchoolID(school) else { throw ValidationError("--school must be a UAI: seven digits and a letter, e.g. 0750655E") }
                try await PassCommand.open(StaffMember.teacher(email: email, school: school, at: Date()), options)
            }
        }
    }

    static func open(_ member: StaffMember, _ options: DatabaseOptions) async throws {
        let settings = try await options.settings()
        let password = try await withStore(settings: settings) { store in
            try await ProAccountOpening.open(member, in: store, bcryptCost: settings.passAccounts.bcryptCost)
        }
        print("Opened \(member.role.rawValue) account \(member.id) (\(member.email)); sign in at /pro.")
        print("Password (shown once):")
        print(password)
    }

    struct SchoolCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "school", abstract: "Schools and their yearly budgets (the pass's collective part).", subcommands: [Create.self, Budget.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create a school, or rename it.")

            @Argument(help: "The school's UAI (seven digits and a letter).")
            var uai: String
            @Option(help: "Its name.")
            var name: String
            @Option(help: "Its département's code (75, 2A, 974…).")
            var departement: String
            @OptionGroup var options: DatabaseOptions

            func run() async throws {
                guard let id = SchoolID(uai) else { throw ValidationError("the UAI must be seven digits and a letter, e.g. 0750655E") }
                try await withStore(options) { try await $0.saveSchool(School(id: id, name: name, departementCode: departement)) }
                print("School \(id): \(name) (\(departement)).")
            }
        }

        struct Budget: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add to a school's budget for a school year (a grant from the State's funding, in the ledger).")

            @Argument(help: "The school's UAI.")
            var uai: String
            @Option(help: "The school year, e.g. 2026-2027 (default: the current one).")
            var year: String?
            @Option(name: .customLong("add-cents"), help: "How much to add, in euro cents.")
            var addCents: Int64
            @OptionGroup var options: DatabaseOptions

            func run() async throws {
                guard let id = SchoolID(uai) else { throw ValidationError("the UAI must be seven digits and a letter") }
                let schoolYear = try year.map { text in
                    guard let year = SchoolYear(text) else { throw ValidationError("--year is two consecutive years, e.g. 2026-2027") }
                    return year
                } ?? SchoolYear.containing(Date())
                guard addCents > 0 else { throw ValidationError("--add-cents must be positive") }
                let budget = try await withStore(options) { try await $0.addBudget(addCents, to: id, year: schoolYear, at: Date()) }
                print(String(format: "School %@, %@: %.2f € granted, %.2f € left.", id.rawValue, schoolYear.description,
                             Double(budget.grantedCents) / 100, Double(budget.leftCents) / 100))
            }
        }
    }
}
