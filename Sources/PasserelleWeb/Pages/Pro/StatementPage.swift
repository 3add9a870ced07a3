import Foundation
import PasserelleCore
import PasserellePass

/// `/pro/statements/{YYYY-MM}`: a reimbursement statement to read, print or save as PDF (the print stylesheet drops
/// the site's frame and forms), with its lines as CSV.
struct StatementPage {
    let statement: ReimbursementStatement
    let institutionName: String
    let venues: [VenueID: Venue]
    let offers: [OfferID: Offer]

    func render(_ layout: PageLayout) -> String {
        let language = layout.language
        let month = ProPages.monthName(statement.period, language)
        let title = layout.text(.statementTitle).replacingOccurrences(of: "{month}", with: month)
        return layout.render(title: title) { main in
            main.element("h1", text: title)
            main.element("p") { $0.element("strong", text: institutionName) }
            main.element("p", text: layout.text(statement.isFinal ? .statementFinal : .statementProvisional))
            main.element("p", [("class", "credit")], text: layout.text(.statementTotal)
                .replacingOccurrences(of: "{amount}", with: Formatting.price(cents: statement.totalCents, language, zeroAsFree: false))
                .replacingOccurrences(of: "{n}", with: String(statement.lines.count)))
            main.element("p", [("class", "no-print")]) { line in
                line.element("a", [("href", "/pro/statements/\(statement.period)/lines.csv")], text: layout.text(.statementCSV))
                line.text(" · " + layout.text(.statementPrintHint))
            }
            guard !statement.lines.isEmpty else {
                main.element("p", text: layout.text(.statementNoLines))
                return
            }
            ProPages.table(&main, caption: layout.text(.statementByVenue), columns: [.venue, .columnBookings, .columnPlaces, .columnAmount], layout) { body in
                for total in statement.venues {
                    body.element("tr") { row in
                        row.element("th", [("scope", "row")], text: total.venueID.map { venues[$0]?.name ?? $0.rawValue } ?? layout.text(.statementOnline))
                        row.element("td", [("class", "number")], text: String(total.bookings))
                        row.element("td", [("class", "number")], text: String(total.places))
                        row.element("td", [("class", "number")], text: Formatting.price(cents: total.amountCents, language, zeroAsFree: false))
                    }
                }
            }
            ProPages.table(&main, caption: layout.text(.statementLines), columns: [.columnUsedAt, .columnOffer, .venue, .columnKind, .columnPlaces, .columnAmount],
                           layout) { body in
                for line in statement.lines {
                    body.element("tr") { row in
                        row.element("td", text: Formatting.dateTime(line.usedAt, language))
                        row.element("td") { ProPages.offerCell(&$0, line.offerID, offers, layout) }
                        row.element("td", text: line.venueID.map { venues[$0]?.name ?? $0.rawValue } ?? layout.text(.statementOnline))
                        row.element("td", text: layout.text(line.group ? .statementGroup : .statementIndividual))
                        row.element("td", [("class", "number")], text: String(line.quantity))
                        row.element("td", [("class", "number")], text: Formatting.price(cents: line.amountCents, language, zeroAsFree: false))
                    }
                }
            }
        }
    }
}
