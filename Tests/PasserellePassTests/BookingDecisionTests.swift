import Foundation
import PasserelleCore
import Testing
@testable import PasserellePass

/// The booking rules: each refusal with its code, spending across grants (the soonest to expire first), caps.
@Suite struct BookingDecisionTests {
    static let now = PolicyAndLedgerTests.day("2026-12-03")
    static let institution = InstitutionID(trusted: "theatre")

    static func offer(access: OfferAccess = .onSite, category: String = "live-performance.theatre", status: RecordStatus = .active) -> Offer {
        Offer(id: OfferID(trusted: "o1"), institutionID: institution, title: LocalizedText([.fr: "Tartuffe"]), categoryID: CategoryID(trusted: category),
              access: access, status: status, updatedAt: now)
    }

    static func stock(price: Int64 = 1_500, begins: Date? = now.addingTimeInterval(7 * 86_400), limit: Date? = nil, status: RecordStatus = .active) -> Stock {
        Stock(id: StockID(trusted: "s1"), offerID: OfferID(trusted: "o1"), beginsAt: begins, quantity: 10, priceCents: price, bookingLimit: limit, status: status)
    }

    static func wallet(_ credits: [(String, Int64, Double)], spentOnline: Int64 = 0) -> Wallet {
        let grants = credits.map { id, amount, days in
            CreditGrant(id: id, beneficiaryID: "ben", amountCents: amount, grantedAt: now.addingTimeInterval(-86_400),
                        expiresAt: now.addingTimeInterval(days * 86_400), policyVersion: "2026-12", age: 18)
        }
        let balances = Dictionary(uniqueKeysWithValues: grants.map { ($0.account, $0.amountCents) })
        return Wallet(grants: grants, balances: balances, spentUnderCaps: ["online": spentOnline], at: now)
    }

    func decide(_ offer: Offer = offer(), _ stock: Stock = stock(), left: Int? = 10, quantity: Int = 1,
                wallet: Wallet = wallet([("g1", 15_000, 700)])) throws -> Result<BookingPlan, BookingRefusal> {
        BookingDecision.decide(offer: offer, stock: stock, placesLeft: left, quantity: quantity, wallet: wallet,
                               policy: try PolicyAndLedgerTests.policy(), now: Self.now)
    }

    func refusal(_ result: Result<BookingPlan, BookingRefusal>) -> BookingRefusal.Code? {
        if case .failure(let refusal) = result { return refusal.code }
        return nil
    }

    @Test func eachRefusalHasItsCode() throws {
        #expect(refusal(try decide(Self.offer(status: .withdrawn))) == .offerWithdrawn)
        #expect(refusal(try decide(Self.offer(), Self.stock(status: .withdrawn))) == .stockWithdrawn)
        #expect(refusal(try decide(Self.offer(), Self.stock(limit: Self.now))) == .bookingClosed)
        #expect(refusal(try decide(Self.offer(), Self.stock(begins: Self.now.addingTimeInterval(-60)))) == .bookingClosed)
        #expect(refusal(try decide(left: 0)) == .soldOut)
        #expect(refusal(try decide(left: 1, quantity: 2)) == .soldOut)
        #expect(refusal(try decide(quantity: 3)) == .invalidQuantity, "the policy allows 2 places per booking")
        #expect(refusal(try decide(quantity: 0)) == .invalidQuantity)
        #expect(refusal(try decide(wallet: Self.wallet([]))) == .noCredit)
        #expect(refusal(try decide(wallet: Self.wallet([("g1", 15_000, -1)]))) == .noCredit, "an expired grant is no credit")
        #expect(refusal(try decide(wallet: Self.wallet([("g1", 0, 1)]))) == .insufficientCredit, "a valid grant spent to nothing is too little credit")
        #expect(refusal(try decide(wallet: Self.wallet([("g1", 1_000, 700)]))) == .insufficientCredit)
        #expect(refusal(try decide(Self.offer(access: .online, category: "audiovisual.streaming"), wallet: Self.wallet([("g1", 15_000, 700)], spentOnline: 9_000))) == .capReached)
    }

    @Test func aBookingSpendsTheSoonestExpiringCreditFirstAndOwesTheInstitution() throws {
        let plan = try decide(quantity: 2, wallet: Self.wallet([("late", 15_000, 700), ("soon", 2_000, 30)])).get()
        #expect(plan.totalCents == 3_000)
        #expect(plan.entries == [LedgerEntry(LedgerAccount(.credit, "soon"), -2_000), LedgerEntry(LedgerAccount(.credit, "late"), -1_000),
                                 LedgerEntry(LedgerAccount(.payable, "theatre"), 3_000)])
        let transaction = try LedgerTransaction(id: "t", kind: .booking, reference: "b", at: Self.now, entries: plan.entries)
        #expect(transaction.entries.count == 3, "the plan is a balanced transaction")
        let free = try decide(Self.offer(), Self.stock(price: 0), wallet: Self.wallet([])).get()
        #expect(free.totalCents == 0 && free.entries.isEmpty, "a free offer needs no credit and moves no money")
    }

    @Test func cancellationByTheBeneficiaryIsWithinTheWindowAndBeforeTheDate() throws {
        let policy = try PolicyAndLedgerTests.policy()
        let booked = Self.now
        #expect((try? BookingDecision.beneficiaryMayCancel(bookedAt: booked, beginsAt: booked.addingTimeInterval(7 * 86_400),
                                                            now: booked.addingTimeInterval(47 * 3_600), policy: policy).get()) != nil)
        if case .failure(let refusal) = BookingDecision.beneficiaryMayCancel(bookedAt: booked, beginsAt: nil, now: booked.addingTimeInterval(49 * 3_600), policy: policy) {
            #expect(refusal.code == .windowClosed)
        } else { Issue.record("past the window") }
        if case .failure(let refusal) = BookingDecision.beneficiaryMayCancel(bookedAt: booked, beginsAt: booked.addingTimeInterval(3_600),
                                                                            now: booked.addingTimeInterval(2 * 3_600), policy: policy) {
            #expect(refusal.code == .windowClosed)
        } else { Issue.record("after the date began") }
    }
}
