import Foundation
import PasserelleCore
import Testing
@testable import PasserellePass

/// The policy from its configuration file, ages as the pass counts them, and the ledger's invariants.
@Suite struct PolicyAndLedgerTests {
    static let policyFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "../../config/pass-policy.json")
    static func policy() throws -> CreditPolicy { try CreditPolicy.read(json: Data(contentsOf: policyFile)) }
    static func day(_ text: String) -> Date { ISO8601DateFormatter().date(from: text + "T12:00:00Z")! }

    @Test func theShippedPolicyReadsAndABadOneIsRefusedFieldByField() throws {
        let policy = try Self.policy()
        #expect(policy.grant(forAge: 18)?.amountCents == 15_000 && policy.grant(forAge: 17)?.validityMonths == 24)
        #expect(policy.grant(forAge: 16) == nil)
        let bad = #"{"version": "", "grants": [{"age": 3, "amountCents": 0, "validityMonths": 0}, {"age": 3, "amountCents": 5, "validityMonths": 1}], "caps": [{"applies": "not a category!", "maximumCents": -1}], "cancellationWindowHours": 9999, "uncollectedGoodsExpiryDays": 0, "maximumQuantityPerBooking": 0}"#
        let error = try #require(throws: CoreError.self) { try CreditPolicy.read(json: Data(bad.utf8)) }
        #expect(Set(error.issues.map(\.field)) == ["version", "grants", "grants/0/age", "grants/0/amountCents", "grants/0/validityMonths",
                                                   "grants/1/age", "caps/0/applies", "caps/0/maximumCents", "cancellationWindowHours",
                                                   "uncollectedGoodsExpiryDays", "maximumQuantityPerBooking"])
        #expect(throws: CoreError.self) { try CreditPolicy.read(json: Data("{\"version\": 1}".utf8)) }
    }

    @Test func agesAreWholeYearsInParisTime() throws {
        let born = try #require(Eligibility.birthdate("2008-12-03"))
        #expect(Eligibility.age(born: born, on: Self.day("2026-12-02")) == 17)
        #expect(Eligibility.age(born: born, on: Self.day("2026-12-03")) == 18)
        // 23:30 UTC on 2 December is already the 3rd in Paris.
        #expect(Eligibility.age(born: born, on: ISO8601DateFormatter().date(from: "2026-12-02T23:30:00Z")!) == 18)
        let leap = try #require(Eligibility.birthdate("2008-02-29"))
        #expect(Eligibility.age(born: leap, on: Self.day("2026-02-28")) == 17 && Eligibility.age(born: leap, on: Self.day("2026-03-01")) == 18)
        #expect(Eligibility.age(born: born, on: Self.day("2000-01-01")) == nil, "not yet born")
        for bad in ["2009-02-29", "2008-13-01", "08-12-03", "2008-12-3", "2008-12-03x", ""] { #expect(Eligibility.birthdate(bad) == nil, "\(bad)") }
    }

    @Test func aTransactionThatDoesNotSumToZeroCannotExist() throws {
        let a = LedgerAccount(.credit, "g1"), b = LedgerAccount(.payable, "inst")
        #expect(throws: LedgerTransaction.Invalid.unbalanced(sum: 1)) {
            try LedgerTransaction(id: "t", kind: .booking, reference: "b", at: Date(), entries: [LedgerEntry(a, -10), LedgerEntry(b, 11)])
        }
        #expect(throws: LedgerTransaction.Invalid.tooFewEntries) { try LedgerTransaction(id: "t", kind: .booking, reference: "b", at: Date(), entries: [LedgerEntry(a, 0)]) }
        #expect(throws: LedgerTransaction.Invalid.zeroEntry) {
            try LedgerTransaction(id: "t", kind: .booking, reference: "b", at: Date(), entries: [LedgerEntry(a, 0), LedgerEntry(b, 0)])
        }
        #expect(throws: LedgerTransaction.Invalid.accountTwice(a)) {
            try LedgerTransaction(id: "t", kind: .booking, reference: "b", at: Date(), entries: [LedgerEntry(a, -5), LedgerEntry(a, 5)])
        }
        #expect(throws: LedgerTransaction.Invalid.overflow) {
            try LedgerTransaction(id: "t", kind: .booking, reference: "b", at: Date(),
                                  entries: [LedgerEntry(a, .max), LedgerEntry(b, 1), LedgerEntry(.funding, .min)])
        }
    }

    @Test func balancesAreSumsAndARefundUndoesItsBooking() throws {
        let policy = try Self.policy()
        let grant = try #require(CreditGrant.make(id: "g1", beneficiaryID: "ben", age: 18, policy: policy, at: Self.day("2026-12-03")))
        #expect(grant.expiresAt == Self.day("2028-12-03"))
        let granted = try grant.transaction(id: "t1")
        let booking = try LedgerTransaction(id: "t2", kind: .booking, reference: "bk", at: Date(),
                                            entries: [LedgerEntry(grant.account, -1_500), LedgerEntry(LedgerAccount(.payable, "inst"), 1_500)])
        var balances = Ledger.balances([granted, booking])
        #expect(balances[grant.account] == 13_500 && balances[.funding] == -15_000 && balances[LedgerAccount(.payable, "inst")] == 1_500)
        #expect(balances.values.reduce(0, +) == 0, "the whole ledger sums to zero")
        #expect(Ledger.overdrawn(balances).isEmpty)
        balances = Ledger.balances([granted, booking, booking.reversal(id: "t3", kind: .refund, at: Date())])
        #expect(balances[grant.account] == 15_000 && balances[LedgerAccount(.payable, "inst")] == 0)
        let overspent = try LedgerTransaction(id: "t4", kind: .booking, reference: "bk2", at: Date(),
                                              entries: [LedgerEntry(grant.account, -20_000), LedgerEntry(LedgerAccount(.payable, "inst"), 20_000)])
        #expect(Ledger.overdrawn(Ledger.balances([granted, overspent])) == [grant.account])
    }
}

@Suite("Reimbursement statements")
struct ReimbursementStatementTests {
    @Test("a month is counted in Paris time, and final only once it is over")
    func periods() throws {
        let november = try #require(StatementPeriod("2026-11"))
        let iso = ISO8601DateFormatter()
        #expect(november.start == iso.date(from: "2026-10-31T23:00:00Z"), "midnight in Paris, winter time")
        #expect(november.end == iso.date(from: "2026-11-30T23:00:00Z"))
        #expect(try #require(StatementPeriod("2026-07")).start == iso.date(from: "2026-06-30T22:00:00Z"), "summer time")
        #expect(!november.isOver(at: try #require(iso.date(from: "2026-11-30T22:59:59Z"))))
        #expect(november.isOver(at: try #require(iso.date(from: "2026-11-30T23:00:00Z"))))
        for bad in ["2026-13", "2026-1", "26-11", "1999-12", "2026-11-01", ""] { #expect(StatementPeriod(bad) == nil, "\(bad)") }
    }

    @Test("totals per venue, online offers last, lines in the order they were used")
    func totals() throws {
        let period = try #require(StatementPeriod("2026-11"))
        func line(_ id: String, _ venue: String?, _ quantity: Int, _ cents: Int64, _ minutes: Double) -> ReimbursementLine {
            ReimbursementLine(bookingID: id, usedAt: period.start.addingTimeInterval(minutes * 60), offerID: OfferID(trusted: "o"),
                              stockID: StockID(trusted: "s"), venueID: venue.map(VenueID.init(trusted:)), quantity: quantity, amountCents: cents)
        }
        let statement = ReimbursementStatement(
            institutionID: InstitutionID(trusted: "inst"), period: period,
            lines: [line("b3", nil, 1, 500, 30), line("b1", "v2", 2, 2_000, 10), line("b2", "v1", 1, 900, 20), line("b4", "v2", 1, 1_000, 40)],
            at: period.end)
        #expect(statement.isFinal && statement.totalCents == 4_400)
        #expect(statement.lines.map(\.bookingID) == ["b1", "b2", "b3", "b4"])
        #expect(statement.venues.map(\.venueID?.rawValue) == ["v1", "v2", nil])
        #expect(statement.venues[1].bookings == 2 && statement.venues[1].places == 3 && statement.venues[1].amountCents == 3_000)
    }
}
