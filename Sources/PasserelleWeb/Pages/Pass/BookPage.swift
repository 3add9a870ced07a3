import Foundation
import PasserelleCore
import PasserellePass

/// `/pass/book?stock=…`: one stock of an offer, its price, the credit left, how many places, and a confirm button.
/// The form carries a fresh Idempotency-Key, so a double click or a resent form books once.
struct BookPage {
    let offer: Offer
    let stock: Stock
    let venue: Venue?
    let wallet: Wallet?
    let maximumQuantity: Int
    /// Places left on the stock (nil: no limit).
    var placesLeft: Int?
    /// Why the last attempt was refused, in the page's words.
    var refusal: String?
    var idempotencyKey = UUID().uuidString.lowercased()

    func render(_ layout: PageLayout, signIn: PassAccountForms?) -> String {
        let language = layout.language
        return layout.render(title: layout.text(.passBookTitle)) { main in
            main.element("h1", text: layout.text(.passBookTitle))
            Self.summary(&main, layout, offer: offer, stock: stock, venue: venue, placesLeft: placesLeft)
            // A class comes on a day: dated stocks on site can also be booked by a teacher, from the school's budget.
            if SiteChrome.proOffered, stock.beginsAt != nil, offer.access != .online {
                main.element("p") { $0.element("a", [("href", layout.link("/pro/group?stock=\(stock.id.rawValue)"))], text: layout.text(.teacherBookLink)) }
            }
            if let refusal {
                main.element("div", [("class", "problems"), ("role", "alert")]) { box in
                    box.element("p", text: layout.text(.passRefused) + " " + refusal)
                }
            }
            // Nothing to confirm when no place is left.
            if placesLeft == 0 { return }
            guard let wallet else {
                main.element("p", text: layout.text(.passSignInToBook))
                signIn?.signInForm(&main, layout)
                main.element("p") { $0.element("a", [("href", layout.link("/pass/signup"))], text: layout.text(.signUpLink)) }
                return
            }
            main.element("p", [("class", "credit")], text: layout.text(.passCreditLeft)
                .replacingOccurrences(of: "{amount}", with: Formatting.price(cents: wallet.totalCents, language, zeroAsFree: false)))
            main.element("form", [("method", "post"), ("action", layout.link("/pass/bookings")), ("class", "account")]) { form in
                form.void("input", [("type", "hidden"), ("name", "stock"), ("value", stock.id.rawValue)])
                form.void("input", [("type", "hidden"), ("name", "key"), ("value", idempotencyKey)])
                form.element("p") { line in
                    line.element("label", [("for", "quantity")], text: layout.text(.passQuantityLabel))
                    line.element("select", [("id", "quantity"), ("name", "quantity")]) { select in
                        for quantity in 1...max(1, min(maximumQuantity, placesLeft ?? maximumQuantity)) {
                            select.element("option", [("value", String(quantity))], text: String(quantity))
                        }
                    }
                }
                form.element("button", [("type", "submit")], text: layout.text(.passBookButton))
            }
        }
    }

    /// What is booked, as both booking pages show it: the offer (linked), its date, venue and price, and the places left.
    static func summary(_ main: inout HTML, _ layout: PageLayout, offer: Offer, stock: Stock, venue: Venue?, placesLeft: Int?) {
        let language = layout.language
        main.element("h2") { heading in
            heading.element("a", [("href", layout.link("/offers/\(offer.id.rawValue)"))]) { link in
                layout.localized(&link, "span", offer.title, fallback: offer.id.rawValue)
            }
        }
        main.element("dl") { list in
            list.element("dt", text: layout.text(.stockDate))
            list.element("dd", text: stock.beginsAt.map { Formatting.dateTime($0, language) } ?? layout.text(.undated))
            if let venue {
                list.element("dt", text: layout.text(.venue))
                list.element("dd", text: venue.name)
            }
            list.element("dt", text: layout.text(.stockPrice))
            list.element("dd", text: Formatting.price(cents: stock.priceCents, language))
        }
        if let placesLeft {
            main.element("p", text: placesLeft > 0 ? layout.text(.passPlacesLeft).replacingOccurrences(of: "{n}", with: String(placesLeft))
                                                   : layout.text(.passSoldOut))
        }
    }
}
