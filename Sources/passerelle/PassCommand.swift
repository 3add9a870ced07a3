import ArgumentParser
import Foundation
import PasserelleApp
import PasserelleCore
import PasserellePass
import PasserelleStorage
import PasserelleWeb

/// `passerelle pass`: the culture pass for operators.
struct PassCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pass",
        abstract: "The culture pass: create verified beneficiaries (with the credit their age gives), audit the ledger.",
        subcommands: [BeneficiaryCommand.self, StaffCommand.self, SchoolCommand.self, TicketingCommand.self, SettleHolds.self, Expire.self, Audit.self]
    )

    struct BeneficiaryCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "beneficiary", abstract: "Manage beneficiaries.", subcommands: [Create.self, Verify.self])
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a verified beneficiary with the credit their age gives, and print a session token once, alone on the last line.",
            discussion: "The identity check is the operator's here; a real deployment plugs the State's identity provider in its place.")

        @Argument(help: "The beneficiary's email address.")
        var email: String

        @Option(help: "Their birth date, YYYY-MM-DD.")
        var birthdate: String

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            guard Eligibility.birthdate(birthdate) != nil else { throw ValidationError("--birthdate must be a real date written YYYY-MM-DD") }
            let settings = try await options.settings()
            guard let policy = settings.passPolicy else {
                throw ValidationError("no pass policy: put one at \(Settings.defaultPassPolicy) or name it with PASSERELLE_PASS_POLICY")
            }
            let now = Date()
            let beneficiary = Beneficiary(email: email, birthdate: birthdate, verifiedAt: now, createdAt: now)
            let (token, digest) = PassSessions.generate()
            // One transaction: the account, its credit and its session, or nothing (a crash leaves no half account).
            let grant = try await withStore(settings: settings) { store in
                try await store.enrolVerified(beneficiary, policy: policy, sessionTokenHash: digest,
                                              sessionExpiresAt: now.addingTimeInterval(PassSessions.lifetime), at: now)
            }
            print("Created beneficiary \(beneficiary.id) (\(beneficiary.email)).")
            if let grant { print(Verify.describe(grant)) } else { print("No credit: the pass gives none at this age (policy \(policy.version)).") }
            print("Session token (shown once; send it as Authorization: Bearer …):")
            print(token)
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a signed-up beneficiary's identity verified and grant the credit their age gives.",
            discussion: "Until then their account books nothing. A real deployment replaces this step with the State's identity provider.")

        @Argument(help: "The email the beneficiary signed up with.")
        var email: String

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let settings = try await options.settings()
            guard let policy = settings.passPolicy else {
                throw ValidationError("no pass policy: put one at \(Settings.defaultPassPolicy) or name it with PASSERELLE_PASS_POLICY")
            }
            let now = Date()
            let (beneficiary, grant) = try await withStore(settings: settings) { store -> (Beneficiary?, CreditGrant?) in
                guard let beneficiary = try await store.markVerified(email: email, at: now) else { return (nil, nil) }
                do {
                    return (beneficiary, try await store.grantCredit(to: beneficiary.id, policy: policy, at: now))
                } catch let refusal as BookingRefusal {
                    print("No credit: \(refusal.message).")
                    return (beneficiary, nil)
                }
            }
            guard let beneficiary else { throw ValidationError("no beneficiary signed up with \(email)") }
            print("Verified beneficiary \(beneficiary.id) (\(beneficiary.email)).")
            if let grant { print(Self.describe(grant)) }
        }

        static func describe(_ grant: CreditGrant) -> String {
            "Granted \(String(format: "%.2f", Double(grant.amountCents) / 100)) € at \(grant.age) (policy \(grant.policyVersion)), until \(grant.expiresAt.formatted(.iso8601))."
        }
    }

    struct Expire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Expire bookings of goods not collected within the policy's days, giving back places and credit.",
            discussion: "`serve` does this every hour by itself; this runs it once, now (for a cron, or after an outage).")

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let settings = try await options.settings()
            guard let policy = settings.passPolicy else {
                throw ValidationError("no pass policy: put one at \(Settings.defaultPassPolicy) or name it with PASSERELLE_PASS_POLICY")
            }
            let expired = try await withStore(settings: settings) { store in try await PassExpiry.expireAll(store: store, policy: policy, now: Date()) }
            print("Expired \(expired) uncollected booking(s) (older than \(policy.uncollectedGoodsExpiryDays) days).")
        }
    }

    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the ledger: every transaction sums to zero, every stored balance equals its entries, no balance below zero.")

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let audit = try await withStore(options) { try await $0.auditLedger() }
            print("\(audit.transactions) transactions; unbalanced: \(audit.unbalancedTransactions.count); balances that differ from their entries: \(audit.balanceMismatches.count); overdrawn: \(audit.overdrawn.count).")
            if !audit.isSound { throw ExitCode(1) }
        }
    }
}
