import Foundation
import HTTPTypes
import Hummingbird
import PasserelleCore
import PasserellePass

/// The pass's pages, without JavaScript: `/pass` (sign in, or my credit and bookings), `/pass/signup`,
/// `/pass/book?stock=…`, and their forms. Every form is a POST from Passerelle's own pages (checked), answered by a
/// 303 to a page, or by the same page again with what went wrong (and the API's status: 401, 409, 422, 429).
struct PassPageRoutes {
    let store: any PassStore
    let booker: Booker
    let catalogue: any CatalogueStore
    let accounts: PassAccounts
    let policy: CreditPolicy?
    let notice: String?
    let limits: WebLimits
    /// `Secure` cookies when the public origin is HTTPS.
    let secureCookies: Bool

    func register(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.get("/pass") { request, _ in
            let layout = Pages.layout(for: request, notice: notice)
            // Like every page, it refuses what it does not understand rather than ignoring it.
            let flash: UIKey? = switch request.uri.queryParameters.get("done") {
            case nil: nil
            case "booked": .passBooked
            case "cancelled": .passCancelled
            case "pending": .passPendingNotice
            default: throw Problem.badRequest("`done` is booked, cancelled, pending or absent.")
            }
            guard let (beneficiary, _) = try await PassPageSession.beneficiary(request, store: store) else {
                return Self.page(PassAccountForms().signInPage(layout))
            }
            return Self.page(try await myPass(beneficiary, layout, notice: flash.map(layout.text)))
        }
        routes.get("/pass/signup") { request, _ in
            Self.page(PassAccountForms().signUpPage(Pages.layout(for: request, notice: notice)))
        }
        routes.post("/pass/signin") { request, context in
            try VisitorSession.requireSameOrigin(request)
            let form = try await FormBody.read(request, limit: limits.formBodyBytes)
            let layout = Pages.layout(for: request, notice: notice)
            var forms = PassAccountForms(email: form.value("email") ?? "", back: form.value("back"))
            do {
                let opened = try await accounts.signIn(email: forms.email, password: form.value("password") ?? "", address: context.remoteAddress)
                let back = VisitorSession.localPath(forms.back, fallback: layout.link("/pass"))
                return VisitorSession.redirect(to: back, cookie: PassPageSession.setCookie(opened, secure: secureCookies))
            } catch let limited as RateLimited {
                forms.problems = [Self.tooMany(limited, layout)]
                return Self.page(forms.signInPage(layout), status: .tooManyRequests, retryAfter: limited)
            } catch let problem as Problem where problem.status == 401 {
                forms.problems = [layout.text(.passInvalidCredentials)]
                return Self.page(forms.signInPage(layout), status: .unauthorized)
            } catch let error as CoreError where error.code == .invalid {
                forms.problems = [layout.text(.passInvalidCredentials)]
                return Self.page(forms.signInPage(layout), status: .unprocessableContent)
            }
        }
        routes.post("/pass/signup") { request, context in
            try VisitorSession.requireSameOrigin(request)
            let form = try await FormBody.read(request, limit: limits.formBodyBytes)
            let layout = Pages.layout(for: request, notice: notice)
            var forms = PassAccountForms(email: form.value("email") ?? "", birthdate: form.value("birthdate") ?? "")
            do {
                let opened = try await accounts.signUp(
                    email: forms.email, password: form.value("password") ?? "", birthdate: forms.birthdate, address: context.remoteAddress)
                return VisitorSession.redirect(to: layout.link("/pass"), cookie: PassPageSession.setCookie(opened, secure: secureCookies))
            } catch let limited as RateLimited {
                forms.problems = [Self.tooMany(limited, layout)]
                return Self.page(forms.signUpPage(layout), status: .tooManyRequests, retryAfter: limited)
            } catch let error as CoreError where error.code == .invalid {
                forms.problems = PassAccountForms.messages(error.issues, layout)
                return Self.page(forms.signUpPage(layout), status: .unprocessableContent)
            } catch let error as CoreError where error.code == .conflict {
                forms.problems = [layout.text(.passEmailTaken)]
                return Self.page(forms.signUpPage(layout), status: .conflict)
            }
        }
        routes.post("/pass/signout") { request, _ in
            try VisitorSession.requireSameOrigin(request)
            if let (_, session) = try await PassPageSession.beneficiary(request, store: store) { try await store.closeSession(tokenHash: session) }
            return VisitorSession.redirect(to: Pages.layout(for: request, notice: nil).link("/pass"), cookie: PassPageSession.expiredCookie(secure: secureCookies))
        }
        routes.get("/pass/book") { request, _ in
            let layout = Pages.layout(for: request, notice: notice)
            var page = try await bookPage(request.uri.queryParameters.get("stock"), for: try await PassPageSession.beneficiary(request, store: store)?.0)
            page.refusal = nil
            let signIn = PassAccountForms(back: layout.link("/pass/book?stock=\(page.stock.id.rawValue)"))
            return Self.page(page.render(layout, signIn: signIn))
        }
        routes.post("/pass/bookings") { request, _ in
            try VisitorSession.requireSameOrigin(request)
            let form = try await FormBody.read(request, limit: limits.formBodyBytes)
            let layout = Pages.layout(for: request, notice: notice)
            // The form is read before the session: a malformed one is a 422 whoever sends it.
            guard let key = form.value("key"), (1...IdempotencyLimits.maximumKeyLength).contains(key.utf8.count),
                  key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }), let stock = form.value("stock").flatMap(StockID.init),
                  let quantity = Int(form.value("quantity") ?? "1"), (1...50).contains(quantity) else {
                throw Problem(.unprocessableContent, code: "invalid", detail: "The form needs a stock, its key and a quantity from 1 to 50.")
            }
            guard let (beneficiary, _) = try await PassPageSession.beneficiary(request, store: store) else {
                return VisitorSession.redirect(to: layout.link("/pass"))
            }
            let policy = try configuredPolicy()
            do {
                try await accounts.limiter.attempt("booking", beneficiary.id, under: accounts.limiter.limits.bookingPerBeneficiary)
                let outcome = try await booker.book(stock, quantity: quantity, for: beneficiary.id, idempotencyKey: key, policy: policy, now: Date())
                if case .pending = outcome { return VisitorSession.redirect(to: layout.link("/pass") + "&done=pending") }
                return VisitorSession.redirect(to: layout.link("/pass") + "&done=booked")
            } catch is TicketingFailure {
                var page = try await bookPage(form.value("stock"), for: beneficiary)
                page.refusal = layout.text(.providerUnavailable)
                return Self.page(page.render(layout, signIn: nil), status: .serviceUnavailable)
            } catch let refusal as BookingRefusal {
                var page = try await bookPage(form.value("stock"), for: beneficiary)
                page.refusal = layout.text(MyPassPage.refusalKey(refusal.code.rawValue))
                return Self.page(page.render(layout, signIn: nil), status: refusal.code == .invalidQuantity ? .unprocessableContent : .conflict)
            } catch let limited as RateLimited {
                var page = try await bookPage(form.value("stock"), for: beneficiary)
                page.refusal = Self.tooMany(limited, layout)
                return Self.page(page.render(layout, signIn: nil), status: .tooManyRequests, retryAfter: limited)
            }
        }
        routes.post("/pass/bookings/{id}/cancel") { request, context in
            try VisitorSession.requireSameOrigin(request)
            let layout = Pages.layout(for: request, notice: notice)
            guard let (beneficiary, _) = try await PassPageSession.beneficiary(request, store: store) else {
                return VisitorSession.redirect(to: layout.link("/pass"))
            }
            do {
                _ = try await store.cancelBooking(context.parameters.get("id") ?? "", by: .beneficiary(beneficiary.id), policy: try configuredPolicy(), now: Date())
                return VisitorSession.redirect(to: layout.link("/pass") + "&done=cancelled")
            } catch let refusal as BookingRefusal {
                let reason = layout.text(.passRefused) + " " + layout.text(MyPassPage.refusalKey(refusal.code.rawValue))
                return Self.page(try await myPass(beneficiary, layout, notice: reason), status: .conflict)
            }
        }
    }

    private func configuredPolicy() throws -> CreditPolicy {
        guard let policy else {
            throw Problem(.serviceUnavailable, code: "pass-not-configured", detail: "The culture pass has no policy configured on this server.")
        }
        return policy
    }

    private func myPass(_ beneficiary: Beneficiary, _ layout: PageLayout, notice: String?) async throws -> String {
        let policy = try configuredPolicy()
        let bookings = try await store.bookings(of: beneficiary.id)
        let wallet = try await store.wallet(of: beneficiary.id, policy: policy, at: Date())
        let offers = try await catalogue.read { tx in
            var found: [OfferID: Offer] = [:]
            for id in Set(bookings.map(\.offerID)) { found[id] = try await tx.offer(id) }
            return found
        }
        var page = MyPassPage(beneficiary: beneficiary, wallet: wallet, policy: policy, bookings: bookings, offers: offers)
        page.notice = notice
        return page.render(layout)
    }

    /// The page of an active stock of an active offer (404 otherwise), with the beneficiary's wallet if signed in.
    private func bookPage(_ stockID: String?, for beneficiary: Beneficiary?) async throws -> BookPage {
        let policy = try configuredPolicy()
        guard let id = stockID.flatMap(StockID.init) else { throw HTTPError(.notFound) }
        let found = try await catalogue.read { tx -> (Stock, Offer, Venue?)? in
            guard let stock = try await tx.stock(id), stock.status == .active,
                  let offer = try await tx.offer(stock.offerID), offer.status == .active else { return nil }
            return (stock, offer, try await offer.venueID.asyncMap { try await tx.venue($0) } ?? nil)
        }
        guard let (stock, offer, venue) = found else { throw HTTPError(.notFound) }
        let wallet = try await beneficiary.asyncMap { try await store.wallet(of: $0.id, policy: policy, at: Date()) }
        var page = BookPage(offer: offer, stock: stock, venue: venue, wallet: wallet, maximumQuantity: policy.maximumQuantityPerBooking)
        if let quantity = stock.quantity {
            page.placesLeft = max(0, quantity - (try await store.bookedPlaces(of: [stock.id])[stock.id] ?? 0))
        }
        return page
    }

    /// A page of the pass: never cached (it is one person's, or a form).
    private static func page(_ html: String, status: HTTPResponse.Status = .ok, retryAfter: RateLimited? = nil) -> Response {
        var headers: HTTPFields = [.cacheControl: "private, no-store", .vary: "Cookie"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter.retryAfterSeconds) }
        return Pages.html(html, status: status, headers: headers)
    }

    private static func tooMany(_ limited: RateLimited, _ layout: PageLayout) -> String {
        layout.text(.passTooMany).replacingOccurrences(of: "{n}", with: String(max(1, (limited.retryAfterSeconds + 59) / 60)))
    }
}
