import Foundation
import PasserelleCore
import PasserellePass

/// `/pro` for a teacher: the school's budget for the year, and its class bookings with what may still be cancelled.
struct TeacherPage {
    let member: StaffMember
    let school: School?
    let budget: SchoolBudget?
    var notice: String?
    var groups: [GroupBooking] = []
    var offers: [OfferID: Offer] = [:]
    var stocks: [StockID: Stock] = [:]

    func render(_ layout: PageLayout) -> String {
        let name = school?.name ?? member.schoolID?.rawValue ?? ""
        return layout.render(title: layout.text(.proTitle)) { main in
            main.element("h1", text: layout.text(.proTitle) + " — " + name)
            ProPages.signedIn(&main, member, layout)
            if let notice { main.element("p", [("class", "notice"), ("role", "status")], text: notice) }
            if let budget {
                main.element("p", [("class", "credit")], text: layout.text(.budgetLine)
                    .replacingOccurrences(of: "{year}", with: budget.year.description)
                    .replacingOccurrences(of: "{left}", with: Formatting.price(cents: budget.leftCents, layout.language, zeroAsFree: false))
                    .replacingOccurrences(of: "{granted}", with: Formatting.price(cents: budget.grantedCents, layout.language, zeroAsFree: false)))
            }
            main.element("p", text: layout.text(.groupBookIntro))
            main.element("h2", text: layout.text(.groupsHeading))
            var schools: [SchoolID: School] = [:]
            if let school { schools[school.id] = school }
            ProPages.groupTable(&main, groups, layout, offers: offers, stocks: stocks, schools: schools, byVenue: false)
        }
    }
}

/// `/pro/group?stock=…`: a class's request for one dated stock — the class's name, pupils, accompanying adults.
struct GroupBookPage {
    let offer: Offer
    let stock: Stock
    let venue: Venue?
    var placesLeft: Int?
    /// The teacher's school budget (nil when not signed in as a teacher).
    var budget: SchoolBudget?
    var problems: [String] = []
    /// The fields the last form got wrong, each with its message (shown under the field and above the form).
    var fieldProblems: [String: String] = [:]
    var className = ""
    var pupils = 25
    var adults = 2
    var idempotencyKey = UUID().uuidString.lowercased()

    func render(_ layout: PageLayout, signIn: PassAccountForms?, notTeacher: Bool) -> String {
        let language = layout.language
        return layout.render(title: layout.text(.groupBookTitle)) { main in
            main.element("h1", text: layout.text(.groupBookTitle))
            BookPage.summary(&main, layout, offer: offer, stock: stock, venue: venue, placesLeft: placesLeft)
            main.element("p", text: layout.text(.groupBookIntro))
            let messages = problems + ["className", "pupils", "adults"].compactMap { fieldProblems[$0] }
            if !messages.isEmpty {
                main.element("div", [("class", "problems"), ("role", "alert")]) { box in
                    if !fieldProblems.isEmpty { box.element("p", text: layout.text(.passFormProblems)) }
                    box.element("ul") { list in for problem in messages { list.element("li", text: problem) } }
                }
            }
            if placesLeft == 0 { return }
            if notTeacher {
                main.element("p", text: layout.text(.proNotTeacher))
                return
            }
            guard let budget else {
                main.element("p", text: layout.text(.proSignInToBook))
                signIn?.signInForm(&main, layout)
                return
            }
            main.element("p", [("class", "credit")], text: layout.text(.budgetLine)
                .replacingOccurrences(of: "{year}", with: budget.year.description)
                .replacingOccurrences(of: "{left}", with: Formatting.price(cents: budget.leftCents, language, zeroAsFree: false))
                .replacingOccurrences(of: "{granted}", with: Formatting.price(cents: budget.grantedCents, language, zeroAsFree: false)))
            main.element("form", [("method", "post"), ("action", layout.link("/pro/groups")), ("class", "account")]) { form in
                form.void("input", [("type", "hidden"), ("name", "stock"), ("value", stock.id.rawValue)])
                form.void("input", [("type", "hidden"), ("name", "key"), ("value", idempotencyKey)])
                form.element("p") { line in
                    line.element("label", [("for", "className")], text: layout.text(.classNameLabel))
                    line.void("input", [("id", "className"), ("name", "className"), ("type", "text"), ("required", ""), ("maxlength", "40"),
                                        ("value", className.isEmpty ? nil : className)] + invalid("className"))
                    problem(&line, "className")
                }
                for (field, key, range, value) in [("pupils", UIKey.pupilsLabel, GroupBookingRules.pupils, pupils),
                                                    ("adults", UIKey.adultsLabel, GroupBookingRules.adults, adults)] {
                    form.element("p") { line in
                        line.element("label", [("for", field)], text: layout.text(key))
                        line.void("input", [("id", field), ("name", field), ("type", "number"), ("required", ""), ("inputmode", "numeric"),
                                            ("min", String(range.lowerBound)), ("max", String(range.upperBound)), ("value", String(value))] + invalid(field))
                        problem(&line, field)
                    }
                }
                form.element("button", [("type", "submit")], text: layout.text(.groupBookButton))
            }
        }
    }

    /// A field the last form got wrong is marked so, and described by its message.
    private func invalid(_ field: String) -> [HTML.Attribute] {
        fieldProblems[field] == nil ? [] : [("aria-invalid", "true"), ("aria-describedby", "\(field)-problem")]
    }

    private func problem(_ line: inout HTML, _ field: String) {
        if let message = fieldProblems[field] { line.element("span", [("id", "\(field)-problem"), ("class", "hint")], text: message) }
    }

    /// The page's words for the fields a request got wrong.
    static func fieldMessages(_ issues: [FieldIssue], _ layout: PageLayout) -> [String: String] {
        var messages: [String: String] = [:]
        for issue in issues {
            switch issue.field {
            case "className": messages["className"] = layout.text(.classNameProblem)
            case "pupils": messages["pupils"] = layout.text(.pupilsProblem)
            case "adults": messages["adults"] = layout.text(.adultsProblem)
            default: break
            }
        }
        return messages
    }
}
