#!/usr/bin/env python3
"""A young person's journey through the culture pass's pages in headless Chromium, with axe-core on every page.

    python3 scripts/a11y/pass_journey.py [PASSERELLE_BINARY]      # default: .build/debug/passerelle

1. Same bootstrap as site_journey.py (browser_common.py): Debian's chromium and chromium-driver when missing (as root),
   Selenium and axe-selenium-python in the git-ignored .venv-browser/, then it runs again inside that venv. The
   EcoIndex formula and grades are first checked against ../shared/realdata/ecoindex-vectors.
2. Copies the binary aside and runs `passerelle serve` on a fresh SQLite database in a scratch folder, with
   PASSERELLE_PASS_POLICY naming config/pass-policy.json (for `serve` and the CLI alike). `passerelle institution
   create` gives an API key, with which a venue, a work, an offer and two stocks are written through the API: one of
   ten places, one of a single place (it sells out). Both are 15 € and in 2099 (so cancellable).
3. A browser that asks for French: the offer page, its "Réserver avec le pass" link, the booking page signed out (a
   sign-in form), its "Créer mon compte" link, the sign-up form filled in and sent (lands on /pass: not verified yet);
   the sign-up form again with a bad email and a short password, sent past the browser's own validation (a 422 page
   with a role="alert" box, the email kept); `passerelle pass beneficiary verify` (150 € granted); the booking page,
   1 place, confirmed (/pass shows the booking, its countermark and its QR Code); cancelled (/pass says so); signed
   out; the single place's booking page signed out, a wrong password (a 401 page), the right one (back to that booking
   page); that place taken by another beneficiary over the API meanwhile, so the form answers 409 (sold out), and the
   booking page then shows no form at all. Then, in English and in Polish: the offer page
   and its link, the booking page, /pass, the sign-up page; in Polish also signing out and a wrong password.
4. Every page gets: axe-core (WCAG 2.1 A/AA) with 0 violations, exactly one h1, <html lang> of its language, HTML under
   100 KB (the very response the browser got, so also a form's 401/409/422), no request to another host, EcoIndex of
   at least 75, every form field labelled, every inline SVG with role="img" and a <title>, no session token in the
   page (nor in its URL), the passerelle_pass cookie HttpOnly and SameSite=Lax whenever a new one is set, and a
   full-page screenshot plus its HTML under .build/a11y/pass/; .build/a11y/pass/summary.json has each page's figures.
5. Stops the server with SIGTERM, prints `pass journey: N pages, N violations, N failed checks` and exits 1 on any
   violation or failed check.
"""
import json
import os
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import uuid

from browser_common import (HTTP, MAX_HTML_BYTES, REPO, Server, bootstrap, copy_binary, document_response, ecoindex_matches_reference,
                            measure, open_browser, performance_messages, request, requests_made, run_axe, save_page)
from site_journey import Journey, JourneyChecks  # the browser's moves (visit, act, element, button…) and the tally

NAME = "pass journey"
SHOTS = os.path.join(REPO, ".build", "a11y", "pass")
POLICY = os.path.join(REPO, "config", "pass-policy.json")
MIN_ECOINDEX = 75
SESSION_COOKIE = "passerelle_pass"
OFFER, STOCK, LAST = "pass-a11y-offer", "pass-a11y-stock", "pass-a11y-last"  # LAST: a single place
EMAIL, PASSWORD, BIRTHDATE = "camille.a11y@example.org", "tulipe verte au vent", "2008-01-01"  # 18 years old in 2026
BAD_EMAIL, SHORT_PASSWORD, WRONG_PASSWORD = "camille-sans-arobase", "court", "ce n'est pas le bon"
assert len(PASSWORD) == 20
# The words the journey looks for, per language (Sources/PasserelleWeb/Pages/Pass/PassStrings.swift).
WORDS = {
    "fr": {"book": "Réserver avec le pass", "signup_link": "Créer mon compte", "unverified": "pas encore vérifiée",
           "booked": "Réservation confirmée", "cancelled": "Réservation annulée", "cancel": "Annuler cette réservation",
           "status_cancelled": "Annulée", "signout": "Se déconnecter", "sold_out": "il ne reste plus assez de places", "complet": "Complet : il ne reste aucune place.",
           "qr": "Code QR de la contremarque", "signed_in": "Connecté·e"},
    "en": {"book": "Book with the pass", "qr": "QR code of countermark", "signed_in": "Signed in as"},
    "pl": {"book": "Zarezerwuj z karnetem", "qr": "Kod QR kodu wejściowego", "signed_in": "Zalogowano jako", "signout": "Wyloguj się"},
}

VENUE = {"name": "Théâtre de la Passerelle", "kind": "museum",
         "address": {"street": "1 rue de Rivoli", "postalCode": "75001", "city": "Paris"}, "communeCode": "75056",
         "departementCode": "75", "regionCode": "11", "coordinates": {"latitude": 48.86, "longitude": 2.34},
         "accessibility": [], "website": "https://example.org/", "description": {"fr": "Une salle de spectacle"}}
WORK = {"title": {"fr": "Le Misanthrope"}, "categoryID": "live-performance.theatre", "creators": ["Molière"], "languages": ["fr"]}
OFFER_BODY = {"title": {"fr": "Le Misanthrope, en matinée"}, "description": {"fr": "Une comédie en cinq actes"},
              "categoryID": "live-performance.theatre", "access": "hybrid", "venueID": "pass-a11y-venue", "workID": "pass-a11y-work",
              "onlineURL": "https://example.org/live", "bookingURL": "https://example.org/book",
              "price": {"minCents": 1500, "maxCents": 1500}, "startsAt": "2026-01-01T20:00:00Z", "endsAt": "2099-12-31T22:00:00Z",
              "languages": ["fr"]}
STOCKS = [{"id": STOCK, "beginsAt": "2099-06-01T20:00:00Z", "quantity": 10, "priceCents": 1500, "bookingLimit": "2099-06-01T18:00:00Z"},
          {"id": LAST, "beginsAt": "2099-06-08T20:00:00Z", "quantity": 1, "priceCents": 1500, "bookingLimit": "2099-06-08T18:00:00Z"}]

# Form fields (not hidden, not buttons) with no label: no <label for>, no wrapping label, no aria-label(ledby).
UNLABELLED = """return [...document.querySelectorAll('input, select, textarea')]
    .filter(f => !['hidden', 'submit', 'button', 'reset', 'image'].includes(f.type))
    .filter(f => !(f.labels && [...f.labels].some(l => l.textContent.trim())) && !f.getAttribute('aria-label')
                 && !f.getAttribute('aria-labelledby'))
    .map(f => f.outerHTML)"""
# Every inline SVG: its role and the text of its <title> (its first child, so that it names the image).
SVGS = """return [...document.querySelectorAll('svg')].map(s => ({role: s.getAttribute('role'),
    title: s.querySelector(':scope > title')?.textContent.trim() || '', first: s.firstElementChild?.tagName.toLowerCase(),
    width: s.getBoundingClientRect().width, height: s.getBoundingClientRect().height, html: s.outerHTML.slice(0, 160)}))"""


class PassJourney(Journey):
    """site_journey's Journey with the pass's own page checks: the browser's own response, labels, SVGs, the session."""

    def __init__(self, driver, server, checks):
        super().__init__(driver, server, checks, ("", ""))
        self.lang, self.tokens, self.cookies_seen = "fr", set(), set()

    def session_cookie(self):
        return next((c for c in self.driver.get_cookies() if c["name"] == SESSION_COOKIE), None)

    def check_page(self, name, status=200):
        url, checks, driver = self.driver.current_url, self.checks, self.driver
        path = url[len(self.server.base):]
        print(f"\n== {urllib.parse.unquote(path)}")
        messages = performance_messages(driver)
        answer = document_response(driver, messages)
        if answer is None:  # the browser no longer holds it: the same GET again, with its cookies
            print("  (the browser's own response is not available: fetched again with its cookies)")
            answer = self.fetch(url)
        got, html = answer
        checks.check(f"{urllib.parse.unquote(path)} answered {status}", got == status, str(got))
        checks.check(f"HTML under {MAX_HTML_BYTES // 1000} KB ({len(html):,} bytes)", len(html) < MAX_HTML_BYTES)
        violations = run_axe(driver, checks)
        h1 = self.js("return document.querySelectorAll('h1').length")
        checks.check("exactly one h1", h1 == 1, f"{h1} h1")
        lang = self.js("return document.documentElement.lang")
        checks.check(f"<html lang> is {self.lang}", lang == self.lang, repr(lang))
        requested, foreign = requests_made(driver, url, messages)
        checks.check(f"no request to another host ({len(set(requested))} requests)", not foreign, ", ".join(foreign))
        eco = measure(driver, html, requested)
        checks.check(f"EcoIndex {eco['score']:.1f}, grade {eco['grade']} (at least {MIN_ECOINDEX}): {eco['dom']} elements, "
                     f"{eco['requests']} requests, {eco['size_kb']:.1f} KB", eco["score"] >= MIN_ECOINDEX)
        unlabelled = self.js(UNLABELLED)
        fields = self.js("return document.querySelectorAll('input:not([type=hidden]), select, textarea').length")
        checks.check(f"every form field has a label ({fields} fields)", not unlabelled, "; ".join(h[:160] for h in unlabelled))
        svgs = self.js(SVGS)
        bad = [s for s in svgs if s["role"] != "img" or not s["title"] or s["first"] != "title"]
        if svgs:
            checks.check(f"every inline SVG ({len(svgs)}) has role=\"img\" and a <title> first", not bad,
                         "; ".join(f"role={s['role']!r} title={s['title']!r}: {s['html']}" for s in bad))
        cookie = self.session_cookie()
        if cookie and cookie["value"] not in self.cookies_seen:
            self.cookies_seen.add(cookie["value"])
            checks.check(f"a new {SESSION_COOKIE} cookie: HttpOnly, SameSite=Lax, Path=/",
                         cookie.get("httpOnly") is True and cookie.get("sameSite") == "Lax" and cookie.get("path") == "/",
                         str({k: cookie.get(k) for k in ("httpOnly", "sameSite", "path", "secure")}))
        if cookie:
            self.tokens.add(cookie["value"])
        source = driver.page_source
        leaked = [t for t in self.tokens if t.encode() in html or t in source or t in url]
        checks.check(f"no session token in the page or its URL ({len(self.tokens)} known)", not leaked)
        target = os.path.join(SHOTS, f"{len(self.pages) + 1:02}-{name}.png")
        height = save_page(driver, target, html)
        print(f"  screenshot {os.path.relpath(target, REPO)} (1280x{height}), HTML beside it")
        self.violations += len(violations)
        self.pages.append({"name": name, "url": path, "lang": self.lang, "status": got, "bytes": len(html), "requests": eco["requests"],
                           "dom": eco["dom"], "size_kb": round(eco["size_kb"], 1), "ecoindex": round(eco["score"], 1),
                           "grade": eco["grade"], "screenshot": os.path.relpath(target, REPO),
                           "violations": [{"id": v["id"], "impact": v["impact"], "help": v["help"], "helpUrl": v.get("helpUrl"),
                                           "nodes": [{"target": n["target"], "html": n["html"], "summary": n.get("failureSummary")}
                                                     for n in v["nodes"]]}
                                          for v in violations]})

    # ------------------------------------------------------------------------------------------ helpers

    def main_text(self):
        return self.js("return document.querySelector('main')?.textContent.replace(/\\s+/g, ' ').trim() || ''")

    def link(self, text):
        """The first link in main whose text contains `text`, or None."""
        return self.js("return [...document.querySelectorAll('main a')].find(a => a.textContent.includes(arguments[0])) || null", text)

    def fill(self, selector, value):
        field = self.element(selector)
        if field is not None:
            field.clear()
            field.send_keys(value)
        return field

    def alert(self):
        return self.js("return document.querySelector('main [role=alert]')?.textContent.replace(/\\s+/g, ' ').trim() || ''")

    def bookings(self):
        """Each booking of /pass: its text, countermark, QR SVG title (or None) and buttons."""
        return self.js("""return [...document.querySelectorAll('main ul.bookings > li')].map(li => ({
            text: li.textContent.replace(/\\s+/g, ' ').trim(), code: li.querySelector('code.countermark')?.textContent.trim() || '',
            status: li.querySelector('strong')?.textContent.trim() || '',
            qr: li.querySelector('svg') ? (li.querySelector('svg > title')?.textContent || '') : null,
            qrSize: li.querySelector('svg') ? li.querySelector('svg').getBoundingClientRect().width : 0,
            buttons: [...li.querySelectorAll('button')].map(b => b.textContent.trim())}))""")

    def credit(self):
        return self.js("return document.querySelector('main p.credit')?.textContent.trim() || ''")

    def submit(self, scope):
        """Presses the submit button of the first form matching `scope`."""
        button = self.element(f"{scope} button[type=submit]")
        if self.checks.check(f"a submit button in {scope}", button is not None):
            self.act(button.click)
            return True
        return False


# ---------------------------------------------------------------------------------------------- the data

def seed(server, checks):
    """An institution (its API key from the CLI), then the venue, work, offer and two stocks through the API."""
    print("\n== data: an institution, a venue, a work, an offer and two stocks through the API")
    made = server.cli("institution", "create", "Passerelle a11y")
    key = (made.stdout.strip().splitlines() or [""])[-1]
    if not checks.check("`passerelle institution create` printed an API key (psl_…) last", key.startswith("psl_"),
                        f"exit {made.returncode}: {made.stdout[-300:]} {made.stderr[-300:]}"):
        return False
    ok = True
    for method, path, body in (("PUT", "/api/v1/venues/pass-a11y-venue", VENUE), ("PUT", "/api/v1/works/pass-a11y-work", WORK),
                               ("PUT", f"/api/v1/offers/{OFFER}", OFFER_BODY),
                               *(("POST", f"/api/v1/offers/{OFFER}/stocks", stock) for stock in STOCKS)):
        got, answer = request(server.base + path, body, key, method=method)
        ok &= checks.check(f"{method} {path} is 201", got == 201, f"{got}: {answer[:300]!r}")
    return ok


# ---------------------------------------------------------------------------------------------- the steps

def offer_to_signup(j):
    print("\n-- 1. the offer page, its 'Réserver avec le pass' link, the booking page signed out, 'Créer mon compte'")
    w = WORDS["fr"]
    j.visit(f"/offers/{OFFER}")
    j.check_page("offer")
    links = j.js("return [...document.querySelectorAll('main a[href*=\"/pass/book?stock=\"]')].map(a => [a.textContent.trim(), a.getAttribute('href')])")
    j.checks.check(f"each of the 2 stocks links '{w['book']}' to /pass/book?stock=…: {links}",
                   len(links) == 2 and all(text == w["book"] for text, _ in links)
                   and {urllib.parse.parse_qs(urllib.parse.urlsplit(h).query).get("stock", [""])[0] for _, h in links} == {STOCK, LAST})
    link = j.element(f'main a[href*="stock={STOCK}"]')
    if not j.checks.check(f"a link to the booking page of {STOCK}", link is not None):
        return False
    j.act(link.click)
    j.checks.check(f"it opens /pass/book?stock={STOCK}", j.path() == "/pass/book" and j.query().get("stock") == STOCK, j.driver.current_url)
    j.check_page("book-signed-out")
    back = j.js("return document.querySelector('main form input[name=back]')?.value")
    j.checks.check("signed out, it shows a sign-in form (email, password) coming back here (input back)",
                   j.element('main form[action*="/pass/signin"] input#email[type=email]') is not None
                   and j.element('main form[action*="/pass/signin"] input#password[type=password]') is not None
                   and back is not None and f"stock={STOCK}" in back, f"back={back!r}")
    j.checks.check("and no confirm button (no form to /pass/bookings)", j.element('main form[action*="/pass/bookings"]') is None)
    signup = j.link(w["signup_link"])
    if not j.checks.check(f"a link '{w['signup_link']}'", signup is not None):
        return False
    j.act(signup.click)
    j.checks.check("it opens /pass/signup", j.path() == "/pass/signup", j.driver.current_url)
    return True


def sign_up(j):
    print("\n-- 2. the sign-up form filled in and sent: /pass, not verified yet")
    w = WORDS["fr"]
    j.check_page("signup")
    hint = j.js("return document.querySelector('#password')?.getAttribute('aria-describedby')")
    j.checks.check("the password field is described by its hint (aria-describedby)",
                   bool(hint) and j.element(f"#{hint}") is not None, repr(hint))
    autocomplete = j.js("return ['email', 'password', 'birthdate'].map(i => document.getElementById(i)?.autocomplete)")
    j.checks.check(f"the fields say what they hold (autocomplete {autocomplete})", autocomplete == ["email", "new-password", "bday"])
    if not (j.fill("#email", EMAIL) and j.fill("#password", PASSWORD)):
        return j.checks.check("the sign-up form has #email and #password", False)
    # A date field is typed in the browser's locale's order: its value is set as the date picker would set it.
    j.js("document.getElementById('birthdate').value = arguments[0]", BIRTHDATE)
    j.checks.check(f"the birthdate field holds {BIRTHDATE}", j.js("return document.getElementById('birthdate')?.value") == BIRTHDATE)
    if not j.submit('main form[action*="/pass/signup"]'):
        return False
    j.checks.check("signing up lands on /pass", j.path() == "/pass", j.driver.current_url)
    j.check_page("pass-unverified")
    text = j.main_text()
    j.checks.check(f"/pass says who is signed in and that the identity is not verified yet ('{w['unverified']}')",
                   EMAIL in text and w["signed_in"] in text and w["unverified"] in text, text[:300])
    j.checks.check(f"a {SESSION_COOKIE} cookie is set", j.session_cookie() is not None)
    return True


def bad_sign_up(j):
    print("\n-- 3. the sign-up form again, a bad email and a short password: the 422 page")
    j.visit("/pass/signup")
    if not (j.fill("#email", BAD_EMAIL) and j.fill("#password", SHORT_PASSWORD)):
        return j.checks.check("the sign-up form has #email and #password", False)
    j.js("document.getElementById('birthdate').value = arguments[0]", BIRTHDATE)
    stopped = j.js("return !document.querySelector('main form[action*=\"/pass/signup\"]').checkValidity()")
    j.checks.check("the browser's own validation would stop this form first (type=email, minlength)", stopped)
    # Sent as a browser without constraint validation would send it: the server has to say what is wrong itself.
    j.js("document.querySelector('main form[action*=\"/pass/signup\"]').noValidate = true")
    if not j.submit('main form[action*="/pass/signup"]'):
        return False
    j.check_page("signup-errors", status=422)
    alert = j.alert()
    items = j.texts("main [role=alert] li")
    j.checks.check(f"a role=\"alert\" box says what is wrong: {alert!r}", bool(alert) and len(items) >= 1)
    j.checks.check(f"it names both problems, the email and the password ({len(items)} item(s))",
                   any("adresse" in i.lower() for i in items) and any("mot de passe" in i.lower() for i in items), str(items))
    kept = j.js("return document.getElementById('email')?.value")
    j.checks.check(f"the email field keeps what was typed ({BAD_EMAIL!r})", kept == BAD_EMAIL, repr(kept))
    j.checks.check("the password field is empty again", j.js("return document.getElementById('password')?.value") == "")
    j.checks.check("the alert comes before the form", j.js(
        "const a = document.querySelector('main [role=alert]'), f = document.querySelector('main form');"
        "return !!(a && f && (a.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING))"))
    return True


def verify(j):
    print(f"\n-- 4. passerelle pass beneficiary verify {EMAIL}")
    done = j.server.cli("pass", "beneficiary", "verify", EMAIL)
    print("  " + (done.stdout.strip() or done.stderr.strip()).replace("\n", "\n  "))
    j.checks.page = None
    return j.checks.check("the CLI verified the beneficiary and granted 150.00 €", done.returncode == 0 and "Granted 150.00" in done.stdout,
                          f"exit {done.returncode}: {done.stderr[-300:]}")


def book_and_cancel(j):
    from selenium.webdriver.support.ui import Select

    print("\n-- 5. the booking page, 1 place, confirmed; /pass with the countermark and its QR Code; cancelled")
    w = WORDS["fr"]
    j.visit(f"/pass/book?stock={STOCK}")
    j.check_page("book")
    j.checks.check(f"the credit left is 150 €: {j.credit()!r}", "150" in j.credit())
    select = j.element("main select#quantity")
    options = j.js("return [...document.querySelectorAll('#quantity option')].map(o => o.value)")
    if not j.checks.check(f"a select#quantity (options {options}) and a confirm button", select is not None and options == ["1", "2"]
                          and j.element('main form[action*="/pass/bookings"] button[type=submit]') is not None):
        return False
    Select(select).select_by_value("1")
    if not j.submit('main form[action*="/pass/bookings"]'):
        return False
    j.checks.check("booking lands on /pass?…done=booked", j.path() == "/pass" and j.query().get("done") == "booked", j.driver.current_url)
    j.check_page("pass-booked")
    notice = j.js("return document.querySelector('main p.notice[role=status]')?.textContent.trim() || ''")
    j.checks.check(f"a role=status notice: {notice!r}", notice.startswith(w["booked"]))
    bookings = j.bookings()
    first = bookings[0] if bookings else {}
    j.checks.check(f"one booking, with its countermark {first.get('code')!r}", len(bookings) == 1 and bool(first.get("code")), str(bookings))
    j.checks.check(f"its QR Code SVG (role=img) is titled with the code: {first.get('qr')!r}",
                   bool(first.get("qr")) and first.get("code", "?") in first["qr"] and first["qr"].startswith(w["qr"]))
    j.checks.check(f"the QR Code is drawn at a scannable size ({first.get('qrSize', 0):.0f} px wide)", first.get("qrSize", 0) >= 80)
    j.checks.check(f"the credit left is 135 €: {j.credit()!r}", "135" in j.credit())
    cancel = j.button("main ul.bookings", w["cancel"])
    if not j.checks.check(f"a '{w['cancel']}' button", cancel is not None, str(first.get("buttons"))):
        return False
    j.act(cancel.click)
    j.checks.check("cancelling lands on /pass?…done=cancelled", j.path() == "/pass" and j.query().get("done") == "cancelled",
                   j.driver.current_url)
    j.check_page("pass-cancelled")
    notice = j.js("return document.querySelector('main p.notice[role=status]')?.textContent.trim() || ''")
    j.checks.check(f"a role=status notice: {notice!r}", notice.startswith(w["cancelled"]))
    bookings = j.bookings()
    first = bookings[0] if bookings else {}
    j.checks.check(f"the booking is '{w['status_cancelled']}', without QR Code nor cancel button",
                   first.get("status") == w["status_cancelled"] and first.get("qr") is None and not first.get("buttons"), str(bookings))
    j.checks.check(f"the credit left is 150 € again: {j.credit()!r}", "150" in j.credit())
    return True


def sign_out_and_in(j):
    print("\n-- 6. signed out; the single place's booking page, a wrong password (401), the right one")
    w = WORDS["fr"]
    token = j.session_cookie()["value"] if j.session_cookie() else None
    signout = j.button("main form", w["signout"])
    if not j.checks.check(f"a '{w['signout']}' button", signout is not None):
        return False
    j.act(signout.click)
    j.checks.check("signing out lands on /pass", j.path() == "/pass", j.driver.current_url)
    j.check_page("signed-out")
    j.checks.check(f"the {SESSION_COOKIE} cookie is gone", j.session_cookie() is None, str(j.session_cookie()))
    j.checks.check("/pass shows the sign-in form", j.element('main form[action*="/pass/signin"] input#password') is not None)
    if token:
        try:
            with HTTP.open(urllib.request.Request(j.server.base + "/pass", headers={"Cookie": f"{SESSION_COOKIE}={token}"}), timeout=30) as a:
                old = a.read().decode()
        except urllib.error.HTTPError as error:
            old = error.read().decode()
        j.checks.check("the old session token no longer opens /pass (the session is closed, not only the cookie)",
                       EMAIL not in old and 'action="/pass/signin' in old.replace("&amp;", "&"))
    j.visit(f"/pass/book?stock={LAST}")
    j.check_page("book-last-signed-out")
    if not (j.fill("#email", EMAIL) and j.fill("#password", WRONG_PASSWORD)):
        return j.checks.check("the booking page has the sign-in form (#email, #password)", False)
    if not j.submit('main form[action*="/pass/signin"]'):
        return False
    j.check_page("signin-wrong", status=401)
    j.checks.check(f"a role=\"alert\" box says the email and password match no account: {j.alert()!r}", "aucun compte" in j.alert())
    kept = j.js("return document.getElementById('email')?.value")
    j.checks.check("the email field keeps what was typed, the password field is empty",
                   kept == EMAIL and j.js("return document.getElementById('password')?.value") == "", repr(kept))
    back = j.js("return document.querySelector('main form input[name=back]')?.value")
    j.checks.check(f"the form still comes back to the booking page (back={back!r})", back is not None and f"stock={LAST}" in back)
    if not j.fill("#password", PASSWORD) or not j.submit('main form[action*="/pass/signin"]'):
        return False
    j.checks.check(f"signing in comes back to /pass/book?stock={LAST}", j.path() == "/pass/book" and j.query().get("stock") == LAST,
                   j.driver.current_url)
    j.check_page("book-last")
    j.checks.check("a new session: a cookie unlike the closed one", j.session_cookie() is not None and j.session_cookie()["value"] != token)
    return True


def sell_out(j):
    print("\n-- 7. the single place taken by someone else while the booking page is open: sold out (409), then no form at all")
    w = WORDS["fr"]
    # Another beneficiary (an operator-made one, through the API) books the last place after this page was drawn.
    made = j.server.cli("pass", "beneficiary", "create", "other@example.org", "--birthdate", "2008-01-01")
    token = (made.stdout.strip().splitlines() or [""])[-1]
    if not j.checks.check("`pass beneficiary create` printed a session token (pss_…) last", token.startswith("pss_"),
                          f"exit {made.returncode}: {made.stderr[-300:]}"):
        return False
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())}
    body = json.dumps({"stockID": LAST, "quantity": 1}).encode()
    try:
        with HTTP.open(urllib.request.Request(j.server.base + "/api/v1/bookings", data=body, headers=headers), timeout=30) as answer:
            taken = answer.status
    except urllib.error.HTTPError as error:
        taken = error.code
    j.checks.page = None
    j.checks.check("the other beneficiary booked the last place over the API (201)", taken == 201, str(taken))
    if not j.submit('main form[action*="/pass/bookings"]'):
        return False
    j.checks.check("the refused booking stays on /pass/bookings' answer", j.path() == "/pass/bookings", j.driver.current_url)
    j.check_page("book-sold-out", status=409)
    j.checks.check(f"a role=\"alert\" box says why ('{w['sold_out']}'): {j.alert()!r}", w["sold_out"] in j.alert())
    j.visit(f"/pass/book?stock={LAST}")
    j.check_page("book-sold-out-again")
    j.checks.check(f"the booking page says '{w['complet']}' and has no form to send",
                   w["complet"] in j.main_text() and j.element('main form[action*="/pass/bookings"]') is None, j.main_text()[:300])
    # A booking kept active, for the QR Code of the pages in the other languages.
    j.visit(f"/pass/book?stock={STOCK}")
    if not j.submit('main form[action*="/pass/bookings"]'):
        return False
    j.checks.check("booking lands on /pass?…done=booked", j.path() == "/pass" and j.query().get("done") == "booked", j.driver.current_url)
    j.check_page("pass-booked-again")
    return True


def other_languages(j):
    print("\n-- 8. the key pages in English and in Polish")
    for lang in ("en", "pl"):
        w = WORDS[lang]
        j.lang = lang
        j.visit(f"/offers/{OFFER}?lang={lang}")
        j.check_page(f"offer-{lang}")
        link = j.element(f'main a[href*="stock={STOCK}"]')
        if not j.checks.check(f"the stock links '{w['book']}'", link is not None and link.text.strip() == w["book"],
                              repr(link.text) if link else "no link"):
            return False
        j.act(link.click)
        j.checks.check(f"the booking page stays in {lang}", j.query().get("lang") == lang, j.driver.current_url)
        j.check_page(f"book-{lang}")
        j.visit(f"/pass?lang={lang}")
        j.check_page(f"pass-{lang}")
        active = [b for b in j.bookings() if b["qr"] is not None]
        j.checks.check(f"/pass says '{w['signed_in']}' and titles the QR Code in {lang}: {active[0]['qr'] if active else None!r}",
                       w["signed_in"] in j.main_text() and len(active) == 1 and active[0]["qr"].startswith(w["qr"]))
        j.visit(f"/pass/signup?lang={lang}")
        j.check_page(f"signup-{lang}")
    j.visit("/pass?lang=pl")
    signout = j.button("main form", WORDS["pl"]["signout"])
    if not j.checks.check(f"a '{WORDS['pl']['signout']}' button", signout is not None):
        return False
    j.act(signout.click)
    j.check_page("signed-out-pl")
    if not (j.fill("#email", EMAIL) and j.fill("#password", WRONG_PASSWORD)) or not j.submit('main form[action*="/pass/signin"]'):
        return False
    j.check_page("signin-wrong-pl", status=401)
    j.checks.check(f"the alert is in Polish: {j.alert()!r}", "nie pasują" in j.alert())
    return True


# ---------------------------------------------------------------------------------------------- main

def write_summary(journey):
    for n, page in enumerate(journey.pages):
        page["failed_checks"] = [title for where, title in journey.checks.failures if where == n]
    elsewhere = [title for where, title in journey.checks.failures if where is None]
    summary = {"min_ecoindex": MIN_ECOINDEX, "pages": journey.pages, "violations": journey.violations, "failed_checks_off_pages": elsewhere}
    path = os.path.join(SHOTS, "summary.json")
    with open(path, "w") as f:
        json.dump(summary, f, ensure_ascii=False, indent=2)
    print(f"\nsummary {os.path.relpath(path, REPO)}")
    for page in journey.pages:
        print(f"  {page['ecoindex']:5.1f} {page['grade']}  {page['status']}  {page['bytes']:>6,} B  {page['dom']:>4} elements  "
              f"{page['requests']} requests  {len(page['violations'])} violations  {urllib.parse.unquote(page['url'])}")


def prepare(argv, script, name, shots):
    """What every journey of the pass does first: the browser's environment, the EcoIndex reference, the binary,
    the policy (named for serve and the CLI alike), an empty screenshot folder. The binary's path, or None."""
    bootstrap(script, name)
    if not ecoindex_matches_reference():
        print(f"{name}: the EcoIndex formula does not reproduce the reference vectors")
        return None
    binary = argv[1] if len(argv) > 1 else os.path.join(REPO, ".build", "debug", "passerelle")
    if not os.access(binary, os.X_OK):
        sys.exit(f"{name}: no executable at {binary} (build it with 'swift build' first)")
    if not os.path.exists(POLICY):
        sys.exit(f"{name}: no pass policy at {POLICY}")
    os.environ["PASSERELLE_PASS_POLICY"] = POLICY  # for serve and for the CLI (both run from the scratch folder)
    os.makedirs(shots, exist_ok=True)
    for old in os.listdir(shots):
        if old.endswith((".png", ".html", ".json")):
            os.remove(os.path.join(shots, old))
    return binary


def main(argv):
    binary = prepare(argv, __file__, NAME, SHOTS)
    if binary is None:
        return 1
    checks = JourneyChecks()
    journey = None
    with tempfile.TemporaryDirectory(prefix="passerelle-pass.") as work:
        binary = copy_binary(binary, work, NAME)  # the original may be relinked meanwhile
        server = Server(binary, os.path.join(work, "pass.sqlite"), log_level="info", name=NAME)
        try:
            if seed(server, checks):
                driver = open_browser(accept_language="fr-FR,fr")
                try:
                    journey = PassJourney(driver, server, checks)
                    for step in (offer_to_signup, sign_up, bad_sign_up, verify, book_and_cancel, sign_out_and_in, sell_out, other_languages):
                        if not step(journey):
                            print(f"  (step {step.__name__} could not go on: the journey stops here)")
                            break
                finally:
                    driver.quit()
        finally:
            checks.page = None
            server.stop(checks)
    pages = journey.pages if journey else []
    if journey:
        write_summary(journey)
    if checks.failures:
        print("\nfailed checks:")
        for where, title in checks.failures:
            print(f"  - {urllib.parse.unquote(pages[where]['url']) + ': ' if where is not None and where < len(pages) else ''}{title}")
    violations = journey.violations if journey else 0
    print(f"\npass checks: {checks.passed} passed, {checks.failed} failed")
    print(f"pass journey: {len(pages)} pages, {violations} violations, {checks.failed} failed checks")
    return 1 if violations or checks.failed or not pages else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
