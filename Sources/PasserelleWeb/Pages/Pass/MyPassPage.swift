import Foundation
import PasserelleCore
import PasserellePass
import PasserelleQRCode

/// `/pass` for a signed-in beneficiary: what is left and until when, each booking with its countermark (and its
/// QR Code while it can be used), a cancel button where the policy allows it, and signing out.
struct MyPassPage {
    let beneficiary: Beneficiary
    let wallet: Wallet
    let policy: CreditPolicy
    let bookings: [Booking]
    /// The booked offers (their titles and dates on the list).
    let offers: [OfferID: Offer]
    /// A notice after a form: booked, cancelled, or why a cancellation was refused.
    var notice: String?
    var now = Date()

    func render(_ layout: PageLayout) -> String {
        let language = layout.language
        return layout.render(title: layout.text(.passTitle)) { main in
            main.element("h1", text: layout.text(.passTitle))
            main.element("p", text: layout.text(.passSignedInAs).replacingOccurrences(of: "{email}", with: beneficiary.email))
            if let notice { main.element("p", [("class", "notice"), ("role", "status")], text: notice) }
            if beneficiary.verifiedAt == nil { main.element("p", [("class", "notice")], text: layout.text(.passUnverified)) }
            main.element("h2", text: layout.text(.passCreditHeading))
            credit(&main, layout, language)
            main.element("h2", text: layout.text(.passBookingsHeading))
            if bookings.isEmpty {
                main.element("p", text: layout.text(.passNoBookings))
            } else {
                main.element("ul", [("class", "bookings")]) { list in
                    for booking in bookings { item(booking, &list, layout) }
                }
            }
            main.element("form", [("method", "post"), ("action", layout.link("/pass/signout"))]) { form in
                form.element("button", [("type", "submit")], text: layout.text(.signOutButton))
            }
        }
    }

    private func credit(_ main: inout HTML, _ layout: PageLayout, _ language: Language) {
        guard wallet.totalCents > 0 else {
            main.element("p", text: layout.text(.passNoCredit))
            return
        }
        main.element("p", [("class", "credit")], text: layout.text(.passCreditLeft)
            .replacingOccurrences(of: "{amount}", with: Formatting.price(cents: wallet.totalCents, language, zeroAsFree: false)))
        main.element("ul") { list in
            for remaining in wallet.spendable {
                list.element("li", text: layout.text(.passCreditUntil)
                    .replacingOccurrences(of: "{amount}", with: Formatting.price(cents: remaining.cents, language, zeroAsFree: false))
                    .replacingOccurrences(of: "{date}", with: Formatting.day(remaining.grant.expiresAt, language)))
            }
            for cap in policy.caps where cap.applies == "online" {
                list.element("li", text: layout.text(.passCapLine)
                    .replacingOccurrences(of: "{spent}", with: Formatting.price(cents: wallet.spentUnderCaps[cap.applies] ?? 0, language, zeroAsFree: false))
                    .replacingOccurrences(of: "{maximum}", with: Formatting.price(cents: cap.maximumCents, language, zeroAsFree: false)))
            }
        }
    }

    private func item(_ booking: Booking, _ list: inout HTML, _ layout: PageLayout) {
        let offer = offers[booking.offerID]
        let code = Countermark(reading: booking.countermark)?.description ?? booking.countermark
        list.element("li") { item in
            item.element("h3") { heading in
                if let offer {
                    heading.element("a", [("href", layout.link("/offers/\(offer.id.rawValue)"))]) { link in
                        layout.localized(&link, "span", offer.title, fallback: offer.id.rawValue)
                    }
                } else {
                    heading.text(booking.offerID.rawValue)
                }
            }
            item.element("p") { line in
                line.element("strong", text: layout.text(Self.statusKey(booking.status)))
                line.text(" · " + layout.text(.passQuantityLine)
                    .replacingOccurrences(of: "{n}", with: String(booking.quantity))
                    .replacingOccurrences(of: "{amount}", with: Formatting.price(cents: booking.amountCents, layout.language)))
            }
            item.element("p") { line in
                line.text(layout.text(.passCountermark) + " ")
                line.element("code", [("class", "countermark")], text: code)
            }
            if booking.status == .active {
                // Drawn into the page (no request more, no script): the venue's scanner reads the code as typed.
                if let qr = try? QRCode(encoding: code, correction: .medium) {
                    item.qrCode(qr, title: layout.text(.passShowQRCode).replacingOccurrences(of: "{code}", with: code))
                }
                item.element("form", [("method", "post"), ("action", layout.link("/pass/bookings/\(booking.id)/cancel"))]) { form in
                    form.element("button", [("type", "submit"), ("class", "secondary")], text: layout.text(.passCancelButton))
                }
            }
        }
    }

    static func statusKey(_ status: Booking.Status) -> UIKey {
        switch status {
        case .active: .passStatusActive
        case .cancelled: .passStatusCancelled
        case .used: .passStatusUsed
        case .expired: .passStatusExpired
        case .pending: .passStatusPending
        }
    }

    /// A refusal's reason in the page's words.
    static func refusalKey(_ code: String) -> UIKey {
        switch code {
        case BookingRefusal.Code.soldOut.rawValue: .refusalSoldOut
        case BookingRefusal.Code.insufficientCredit.rawValue: .refusalInsufficientCredit
        case BookingRefusal.Code.insufficientBudget.rawValue: .refusalInsufficientBudget
        case BookingRefusal.Code.providerRefused.rawValue: .refusalProviderRefused
        case BookingRefusal.Code.capReached.rawValue: .refusalCapReached
        case BookingRefusal.Code.noCredit.rawValue: .refusalNotEligible
        case BookingRefusal.Code.identityNotVerified.rawValue: .refusalIdentityNotVerified
        case BookingRefusal.Code.windowClosed.rawValue, BookingRefusal.Code.notCancellable.rawValue: .refusalWindowClosed
        case BookingRefusal.Code.offerWithdrawn.rawValue, BookingRefusal.Code.stockWithdrawn.rawValue, BookingRefusal.Code.bookingClosed.rawValue:
            .refusalClosed
        default: .refusalOther
        }
    }
}
