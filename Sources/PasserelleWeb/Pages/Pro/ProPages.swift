import Foundation
import PasserelleCore
import PasserellePass

/// Pieces the professional pages share.
enum ProPages {
    /// The desk's camera script, versioned by content like the stylesheet.
    static let deskScriptHref = "/static/desk.js?v=" + DeskScript.digest

    static func signedIn(_ main: inout HTML, _ member: StaffMember, _ layout: PageLayout) {
        main.element("form", [("method", "post"), ("action", layout.link("/pro/signout"))]) { form in
            form.element("p") { line in
                line.text(layout.text(.passSignedInAs).replacingOccurrences(of: "{email}", with: member.email) + " ")
                line.element("button", [("type", "submit"), ("class", "secondary")], text: layout.text(.signOutButton))
                line.text(" ")
                line.element("a", [("href", layout.link("/pro/password"))], text: layout.text(.proPasswordLink))
            }
        }
    }

    static func offerCell(_ cell: inout HTML, _ id: OfferID, _ offers: [OfferID: Offer], _ layout: PageLayout) {
        guard let offer = offers[id] else { return cell.text(id.rawValue) }
        cell.element("a", [("href", layout.link("/offers/\(id.rawValue)"))]) { link in
            layout.localized(&link, "span", offer.title, fallback: id.rawValue)
        }
    }

    /// A table with a caption when given, a header row of `columns` and the rows `body` writes, in a region that
    /// scrolls sideways on a narrow screen (rather than the whole page), reachable and named for the keyboard.
    static func table(_ main: inout HTML, caption: String? = nil, label: String? = nil, columns: [UIKey], _ layout: PageLayout,
                      _ body: (inout HTML) -> Void) {
        main.element("div", [("class", "scroll"), ("role", "region"), ("tabindex", "0"), ("aria-label", label ?? caption)]) { region in
            region.element("table") { table in
                if let caption { table.element("caption", text: caption) }
                table.element("thead") { head in
                    head.element("tr") { row in
                        // A column named by a label ("Countermark:") loses its colon.
                        for key in columns { row.element("th", [("scope", "col")], text: layout.text(key).trimmingCharacters(in: CharacterSet(charactersIn: " :"))) }
                    }
                }
                table.element("tbody") { body(&$0) }
            }
        }
    }

    /// `novembre 2026`, in the page's language.
    static func monthName(_ period: StatementPeriod, _ language: Language) -> String {
        var style = Date.FormatStyle(locale: Locale(identifier: language.rawValue), timeZone: TimeZone(identifier: "Europe/Paris") ?? .gmt)
        style = style.month(.wide).year(.defaultDigits)
        return period.start.formatted(style)
    }

    static func groupStatusKey(_ status: GroupBooking.Status) -> UIKey {
        switch status {
        case .requested: .groupStatusRequested
        case .confirmed: .groupStatusConfirmed
        case .declined: .groupStatusDeclined
        case .cancelled: .passStatusCancelled
        case .used: .groupStatusUsed
        }
    }

    /// The changes a row offers: the venue confirms, declines, marks used or cancels; the teacher cancels.
    static func changes(_ booking: GroupBooking, byVenue: Bool) -> [(GroupBookingChange, UIKey)] {
        switch (booking.status, byVenue) {
        case (.requested, true): [(.confirm, .groupConfirm), (.decline, .groupDecline)]
        case (.confirmed, true): [(.markUsed, .groupMarkUsed), (.cancel, .groupCancel)]
        case (.requested, false), (.confirmed, false): [(.cancel, .groupCancel)]
        default: []
        }
    }

    /// Class bookings as a table, each row with the buttons of what may be done with it.
    static func groupTable(_ main: inout HTML, _ groups: [GroupBooking], _ layout: PageLayout, offers: [OfferID: Offer], stocks: [StockID: Stock],
                           schools: [SchoolID: School], byVenue: Bool) {
        guard !groups.isEmpty else {
            main.element("p", text: layout.text(.groupNone))
            return
        }
        table(&main, label: layout.text(.groupsHeading),
              columns: [.columnOffer, .stockDate, .columnSchool, .columnClass, .columnPupilsAdults, .columnAmount, .columnStatus, .columnAction], layout) { body in
            for booking in groups {
                body.element("tr") { row in
                    row.element("td") { offerCell(&$0, booking.offerID, offers, layout) }
                    row.element("td", text: stocks[booking.stockID]?.beginsAt.map { Formatting.dateTime($0, layout.language) } ?? "")
                    row.element("td", text: schools[booking.schoolID]?.name ?? booking.schoolID.rawValue)
                    row.element("td", text: booking.className)
                    row.element("td", [("class", "number")], text: "\(booking.pupils) + \(booking.adults)")
                    row.element("td", [("class", "number")], text: Formatting.price(cents: booking.amountCents, layout.language))
                    row.element("td", text: layout.text(groupStatusKey(booking.status)))
                    row.element("td") { cell in
                        for (change, label) in changes(booking, byVenue: byVenue) {
                            cell.element("form", [("method", "post"), ("action", layout.link("/pro/groups/\(booking.id)/\(change.rawValue)"))]) { form in
                                // The button names its row: a list of "Confirm" buttons says nothing to a screen reader.
                                let name = "\(layout.text(label)) — \(booking.className), \(schools[booking.schoolID]?.name ?? booking.schoolID.rawValue)"
                                form.element("button", [("type", "submit"), ("class", change == .confirm || change == .markUsed ? nil : "secondary"),
                                                        ("aria-label", name)], text: layout.text(label))
                            }
                        }
                    }
                }
            }
        }
    }
}
