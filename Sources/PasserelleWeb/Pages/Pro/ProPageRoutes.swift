import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PasserelleCore
import PasserellePass

/// The professional area, `/pro`: venue staff check countermarks at the door, see their bookings, confirm school
/// groups and read their statements; teachers book for a class. Forms only, same-origin checked, answered by a 303
/// or by the page again with what went wrong; the one script (the camera scan) is an enhancement.
struct ProPageRoutes {
    let staff: any StaffStore
    let groups: any GroupBookingStore
    let pass: any PassStore
    let catalogue: any CatalogueStore
    let accounts: ProAccounts
    let notice: String?
    let limits: WebLimits
    let secureCookies: Bool

    /// Bookings and class bookings listed on a desk.
    static let listed = 200

    func register(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.get("/pro") { request, _ in
            let layout = Pages.layout(for: request, notice: notice)
            let flash: UIKey? = switch request.uri.queryParameters.get("done") {
            case nil: nil
            case "used": .deskUsed
            case "saved": .proSaved
            case "requested": .groupRequested
            case "password": .proPasswordChanged
            default: throw Problem.badRequest("`done` is used, saved, requested, password or absent.")
            }
            guard let (member, _) = try await ProSession.member(request, store: staff) else { return Self.page(signIn(layout)) }
            return Self.page(try await home(member, layout, notice: flash.map(layout.text)), script: member.role == .venue)
        }
        routes.post("/pro/signin") { request, context in
            try VisitorSession.requireSameOrigin(request)
            let form = try await FormBody.read(request, limit: limits.formBodyBytes)
            let layout = Pages.layout(for: request, notice: notice)
            var forms = PassAccountForms(email: form.value("email") ?? "", back: form.value("back"), signInAction: "/pro/signin")
            do {
                let (token, _) = try await accounts.signIn(email: forms.email, password: form.value("password") ?? "", address: context.remoteAddress)
                let back = VisitorSession.localPath(forms.back, fallback: layout.link("/pro"))
                return VisitorSession.redirect(to: back, cookie: ProSession.setCookie(token, secure: secureCookies))
            } catch let limited as RateLimited {
                forms.problems = [layout.text(.passTooMany).replacingOccurrences(of: "{n}", with: String(max(1, (limited.retryAfterSeconds + 59) / 60)))]
                return Self.page(signIn(layout, forms), status: .tooManyRequests, retryAfter: limited)
            } catch let problem as Problem where problem.status == 401 {
                forms.problems = [layout.text(.passInvalidCredentials)]
                return Self.page(signIn(layout, forms), status: .unauthorized)
            } catch let error as CoreError where error.code == .invalid {
                forms.problems = [layout.text(.passInvalidCredentials)]
                return Self.page(signIn(layout, forms), status: .unprocessableContent)
            }
        }
        routes.get("/pro/password") { request, _ in
            let layout = Pages.layout(for: request, notice: notice)
            guard let (member, _) = try await ProSession.member(request, store: staff) else { return VisitorSession.redirect(to: layout.link("/pro")) }
            return Self.page(ProPasswordPage(member: member).render(layout))
        }
        routes.post("/pro/password") { request, _ in
            try VisitorSession.requireSameOrigin(request)
            let form = try await FormBody.read(request, limit: limits.formBodyBytes)
            let layout = Pages.layout(for: request, notice: notice)
            // The form is read before the session, as every form is: a malformed one is refused whoever sends it.
            guard let current = form.value("currentPassword"), let new = form.value("newPassword") else {
                throw Problem(.unprocessableContent, code: "invalid", detail: "The form needs `currentPassword` and `newPassword`.")
            }
            guard let (member, _) = try await ProSession.member(request, store: staff) else { return VisitorSession.redirect(to: layout.link("/pro")) }
            var page = ProPasswordPage(member: member)
            do {
                let (token, _) = try await accounts.changePassword(of: member, current: current, new: new)
                return VisitorSession.redirect(to: layout.link("/pro") + (layout.link("/pro").contains("?") ? "&" : "?") + "done=password",
                                               cookie: ProSession.setCookie(token, secure: secureCookies))
            } catch let limited as RateLimited {
                page.problems = [layout.text(.passTooMany).replacingOccurrences(of: "{n}", with: String(max(1, (limited.retryAfterSeconds + 59) / 60)))]
                return Self.page(page.render(layout), status: .tooManyRequests, retryAfter: limited)
            } catch let problem as Problem where problem.status == 403 {
                page.problems = [layout.text(.wrongCurrentPassword)]
                return Self.page(page.render(layout), status: .forbidden)
            } catch let error as CoreError where error.code == .invalid {
                page.problems = error.issues.contains { $0.field == "newPassword" } ? [layout.text(.passWeakPassword)] : [layout.text(.wrongCurrentPassword)]
                return Self.page(page.render(layout), status: .unprocessableContent)
            }
        }
        routes.post("/pro/signout") { request, _ in
            try VisitorSession.requireSameOrigin(request)
            if let (_, session) = try await ProSession.member(request, store: staff) { try await staff.closeStaffSession(tokenHash: session) }
            return VisitorSession.redirect(to: Pages.layout(for: request, notice: nil).link("/pro"), cookie: ProSession.expiredCookie(secure: secureCookies))
        }
        routes.get("/pro/check") { request, _ in
            let layout = Pages.layout(for: request, notice: notice)
            // The query is read before the session, as every form is: a malformed one is refused whoever sends it.
            let code = request.uri.queryParameters.get("code")
            if let code, !(1...40).contains(code.count) { throw Problem.badRequest("`code` is 1 to 40 characters: the countermark as typed.") }
            guard let (member, _) = try await ProSession.member(request, store: staff), member.role == .venue else {
                return VisitorSession.redirect(to: layout.link("/pro"))
            }
            let typed = code ?? ""
            // Counted like the API's countermark checks: a guesser's misses count as much as a door's hits.
            try await accounts.limiter.attempt("countermark", member.institutionID?.rawValue ?? "", under: accounts.limiter.limits.countermarkPerInstitution)
            var page = try await desk(member, layout)
            page.typedCode = typed
            page.check = try await check(typed, by: member)
            if case .found(let booking) = page.check {
                try await collect(offers: [booking.offerID], stocks: [booking.stockID], into: &page.offers, &page.stocks)
            }
            return Self.page(page.render(layout), status: page.check.map { if case .unknown = $0 { .notFound } else { .ok } } ?? .ok, script: true)
        }
        routes.post("/pro/check/use") { request, _ in
            try VisitorSession.requireSameOrigin(request)
            let form = try await FormBody.read(request, limit: limits.formBodyBytes)
            let layout = Pages.layout(for: request, notice: notice)
            guard let code = form.value("code"), (1...40).contains(code.count) else {
                throw Problem(.unprocessableContent, code: "invalid", detail: "The form needs the countermark (`code`, 1 to 40 characters).")
            }
            guard let (member, _) = try await ProSession.member(request, store: staff), member.role == .venue, let institution = member.institutionID else {
                return VisitorSession.redirect(to: layout.link("/pro"))
            }
            guard case .found(let booking) = try await check(code, by: member), let mark = Countermark(reading: booking.countermark) else {
                var page = try await desk(member, layout)
                page.check = .unknown
                return Self.page(page.render(layout), status: .notFound, script: true)
            }
            do {
                _ = try await pass.useBooking(countermark: mark, by: institution, now: Date())
                return VisitorSession.redirect(to: layout.link("/pro") + "&done=used")
            } catch is BookingRefusal {
                // Used or cancelled meanwhile (another desk, the beneficiary): show what it is now.
                var page = try await desk(member, layout)
                page.check = try await check(code, by: member)
                try await collect(offers: [booking.offerID], stocks: [booking.stockID], into: &page.offers, &page.stocks)
                return Self.page(page.render(layout), status: .conflict, script: true)
            }
        }
        routes.post("/pro/groups/{id}/{change}") { request, context in
            try VisitorSession.requireSameOrigin(request)
            let layout = Pages.layout(for: request, notice: notice)
            guard let change = GroupBookingChange(rawValue: context.parameters.get("change") ?? "") else { throw HTTPError(.notFound) }
            guard let (member, _) = try await ProSession.member(request, store: staff) else { return VisitorSession.redirect(to: layout.link("/pro")) }
            do {
                _ = try await groups.changeGroupBooking(context.parameters.get("id") ?? "", change, by: member.groupActor, now: Date())
                return VisitorSession.redirect(to: layout.link("/pro") + "&done=saved")
            } catch let refusal as BookingRefusal {
                let reason = layout.text(.passRefused) + " " + layout.text(MyPassPage.refusalKey(refusal.code.rawValue))
                return Self.page(try await home(member, layout, notice: reason), status: .conflict, script: member.role == .venue)
            }
        }
        routes.get("/pro/group") { request, _ in
            let layout = Pages.layout(for: request, notice: notice)
            let member = try await ProSession.member(request, store: staff)?.0
            let page = try await groupPage(request.uri.queryParameters.get("stock"), for: member)
            let signIn = PassAccountForms(back: layout.link("/pro/group?stock=\(page.stock.id.rawValue)"), signInAction: "/pro/signin")
            return Self.page(page.render(layout, signIn: signIn, notTeacher: member.map { $0.role != .teacher } ?? false))
        }
        routes.post("/pro/groups") { request, _ in
            try VisitorSession.requireSameOrigin(request)
            let form = try await FormBody.read(request, limit: limits.formBodyBytes)
            let layout = Pages.layout(for: request, notice: notice)
            guard let key = form.value("key"), (1...IdempotencyLimits.maximumKeyLength).contains(key.utf8.count),
                  key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }), let stock = form.value("stock").flatMap(StockID.init) else {
                throw Problem(.unprocessableContent, code: "invalid", detail: "The form needs a stock and its key.")
            }
            // Numbers that are not numbers, or a class name past its length, are a malformed form whoever sends it (422);
            // out of the rules' ranges, it is a teacher's mistake, answered on the page with each field's message.
            let className = form.value("className") ?? ""
            guard className.count <= GroupBookingRules.classNameCharacters.upperBound, let pupils = form.value("pupils").flatMap({ Int($0) }),
                  let adults = form.value("adults").map({ Int($0) }) ?? 0 else {
                throw Problem(.unprocessableContent, code: "invalid", detail: "`pupils` and `adults` are whole numbers, `className` at most 40 characters.")
            }
            let asked = GroupBookingRequest(stockID: stock, className: className, pupils: pupils, adults: adults)
            guard let (member, _) = try await ProSession.member(request, store: staff), member.role == .teacher else {
                // The documented bounds only (the rules' finer points, a blank name, are the signed-in teacher's to hear).
                if className.isEmpty || !GroupBookingRules.pupils.contains(pupils) || !GroupBookingRules.adults.contains(adults) {
                    throw Problem(.unprocessableContent, code: "invalid", detail: "Pupils are 1 to 60, adults 0 to 15, the class's name 1 to 40 characters.")
                }
                return VisitorSession.redirect(to: layout.link("/pro/group?stock=\(stock.rawValue)"))
            }
            let request = asked
            do {
                _ = try await groups.requestGroupBooking(request, by: member, idempotencyKey: key, now: Date())
                return VisitorSession.redirect(to: layout.link("/pro") + "&done=requested")
            } catch let refusal as BookingRefusal {
                var page = try await groupPage(stock.rawValue, for: member, keeping: request)
                page.problems = [layout.text(.passRefused) + " " + layout.text(MyPassPage.refusalKey(refusal.code.rawValue))]
                return Self.page(page.render(layout, signIn: nil, notTeacher: false), status: refusal.code == .invalidQuantity ? .unprocessableContent : .conflict)
            } catch let error as CoreError where error.code == .invalid {
                var page = try await groupPage(stock.rawValue, for: member, keeping: request)
                page.fieldProblems = GroupBookPage.fieldMessages(error.issues, layout)
                return Self.page(page.render(layout, signIn: nil, notTeacher: false), status: .unprocessableContent)
            }
        }
        routes.get("/pro/statements/{period}") { request, context in
            let layout = Pages.layout(for: request, notice: notice)
            guard let (member, _) = try await ProSession.member(request, store: staff), member.role == .venue else {
                return VisitorSession.redirect(to: layout.link("/pro"))
            }
            let (statement, name) = try await statement(context.parameters.get("period") ?? "", for: member)
            let (venues, offers) = try await catalogue.read { tx -> ([VenueID: Venue], [OfferID: Offer]) in
                var venues: [VenueID: Venue] = [:]
                for id in Set(statement.lines.compactMap(\.venueID)) { venues[id] = try await tx.venue(id) }
                var offers: [OfferID: Offer] = [:]
                for id in Set(statement.lines.map(\.offerID)) { offers[id] = try await tx.offer(id) }
                return (venues, offers)
            }
            return Self.page(StatementPage(statement: statement, institutionName: name, venues: venues, offers: offers).render(layout))
        }
        routes.get("/pro/statements/{period}/lines.csv") { request, context in
            guard let (member, _) = try await ProSession.member(request, store: staff), member.role == .venue else {
                throw Problem(.unauthorized, code: "unauthenticated", detail: "Sign in to the professional area first.")
            }
            let (statement, _) = try await statement(context.parameters.get("period") ?? "", for: member)
            var headers: HTTPFields = [.contentType: "text/csv; charset=utf-8", .cacheControl: "private, no-store"]
            headers[.contentDisposition] = "attachment; filename=\"passerelle-reimbursement-\(statement.institutionID.rawValue)-\(statement.period).csv\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: ReimbursementRoutes.csv(statement))))
        }
        routes.get("/static/desk.js") { _, _ in
            let buffer = ByteBuffer(string: DeskScript.source)
            return Response(status: .ok, headers: [
                .contentType: "text/javascript; charset=utf-8", .contentLength: String(buffer.readableBytes),
                .cacheControl: "public, max-age=31536000, immutable", .xContentTypeOptions: "nosniff",
            ], body: .init(byteBuffer: buffer))
        }
    }

    private func signIn(_ layout: PageLayout, _ forms: PassAccountForms = PassAccountForms(signInAction: "/pro/signin")) -> String {
        forms.signInPage(layout, title: .proSignInTitle, intro: .proSignInIntro, offersSignUp: false)
    }

    /// The member's home: the desk for venue staff, the school's page for teachers.
    private func home(_ member: StaffMember, _ layout: PageLayout, notice: String?) async throws -> String {
        switch member.role {
        case .venue:
            var page = try await desk(member, layout)
            page.notice = notice
            return page.render(layout)
        case .teacher:
            guard let schoolID = member.schoolID else { throw HTTPError(.notFound) }
            let year = SchoolYear.containing(Date())
            var page = TeacherPage(member: member, school: try await groups.school(schoolID), budget: try await groups.budget(of: schoolID, year: year))
            page.notice = notice
            page.groups = try await groups.groupBookings(ofSchool: schoolID, year: year)
            try await collect(offers: page.groups.map(\.offerID), stocks: page.groups.map(\.stockID), into: &page.offers, &page.stocks)
            return page.render(layout)
        }
    }

    /// The desk of a venue's staff member: the bookings and class bookings they may handle (their venue's when
    /// they have one), with what the tables show of them.
    private func desk(_ member: StaffMember, _ layout: PageLayout) async throws -> VenueDeskPage {
        guard let institution = member.institutionID else { throw HTTPError(.notFound) }
        let (name, venueName) = try await catalogue.read { tx in
            (try await tx.institution(institution)?.name ?? institution.rawValue, try await member.venueID.asyncMap { try await tx.venue($0)?.name } ?? nil)
        }
        var page = VenueDeskPage(member: member, institutionName: name, venueName: venueName)
        let active = try await pass.activeBookings(ofInstitution: institution, venue: member.venueID, limit: Self.listed)
        var live = try await groups.groupBookings(ofInstitution: institution, venue: member.venueID, status: .requested, limit: Self.listed)
        live += try await groups.groupBookings(ofInstitution: institution, venue: member.venueID, status: .confirmed, limit: Self.listed)
        try await collect(offers: active.map(\.offerID) + live.map(\.offerID), stocks: active.map(\.stockID) + live.map(\.stockID), into: &page.offers, &page.stocks)
        page.upcoming = active.filter { member.mayHandle(institution: institution, venue: page.offers[$0.offerID]?.venueID) }
            .sorted { (page.stocks[$0.stockID]?.beginsAt ?? .distantFuture, $0.id) < (page.stocks[$1.stockID]?.beginsAt ?? .distantFuture, $1.id) }
        page.groups = live.sorted { (page.stocks[$0.stockID]?.beginsAt ?? .distantFuture, $0.id) < (page.stocks[$1.stockID]?.beginsAt ?? .distantFuture, $1.id) }
        for school in Set(live.map(\.schoolID)) { page.schools[school] = try await groups.school(school) }
        let thisMonth = StatementPeriod.containing(Date())
        page.months = [thisMonth] + (1...3).compactMap { thisMonth.before($0) }
        return page
    }

    /// The booking a typed or scanned code names, if the member may handle it.
    private func check(_ typed: String, by member: StaffMember) async throws -> DeskCheck {
        guard let institution = member.institutionID, let mark = Countermark(reading: typed),
              let booking = try await staff.booking(countermark: mark, of: institution) else { return .unknown }
        guard member.venueID != nil else { return .found(booking) }
        let venue = try await catalogue.read { try await $0.offer(booking.offerID)?.venueID }
        return member.mayHandle(institution: institution, venue: venue) ? .found(booking) : .unknown
    }

    private func collect(offers ids: [OfferID], stocks stockIDs: [StockID], into offers: inout [OfferID: Offer], _ stocks: inout [StockID: Stock]) async throws {
        let (foundOffers, foundStocks) = try await catalogue.read { tx -> ([OfferID: Offer], [StockID: Stock]) in
            var offers: [OfferID: Offer] = [:]
            for id in Set(ids) { offers[id] = try await tx.offer(id) }
            var stocks: [StockID: Stock] = [:]
            for id in Set(stockIDs) { stocks[id] = try await tx.stock(id) }
            return (offers, stocks)
        }
        offers.merge(foundOffers) { $1 }
        stocks.merge(foundStocks) { $1 }
    }

    /// A statement of the member's institution, of their venue's lines only when they have one.
    private func statement(_ text: String, for member: StaffMember) async throws -> (ReimbursementStatement, String) {
        guard let period = StatementPeriod(text), let institution = member.institutionID else {
            throw Problem(.notFound, code: "not-found", detail: "`\(text.prefix(40))` is not a month (YYYY-MM).")
        }
        let lines = try await pass.usedBookings(of: institution, from: period.start, before: period.end)
            .filter { member.venueID == nil || $0.venueID == member.venueID }
        let name = try await catalogue.read { try await $0.institution(institution)?.name } ?? institution.rawValue
        return (ReimbursementStatement(institutionID: institution, period: period, lines: lines, at: Date()), name)
    }

    /// The class-booking page of an active dated stock of an active on-site offer (404 otherwise).
    private func groupPage(_ stockID: String?, for member: StaffMember?, keeping request: GroupBookingRequest? = nil) async throws -> GroupBookPage {
        guard let id = stockID.flatMap(StockID.init) else { throw HTTPError(.notFound) }
        let found = try await catalogue.read { tx -> (Stock, Offer, Venue?)? in
            guard let stock = try await tx.stock(id), stock.status == .active, stock.beginsAt != nil,
                  let offer = try await tx.offer(stock.offerID), offer.status == .active, offer.access != .online else { return nil }
            return (stock, offer, try await offer.venueID.asyncMap { try await tx.venue($0) } ?? nil)
        }
        guard let (stock, offer, venue) = found else { throw HTTPError(.notFound) }
        var page = GroupBookPage(offer: offer, stock: stock, venue: venue)
        if let quantity = stock.quantity { page.placesLeft = max(0, quantity - (try await pass.bookedPlaces(of: [stock.id])[stock.id] ?? 0)) }
        if let member, member.role == .teacher, let school = member.schoolID {
            page.budget = try await groups.budget(of: school, year: SchoolYear.containing(Date()))
        }
        if let request {
            page.className = request.className
            page.pupils = request.pupils
            page.adults = max(0, request.adults)
        }
        return page
    }

    /// A page of the professional area: never cached; the desk's pages allow their one script.
    private static func page(_ html: String, status: HTTPResponse.Status = .ok, retryAfter: RateLimited? = nil, script: Bool = false) -> Response {
        var headers: HTTPFields = [.cacheControl: "private, no-store", .vary: "Cookie"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter.retryAfterSeconds) }
        var response = Pages.html(html, status: status, headers: headers)
        if script { response.headers[.contentSecurityPolicy] = DeskScript.contentSecurityPolicy }
        return response
    }
}
