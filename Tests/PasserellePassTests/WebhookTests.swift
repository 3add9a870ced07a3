import Foundation
import PasserelleCore
import Testing
@testable import PasserellePass

/// Booking notifications, the pure part: which change sends which event, what its body says (and does not), the
/// back-off schedule, and the URLs a subscription may use.
@Suite struct WebhookTests {
    @Test func eachBookingChangeSendsItsEventAndHoldsSendNothing() {
        #expect(WebhookEventType.forBooking(from: nil, to: .active) == .bookingCreated)
        #expect(WebhookEventType.forBooking(from: nil, to: .pending) == nil, "a partner's hold is not a booking yet")
        #expect(WebhookEventType.forBooking(from: .pending, to: .active) == .bookingCreated, "confirmed by the provider")
        #expect(WebhookEventType.forBooking(from: .pending, to: .cancelled) == nil, "a hold released before it was a booking")
        #expect(WebhookEventType.forBooking(from: .active, to: .cancelled) == .bookingCancelled)
        #expect(WebhookEventType.forBooking(from: .active, to: .used) == .bookingUsed)
        #expect(WebhookEventType.forBooking(from: .active, to: .expired) == .bookingExpired)
        #expect(WebhookEventType.forBooking(from: .used, to: .used) == nil)
    }

    @Test func theBodyNamesTheBookingAndNothingOfTheBeneficiary() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let booking = Booking(id: "b-1", beneficiaryID: "beneficiary-secret-id", offerID: OfferID(trusted: "o-1"), stockID: StockID(trusted: "s-1"),
                              institutionID: InstitutionID(trusted: "inst"), quantity: 2, amountCents: 3_000, countermark: "ABCDEFGHJK2",
                              status: .cancelled, bookedAt: now, changedAt: now)
        let event = WebhookEvent.about(booking, type: .bookingCancelled, cancelledBy: .beneficiary("beneficiary-secret-id"), at: now)
        #expect(event.id.hasPrefix("evt_") && event.id.count == 40 && event.nextAttemptAt == now && event.status == .pending)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(event.payload.utf8)) as? [String: Any])
        #expect(body["id"] as? String == event.id && body["type"] as? String == "booking.cancelled" && body["createdAt"] as? String == "2027-01-15T08:00:00Z")
        let data = try #require(body["data"] as? [String: Any])
        #expect(data["cancelledBy"] as? String == "beneficiary")
        let sent = try #require(data["booking"] as? [String: Any])
        #expect(Set(sent.keys) == ["id", "offerID", "stockID", "quantity", "amountCents", "status", "countermark", "bookedAt", "changedAt"])
        #expect(!event.payload.contains("beneficiary-secret-id"))
        #expect(WebhookEvent.ping(for: InstitutionID(trusted: "inst"), at: now).payload.contains("\"type\":\"ping\""))
    }

    @Test func retriesBackOffFromThirtySecondsToSixHoursThenGiveUp() {
        let policy = WebhookRetryPolicy()
        #expect(policy.delay(afterFailedAttempts: 1, spread: 0) == 30)
        #expect(policy.delay(afterFailedAttempts: 2, spread: 0) == 60)
        #expect(policy.delay(afterFailedAttempts: 1, spread: 0.5) == 31.5, "spread by up to a tenth")
        #expect(policy.delay(afterFailedAttempts: 11, spread: 0) == 21_600.0, "capped at 6 h")
        #expect(policy.delay(afterFailedAttempts: 14, spread: 0.99)! < 6 * 3_600 * 1.1)
        #expect(policy.delay(afterFailedAttempts: 15, spread: 0) == nil, "the 15th failure is the last")
        let total = (1..<15).compactMap { policy.delay(afterFailedAttempts: $0, spread: 0) }.reduce(0, +)
        #expect(total == 117_090, "32.5 h of retries before spread: \(total / 3_600) h")
    }

    @Test func subscriptionsTakeHTTPSURLsWithoutCredentials() {
        func problem(_ text: String, allowHTTP: Bool = false) -> String? { WebhookSubscription.problem(URL(string: text)!, allowHTTP: allowHTTP) }
        #expect(problem("https://tickets.example.org/hook?source=passerelle") == nil)
        #expect(problem("http://tickets.example.org/hook") != nil)
        #expect(problem("http://127.0.0.1:8080/hook", allowHTTP: true) == nil)
        #expect(problem("https://user:secret@tickets.example.org/hook") != nil)
        #expect(problem("https://tickets.example.org/hook#part") != nil)
        #expect(problem("https://tickets.example.org/" + String(repeating: "a", count: 2_100)) != nil)
        let secrets = Set((0..<1_000).map { _ in WebhookSubscription.makeSecret() })
        #expect(secrets.count == 1_000 && secrets.allSatisfy { $0.hasPrefix("whsec_") && $0.count == 70 })
    }
}
