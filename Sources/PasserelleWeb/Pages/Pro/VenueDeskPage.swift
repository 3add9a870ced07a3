import Foundation
import PasserelleCore
import PasserellePass

/// What checking a countermark at the door found.
enum DeskCheck {
    /// Not one of this venue's (or not a countermark at all): the same answer, so the desk learns nothing of others.
    case unknown
    case found(Booking)
}

/// `/pro` for a venue's staff: check a countermark (typed, or scanned by the camera where the browser can), the
/// class bookings to confirm, the upcoming bookings, and the statements of the last months.
struct VenueDeskPage {
    let member: StaffMember
    let institutionName: String
    let venueName: String?
    var notice: String?
    var typedCode = ""
    var check: DeskCheck?
    var upcoming: [Booking] = []
    var groups: [GroupBooking] = []
    var offers: [OfferID: Offer] = [:]
    var stocks: [StockID: Stock] = [:]
    var schools: [SchoolID: School] = [:]
    var months: [StatementPeriod] = []

    func render(_ layout: PageLayout) -> String {
        layout.render(title: layout.text(.proTitle)) { main in
            main.element("h1", text: layout.text(.proTitle) + " — " + institutionName + (venueName.map { ", " + $0 } ?? ""))
            ProPages.signedIn(&main, member, layout)
            if let notice { main.element("p", [("class", "notice"), ("role", "status")], text: notice) }
            desk(&main, layout)
            main.element("h2", text: layout.text(.groupsHeading))
            ProPages.groupTable(&main, groups, layout, offers: offers, stocks: stocks, schools: schools, byVenue: true)
            main.element("h2", text: layout.text(.proBookingsHeading))
            bookingTable(&main, layout)
            main.element("h2", text: layout.text(.statementsHeading))
            main.element("ul") { list in
                for month in months {
                    list.element("li") { $0.element("a", [("href", layout.link("/pro/statements/\(month)"))], text: ProPages.monthName(month, layout.language)) }
                }
            }
            // Progressive enhancement: where the browser has a camera and BarcodeDetector, a button fills the code in.
            main.element("script", [("src", ProPages.deskScriptHref), ("defer", "")], text: "")
        }
    }

    private func desk(_ main: inout HTML, _ layout: PageLayout) {
        main.element("h2", text: layout.text(.deskHeading))
        main.element("form", [("method", "get"), ("action", "/pro/check"), ("class", "desk")]) { form in
            form.void("input", [("type", "hidden"), ("name", "lang"), ("value", layout.language.rawValue)])
            // The field and its buttons on one line: the check sits next to what it checks.
            form.element("p") { line in
                line.element("label", [("for", "code")], text: layout.text(.deskCodeLabel))
                line.void("input", [("id", "code"), ("name", "code"), ("type", "text"), ("required", ""), ("autocomplete", "off"),
                                    ("autocapitalize", "characters"), ("spellcheck", "false"), ("maxlength", "20"),
                                    ("value", typedCode.isEmpty ? nil : typedCode)])
                line.text(" ")
                line.element("button", [("type", "submit")], text: layout.text(.deskCheckButton))
                line.text(" ")
                line.element("button", [("type", "button"), ("id", "scan"), ("class", "secondary"), ("hidden", "")], text: layout.text(.deskScanButton))
            }
        }
        guard let check else { return }
        switch check {
        case .unknown:
            main.element("div", [("class", "verdict refuse"), ("role", "alert")]) { $0.element("p", text: layout.text(.deskUnknown)) }
        case .found(let booking):
            let offer = offers[booking.offerID]
            let what = (offer?.title.resolved(for: layout.language) ?? booking.offerID.rawValue)
                + (stocks[booking.stockID]?.beginsAt.map { ", " + Formatting.dateTime($0, layout.language) } ?? "")
            switch booking.status {
            case .active:
                main.element("div", [("class", "verdict ok"), ("role", "status")]) { box in
                    box.element("p") { line in
                        line.element("strong", text: layout.text(.deskValid).replacingOccurrences(of: "{n}", with: String(booking.quantity)))
                        line.text(" " + what)
                    }
                    box.element("form", [("method", "post"), ("action", layout.link("/pro/check/use"))]) { form in
                        form.void("input", [("type", "hidden"), ("name", "code"), ("value", booking.countermark)])
                        form.element("button", [("type", "submit")], text: layout.text(.deskUseButton))
                    }
                }
            case .used:
                let date = booking.changedAt.map { Formatting.dateTime($0, layout.language) } ?? ""
                main.element("div", [("class", "verdict refuse"), ("role", "alert")]) { box in
                    box.element("p", text: layout.text(.deskAlreadyUsed).replacingOccurrences(of: "{date}", with: date) + " " + what)
                }
            case .cancelled, .expired, .pending:
                let status = layout.text(MyPassPage.statusKey(booking.status)).lowercased()
                main.element("div", [("class", "verdict refuse"), ("role", "alert")]) { box in
                    box.element("p", text: layout.text(.deskNotValid).replacingOccurrences(of: "{status}", with: status) + " " + what)
                }
            }
        }
    }

    private func bookingTable(_ main: inout HTML, _ layout: PageLayout) {
        guard !upcoming.isEmpty else {
            main.element("p", text: layout.text(.proNoBookings))
            return
        }
        ProPages.table(&main, label: layout.text(.proBookingsHeading), columns: [.columnOffer, .stockDate, .columnPlaces, .columnAmount, .passCountermark],
                       layout) { body in
            for booking in upcoming {
                body.element("tr") { row in
                    row.element("td") { ProPages.offerCell(&$0, booking.offerID, offers, layout) }
                    row.element("td", text: stocks[booking.stockID]?.beginsAt.map { Formatting.dateTime($0, layout.language) } ?? layout.text(.undated))
                    row.element("td", [("class", "number")], text: String(booking.quantity))
                    row.element("td", [("class", "number")], text: Formatting.price(cents: booking.amountCents, layout.language))
                    row.element("td") { $0.element("code", text: Countermark(reading: booking.countermark)?.description ?? booking.countermark) }
                }
            }
        }
    }
}
