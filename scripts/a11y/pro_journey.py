#!/usr/bin/env python3
"""The professional area (/pro) in headless Chromium, with axe-core on every page: a venue's desk and a school's teacher.

    python3 scripts/a11y/pro_journey.py [PASSERELLE_BINARY]      # default: .build/debug/passerelle

1. Same bootstrap as pass_journey.py (browser_common.py): Debian's chromium and chromium-driver when missing (as root),
   Selenium and axe-selenium-python in the git-ignored .venv-browser/, then it runs again inside that venv. The
   EcoIndex formula and grades are first checked against ../shared/realdata/ecoindex-vectors.
2. Copies the binary aside and runs `passerelle serve` on a fresh SQLite database in a scratch folder, with
   PASSERELLE_PASS_POLICY naming config/pass-policy.json. `passerelle institution create` gives an API key, with which
   a venue, a work, an on-site offer and one dated stock (40 places, 15 €, in 2099) are written through the API. With
   the CLI: a beneficiary (who books 1 place over the API: a countermark), a venue staff account of the institution,
   a school (Collège Victor-Hugo, 0750655E) with 1 500 € for the school year, and one of its teachers.
3. A browser that asks for French: /pro signed out (the sign-in form); a wrong password (a 401 page); the desk signed
   in (the camera button stays hidden where the browser has no BarcodeDetector: recorded); an unknown countermark
   (a 404 page); the booking's countermark typed in lower case without hyphens (valid), validated ("Entrée
   validée."), checked again ("Déjà utilisée…"); this month's statement (and a screenshot with print media emulated:
   no header, footer nor form); signed out. Then the teacher: /pass/book shows the teacher's link; the class booking
   page signed out (a sign-in form that comes back to it); the class form; a bad one sent past the browser's own
   validation (a 422 page); 4e B, 25 pupils, 2 adults ("Demande envoyée", "À confirmer" on the teacher's /pro, the
   budget set aside). The venue's desk confirms it ("C'est enregistré."), the teacher's /pro says "Confirmée". Then,
   in English and in Polish: /pro signed out, the desk, the statement, the teacher's /pro. Last, in French, the desk
   changes its password: the form, a wrong current password (a 403 page), the change ("Mot de passe changé", still
   signed in), and the new password signs in.
4. Every page gets pass_journey.py's checks (PassJourney.check_page): axe-core (WCAG 2.1 A/AA) with 0 violations,
   exactly one h1, <html lang>, HTML under 100 KB (the very response the browser got), no request to another host,
   EcoIndex of at least 75, every form field labelled, no session token in the page nor its URL (the pro sessions'
   and the beneficiary's), the passerelle_pro cookie HttpOnly and SameSite=Lax whenever a new one is set; and here
   also no password in the page. A full-page screenshot plus its HTML go under .build/a11y/pro/, and for the pages
   with tables a second screenshot 360 px wide (whether the page then scrolls sideways is recorded, not failed:
   WCAG 1.4.10 lets data tables do so); .build/a11y/pro/summary.json has each page's figures.
5. Stops the server with SIGTERM, prints `pro journey: N pages, N violations, N failed checks` and exits 1 on any
   violation or failed check.
"""
import base64
import json
import os
import re
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pass_journey
from browser_common import (HEIGHT, HTTP, REPO, WIDTH, Server, copy_binary, open_browser,
                            request, save_page)
from pass_journey import OFFER_BODY, VENUE, WORK, PassJourney, write_summary
from site_journey import JourneyChecks

NAME = "pro journey"
SHOTS = os.path.join(REPO, ".build", "a11y", "pro")
SESSION_COOKIE = "passerelle_pro"
# PassJourney.check_page and write_summary write under their module's SHOTS and name its cookie: /pro's here.
pass_journey.SHOTS, pass_journey.SESSION_COOKIE = SHOTS, SESSION_COOKIE

INSTITUTION = "Passerelle a11y"
VENUE_ID, WORK_ID, OFFER, STOCK = "pro-a11y-venue", "pro-a11y-work", "pro-a11y-offer", "pro-a11y-stock"
OFFER_ON_SITE = {**{k: v for k, v in OFFER_BODY.items() if k != "onlineURL"}, "access": "on-site", "venueID": VENUE_ID, "workID": WORK_ID}
STOCK_BODY = {"id": STOCK, "beginsAt": "2099-06-01T20:00:00Z", "quantity": 40, "priceCents": 1500, "bookingLimit": "2099-06-01T18:00:00Z"}
BENEFICIARY, BIRTHDATE = "lou.a11y@example.org", "2008-01-01"
STAFF, TEACHER = "guichet.a11y@example.org", "prof.a11y@example.org"
UAI, SCHOOL, DEPARTEMENT, BUDGET_CENTS = "0750655E", "Collège Victor-Hugo", "75", 150_000
CLASS, PUPILS, ADULTS = "4e B", 25, 2
WRONG_PASSWORD = "ce n'est pas le bon"
# The words the journey looks for, per language (Sources/PasserelleWeb/Pages/Pro/ProStrings.swift, Pass/PassStrings.swift).
WORDS = {
    "fr": {"title": "Espace professionnel", "signin": "Connexion à l'espace professionnel", "statement": "Relevé de remboursement, ",
           "confirmed": "Confirmée", "code_label": "Contremarque (11 caractères, tirets facultatifs)", "check": "Vérifier",
           "unknown": "Contremarque inconnue pour votre lieu", "valid": "Contremarque valable : 1 place(s).", "use": "Valider l'entrée",
           "used": "Entrée validée.", "again": "Déjà utilisée le ", "groups": "Réservations de classes", "upcoming": "Réservations à venir",
           "provisional": "Relevé provisoire", "by_venue": "Par lieu", "lines": "Réservations utilisées", "wrong": "aucun compte",
           "teacher_link": "Enseignant·e ? Réserver cette date pour une classe", "sign_in_to_book": "Connectez-vous à l'espace professionnel",
           "class_label": "Classe (par exemple « 4e B »)", "send": "Envoyer la demande", "requested": "Demande envoyée",
           "to_confirm": "À confirmer", "confirm": "Confirmer", "decline": "Refuser", "saved": "C'est enregistré.",
           "came": "La classe est venue", "cancel": "Annuler", "budget": "Budget "},
    "en": {"title": "Professional area", "signin": "Sign in to the professional area", "statement": "Reimbursement statement, ",
           "confirmed": "Confirmed"},
    "pl": {"title": "Strefa profesjonalna", "signin": "Logowanie do strefy profesjonalnej", "statement": "Zestawienie zwrotów, ",
           "confirmed": "Potwierdzona"},
}
NARROW = 360  # px: a phone held upright

# Every element a print stylesheet should drop, and whether it is displayed with the media emulated.
PRINTED = """return Object.fromEntries(['header', 'footer', 'main form', '.no-print', 'main table'].map(s => [s,
    [...document.querySelectorAll(s)].map(e => getComputedStyle(e).display !== 'none')]))"""
# The desk's camera button, and what the browser offers the script that would reveal it.
SCAN = """const done = arguments[arguments.length - 1], button = document.getElementById('scan');
    const media = !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
    const answer = formats => done({button: !!button, hidden: button ? button.hidden : null,
        shown: button ? getComputedStyle(button).display !== 'none' : null, detector: 'BarcodeDetector' in window, formats, media});
    if (!('BarcodeDetector' in window)) return setTimeout(() => answer([]), 300);
    BarcodeDetector.getSupportedFormats().then(f => setTimeout(() => answer(f), 300), () => answer([]));"""
# The tables of main that are wider than main, at the width the browser has now.
WIDE_TABLES = """const main = document.querySelector('main');
    return [...main.querySelectorAll('table')].filter(t => t.scrollWidth > main.clientWidth + 1)
        .map(t => ({caption: t.caption?.textContent || t.previousElementSibling?.textContent || '', width: t.scrollWidth, room: main.clientWidth}))"""


def check_digit(symbols):
    """A countermark's check character for its 10 symbols (Sources/PasserellePass/Countermark/Countermark.swift)."""
    value = 0
    for symbol in symbols:
        value = value * 32 + "0123456789ABCDEFGHJKMNPQRSTVWXYZ".index(symbol)
    return "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U"[value % 37]


class ProJourney(PassJourney):
    """PassJourney's page checks on /pro's pages, with the passwords also kept out of them, and the desk's extras."""

    def __init__(self, driver, server, checks, people):
        super().__init__(driver, server, checks)
        self.people = people
        self.tokens.add(people["beneficiary_token"])  # a session token too: it must never show in a /pro page

    def session_cookie(self):
        return next((c for c in self.driver.get_cookies() if c["name"] == SESSION_COOKIE), None)

    def check_page(self, name, status=200):
        super().check_page(name, status)
        source, url = self.driver.page_source, self.driver.current_url
        passwords = {"staff": self.people["staff_password"], "teacher": self.people["teacher_password"]}
        shown = [who for who, password in passwords.items() if password in source or password in url]
        self.checks.check("no password in the page or its URL", not shown, f"the {' and '.join(shown)} password")

    def vocab(self):
        return {**WORDS["fr"], **WORDS[self.lang]} if self.lang == "fr" else WORDS[self.lang]

    def h1(self):
        return self.js("return document.querySelector('h1')?.textContent.trim() || ''")

    def notice(self):
        return self.js("return document.querySelector('main [role=status]')?.textContent.replace(/\\s+/g, ' ').trim() || ''")

    def sign_in(self, email, password):
        """Fills in and sends the page's /pro sign-in form."""
        if not (self.fill("#email", email) and self.fill("#password", password)):
            return self.checks.check("the page has the sign-in form (#email, #password)", False)
        return self.submit('main form[action*="/pro/signin"]')

    def sign_out(self):
        return self.submit('main form[action*="/pro/signout"]')

    def groups(self):
        """Each class booking row: its cells' texts, its buttons' texts and accessible names."""
        return self.js("""const h2 = [...document.querySelectorAll('main h2')].find(h => h.textContent.trim() === arguments[0]);
            const next = h2?.nextElementSibling;
            const table = next?.tagName === 'TABLE' ? next : next?.querySelector(':scope > table') || null;
            return table ? [...table.querySelectorAll('tbody tr')].map(tr => ({
                cells: [...tr.cells].map(c => c.textContent.replace(/\\s+/g, ' ').trim()),
                buttons: [...tr.querySelectorAll('button')].map(b => [b.textContent.trim(), b.getAttribute('aria-label')])})) : null""",
                       self.group_heading())

    def group_heading(self):
        return {"fr": "Réservations de classes", "en": "Class bookings", "pl": "Rezerwacje dla klas"}[self.lang]

    def budget_left(self):
        """The euros left of the budget line ('Budget 2026-2027 : 1 500,00 € restants sur 1 500,00 €.'), or None."""
        line = self.js("return document.querySelector('main p.credit')?.textContent || ''")
        amounts = [float(re.sub(r"[^\d,]", "", a).replace(",", ".")) for a in re.findall(r"\d[\d\s\u202f\u00a0]*,\d\d", line)]
        return (amounts[0] if amounts else None), line.strip()

    def narrow(self, name):
        """A second screenshot NARROW px wide (as a phone), and which tables then need more room than main has."""
        driver = self.driver
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": NARROW, "height": 800, "deviceScaleFactor": 1, "mobile": True})
        try:
            width, height = self.js("return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            wide = self.js(WIDE_TABLES)
            target = os.path.join(SHOTS, f"{len(self.pages):02}-{name}-narrow.png")
            shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                                     "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
            with open(target, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
        finally:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
        print(f"  narrow screenshot {os.path.relpath(target, REPO)} ({width}x{height})")
        if width > NARROW:
            print(f"  NOTE: {NARROW} px wide, the page scrolls sideways ({width} px): "
                  + "; ".join(f"{t['caption']!r} table {t['width']} px in {t['room']} px" for t in wide))
        self.pages[-1]["narrow"] = {"screenshot": os.path.relpath(target, REPO), "width": width, "wide_tables": wide}


# ---------------------------------------------------------------------------------------------- the data

def cli_last_line(server, checks, title, *arguments, prefix=""):
    """Runs the CLI; checks it succeeded and printed something (starting with `prefix`) alone on its last line."""
    done = server.cli(*arguments)
    last = (done.stdout.strip().splitlines() or [""])[-1].strip()
    ok = checks.check(title, done.returncode == 0 and bool(last) and last.startswith(prefix),
                      f"exit {done.returncode}: {done.stdout[-300:]} {done.stderr[-300:]}")
    return (last, done.stdout) if ok else (None, done.stdout)


def seed(server, checks):
    """The institution, venue, work, on-site offer and its stock; the beneficiary's booking; the staff, school, teacher."""
    print("\n== data: an institution, a venue, a work, an on-site offer and its stock through the API")
    key, said = cli_last_line(server, checks, "`passerelle institution create` printed an API key (psl_…) last",
                              "institution", "create", INSTITUTION, prefix="psl_")
    institution = re.search(r"Created institution (\S+) ", said)
    if not key or not checks.check("and named the institution's id", institution is not None, said[:300]):
        return None
    for method, path, body in (("PUT", f"/api/v1/venues/{VENUE_ID}", VENUE), ("PUT", f"/api/v1/works/{WORK_ID}", WORK),
                               ("PUT", f"/api/v1/offers/{OFFER}", OFFER_ON_SITE), ("POST", f"/api/v1/offers/{OFFER}/stocks", STOCK_BODY)):
        got, answer = request(server.base + path, body, key, method=method)
        if not checks.check(f"{method} {path} is 201", got == 201, f"{got}: {answer[:300]!r}"):
            return None

    print("\n== data: a beneficiary booking 1 place over the API; a venue staff account; a school, its budget, a teacher")
    token, _ = cli_last_line(server, checks, "`pass beneficiary create` printed a session token (pss_…) last",
                             "pass", "beneficiary", "create", BENEFICIARY, "--birthdate", BIRTHDATE, prefix="pss_")
    if not token:
        return None
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())}
    try:
        with HTTP.open(urllib.request.Request(server.base + "/api/v1/bookings", headers=headers,
                                              data=json.dumps({"stockID": STOCK, "quantity": 1}).encode()), timeout=30) as answer:
            booked, body = answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        booked, body = error.code, {"error": error.read()[:300].decode(errors="replace")}
    countermark = body.get("countermark", "")
    if not checks.check(f"the beneficiary booked 1 place over the API (201), countermark {countermark!r}",
                        booked == 201 and re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}-.", countermark), f"{booked}: {body}"):
        return None
    staff, _ = cli_last_line(server, checks, "`pass staff venue` printed a password last",
                             "pass", "staff", "venue", STAFF, "--institution", institution.group(1))
    made, _ = cli_last_line(server, checks, f"`pass school create {UAI}`", "pass", "school", "create", UAI, "--name", SCHOOL,
                            "--departement", DEPARTEMENT)
    granted, _ = cli_last_line(server, checks, f"`pass school budget {UAI} --add-cents {BUDGET_CENTS}`",
                               "pass", "school", "budget", UAI, "--add-cents", str(BUDGET_CENTS))
    teacher, _ = cli_last_line(server, checks, "`pass staff teacher` printed a password last", "pass", "staff", "teacher", TEACHER,
                               "--school", UAI)
    if not (staff and made and granted and teacher):
        return None
    return {"beneficiary_token": token, "countermark": countermark, "staff_password": staff, "teacher_password": teacher}


# ---------------------------------------------------------------------------------------------- the venue's desk

def desk_sign_in(j):
    print("\n-- 1. /pro signed out, a wrong password (401), the desk signed in")
    w = j.vocab()
    j.visit("/pro")
    j.check_page("signin")
    j.checks.check(f"the h1 is {w['signin']!r}", j.h1() == w["signin"], repr(j.h1()))
    action = j.js("return document.querySelector('main form.account')?.getAttribute('action')")
    j.checks.check(f"a sign-in form to /pro/signin?lang=fr ({action!r}) with an email and a password field", action == "/pro/signin?lang=fr"
                   and j.element('main form input#email[name=email][type=email]') is not None
                   and j.element('main form input#password[name=password][type=password]') is not None)
    j.checks.check("no sign-up link (accounts are opened by the operator)", j.element('main a[href*="/signup"]') is None)
    if not j.sign_in(STAFF, WRONG_PASSWORD):
        return False
    j.check_page("signin-wrong", status=401)
    j.checks.check(f"a role=\"alert\" box says the email and password match no account: {j.alert()!r}", w["wrong"] in j.alert())
    j.checks.check("the email is kept, the password field is empty", j.js("return document.getElementById('email')?.value") == STAFF
                   and j.js("return document.getElementById('password')?.value") == "")
    j.checks.check(f"no {SESSION_COOKIE} cookie yet", j.session_cookie() is None)
    if not j.sign_in(STAFF, j.people["staff_password"]):
        return False
    j.checks.check("signing in lands on /pro", j.path() == "/pro", j.driver.current_url)
    return desk(j, "desk")


def desk(j, name):
    """The desk page just reached: its checks, the camera button, its headings and its statement links."""
    w = j.vocab()
    j.check_page(name)
    j.checks.check(f"the h1 is '{w['title']} — {INSTITUTION}': {j.h1()!r}", j.h1() == f"{w['title']} — {INSTITUTION}")
    j.checks.check(f"a {SESSION_COOKIE} cookie is set", j.session_cookie() is not None)
    scan = j.driver.execute_async_script(SCAN)
    able = scan["detector"] and "qr_code" in scan["formats"] and scan["media"]
    print(f"  camera scan: BarcodeDetector {'present' if scan['detector'] else 'absent'} (formats {scan['formats']}), "
          f"getUserMedia {'present' if scan['media'] else 'absent'}: the button is {'shown' if scan['shown'] else 'hidden'}")
    j.checks.check("the camera button (#scan) is " + ("revealed (BarcodeDetector reads QR Codes here)" if able else
                                                      "still hidden (no BarcodeDetector with qr_code and camera here)"),
                   scan["button"] and scan["shown"] == bool(able) and scan["hidden"] == (not able), str(scan))
    j.pages[-1]["scan"] = scan
    if j.lang == "fr":
        label = j.js("return document.querySelector('label[for=code]')?.textContent.trim()")
        form = j.js("const f = document.querySelector('main form.desk'); return f ? [f.method, f.getAttribute('action')] : null")
        j.checks.check(f"a GET form to /pro/check ({form}) with #code labelled {label!r} and a '{w['check']}' button",
                       form == ["get", "/pro/check"] and label == w["code_label"] and j.button("main form.desk", w["check"]) is not None)
        h2 = j.texts("main h2")
        j.checks.check(f"the headings '{w['groups']}' and '{w['upcoming']}': {h2}", w["groups"] in h2 and w["upcoming"] in h2)
    months = j.js("return [...document.querySelectorAll('main a[href^=\"/pro/statements/\"]')].map(a => a.getAttribute('href'))")
    j.checks.check(f"links to monthly statements (/pro/statements/YYYY-MM): {months}",
                   months and all(re.match(r"/pro/statements/\d{4}-\d\d(\?|$)", m) for m in months), str(months))
    return True


def check_codes(j):
    print("\n-- 2. an unknown countermark (404); the booking's, typed in lower case without hyphens; validated; again")
    w, mark = j.vocab(), j.people["countermark"]
    upcoming = j.js("return [...document.querySelectorAll('main table code')].map(c => c.textContent.trim())")
    j.checks.check(f"'{w['upcoming']}' lists the booking's countermark {mark}: {upcoming}", mark in upcoming)
    unknown = "ZZZZZZZZZY" if mark.replace("-", "")[:10] != "ZZZZZZZZZY" else "ZZZZZZZZZX"
    unknown += check_digit(unknown)  # well formed, so the desk has to look it up
    if not j.fill("#code", unknown) or not j.submit("main form.desk"):
        return j.checks.check("the desk has its #code field and button", False)
    j.checks.check(f"the form sends GET /pro/check?code={unknown}", j.path() == "/pro/check" and j.query().get("code") == unknown,
                   j.driver.current_url)
    j.check_page("check-unknown", status=404)
    j.checks.check(f"a role=\"alert\" box: {j.alert()!r}", j.alert().startswith(w["unknown"]))
    typed = mark.replace("-", "").lower()
    if not j.fill("#code", typed) or not j.submit("main form.desk"):
        return False
    j.check_page("check-valid")
    said = j.notice()
    j.checks.check(f"a role=status box says '{w['valid']}': {said!r}", said.startswith(w["valid"]))
    j.checks.check(f"the field keeps what was typed ({typed!r})", j.js("return document.getElementById('code')?.value") == typed)
    use = j.button('main form[action*="/pro/check/use"]', w["use"])
    if not j.checks.check(f"a '{w['use']}' button posting to /pro/check/use", use is not None):
        return False
    j.act(use.click)
    j.checks.check("validating lands on /pro?…done=used", j.path() == "/pro" and j.query().get("done") == "used", j.driver.current_url)
    desk(j, "desk-used")
    j.checks.check(f"the notice says '{w['used']}': {j.notice()!r}", j.notice() == w["used"])
    left = j.js("return [...document.querySelectorAll('main table code')].map(c => c.textContent.trim())")
    j.checks.check(f"the booking is no longer upcoming: {left}", mark not in left)
    if not j.fill("#code", typed) or not j.submit("main form.desk"):
        return False
    j.check_page("check-used-again")
    j.checks.check(f"a role=\"alert\" box says '{w['again']}…': {j.alert()!r}", j.alert().startswith(w["again"]))
    j.checks.check(f"and no '{w['use']}' button", j.element('main form[action*="/pro/check/use"]') is None)
    return True


def statement(j, name):
    """The desk's first statement link (this month): its checks, its tables, its CSV."""
    w = j.vocab()
    link = j.element('main a[href^="/pro/statements/"]')
    if not j.checks.check("a link to this month's statement", link is not None):
        return False
    j.act(link.click)
    month = re.fullmatch(r"/pro/statements/(\d{4}-\d\d)", j.path())
    j.checks.check(f"it opens /pro/statements/YYYY-MM in {j.lang}", month is not None and j.query().get("lang") == j.lang, j.driver.current_url)
    j.check_page(name)
    j.checks.check(f"the h1 starts '{w['statement']}…': {j.h1()!r}", j.h1().startswith(w["statement"]) and len(j.h1()) > len(w["statement"]))
    captions = j.texts("main table caption")
    csv = j.js("return document.querySelector('main a[href$=\"/lines.csv\"]')?.getAttribute('href')")
    j.checks.check(f"two tables with captions {captions} and a CSV link {csv!r}", len(captions) == 2 and csv is not None)
    if j.lang == "fr":
        text = j.main_text()
        j.checks.check(f"it says '{w['provisional']}…', names {INSTITUTION} and owes 15,00 € for 1 booking",
                       w["provisional"] in text and INSTITUTION in text and re.search(r"15,00\s€ pour 1 réservation", text), text[:400])
        j.checks.check(f"the captions are '{w['by_venue']}' and '{w['lines']}'", captions == [w["by_venue"], w["lines"]], str(captions))
        if csv:
            got, body = j.fetch(j.server.base + csv)
            rows = body.decode(errors="replace").strip().splitlines()
            j.checks.check(f"the CSV (with the session's cookie) answers 200 with a header and 1 line ({len(rows)} rows)", got == 200 and len(rows) == 2,
                           f"{got}: {body[:300]!r}")
    j.narrow(name)
    return True


def print_view(j):
    """The statement again with print media emulated: the header, footer and forms are gone, the tables stay."""
    page = j.pages[-1]
    j.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = j.js(PRINTED)
        target = os.path.join(SHOTS, f"{len(j.pages):02}-{page['name']}-print.png")
        with open(os.path.join(REPO, page["screenshot"])[:-4] + ".html", "rb") as f:
            html = f.read()
        height = save_page(j.driver, target, html)
    finally:
        j.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    print(f"  print screenshot {os.path.relpath(target, REPO)} (1280x{height})")
    page["print"] = {"screenshot": os.path.relpath(target, REPO), "displayed": shown}
    j.checks.check(f"printed, the header, the footer, the forms and the CSV link are not displayed: {shown}",
                   shown["header"] == [False] and shown["footer"] == [False] and not any(shown["main form"]) and not any(shown[".no-print"]))
    j.checks.check("printed, the tables still are", shown["main table"] and all(shown["main table"]), str(shown["main table"]))


def statement_and_sign_out(j):
    print("\n-- 3. this month's statement, printed; signed out")
    if not statement(j, "statement"):
        return False
    print_view(j)
    token = j.session_cookie()["value"] if j.session_cookie() else None
    j.visit("/pro")
    if not j.sign_out():
        return False
    j.checks.check("signing out lands on /pro", j.path() == "/pro", j.driver.current_url)
    j.check_page("signed-out")
    j.checks.check(f"the {SESSION_COOKIE} cookie is gone and the sign-in form is back",
                   j.session_cookie() is None and j.h1() == j.vocab()["signin"], f"{j.session_cookie()} {j.h1()!r}")
    if token:
        try:
            with HTTP.open(urllib.request.Request(j.server.base + "/pro", headers={"Cookie": f"{SESSION_COOKIE}={token}"}), timeout=30) as a:
                old = a.read().decode()
        except urllib.error.HTTPError as error:
            old = error.read().decode()
        j.checks.check("the old session token no longer opens the desk (the session is closed, not only the cookie)",
                       INSTITUTION not in old and 'action="/pro/signin' in old)
    return True


# ---------------------------------------------------------------------------------------------- the teacher

def teacher_link(j):
    print("\n-- 4. /pass/book shows the teachers' link; the class booking page signed out; signed in from it")
    w = j.vocab()
    j.visit(f"/pass/book?stock={STOCK}")
    j.check_page("book")
    link = j.link(w["teacher_link"])
    href = link.get_attribute("href") if link else ""
    if not j.checks.check(f"a link '{w['teacher_link']}' to /pro/group?stock={STOCK}: {href!r}",
                          link is not None and urllib.parse.urlsplit(href).path == "/pro/group" and f"stock={STOCK}" in href):
        return False
    j.act(link.click)
    j.check_page("group-signed-out")
    back = j.js("return document.querySelector('main form input[name=back]')?.value")
    j.checks.check(f"it says '{w['sign_in_to_book']}…' and has a sign-in form coming back here (back={back!r})",
                   w["sign_in_to_book"] in j.main_text() and back is not None and back.startswith(f"/pro/group?stock={STOCK}"))
    j.checks.check("and no class form yet", j.element("#className") is None)
    if not j.sign_in(TEACHER, j.people["teacher_password"]):
        return False
    j.checks.check(f"signing in comes back to /pro/group?stock={STOCK}", j.path() == "/pro/group" and j.query().get("stock") == STOCK,
                   j.driver.current_url)
    return True


def group_form(j):
    print(f"\n-- 5. the class form: a bad one (422), then {CLASS}, {PUPILS} pupils, {ADULTS} adults")
    w = j.vocab()
    j.check_page("group-form")
    left, line = j.budget_left()
    j.checks.check(f"the budget line shows 1 500 € left: {line!r}", line.startswith(w["budget"]) and left == 1500)
    label = j.js("return document.querySelector('label[for=className]')?.textContent.trim()")
    fields = j.js("return ['className', 'pupils', 'adults'].map(i => document.getElementById(i)?.name)")
    j.checks.check(f"fields className (labelled {label!r}), pupils, adults and a '{w['send']}' button",
                   fields == ["className", "pupils", "adults"] and label == w["class_label"]
                   and j.button('main form[action*="/pro/groups"]', w["send"]) is not None, str(fields))
    j.fill("#className", "")
    # Sent as a browser without constraint validation would send it: the server has to say what is wrong itself.
    j.js("document.getElementById('className').removeAttribute('required');"
         "document.querySelector('main form[action*=\"/pro/groups\"]').noValidate = true")
    if not j.submit('main form[action*="/pro/groups"]'):
        return False
    j.check_page("group-errors", status=422)
    j.checks.check(f"a role=\"alert\" box says what to check: {j.alert()!r}", bool(j.alert()))
    j.checks.check("the alert comes before the form", j.js(
        "const a = document.querySelector('main [role=alert]'), f = document.querySelector('main form[action*=\"/pro/groups\"]');"
        "return !!(a && f && (a.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING))"))
    if not (j.fill("#className", CLASS) and j.fill("#pupils", str(PUPILS)) and j.fill("#adults", str(ADULTS))):
        return j.checks.check("the 422 page has the form again", False)
    if not j.submit('main form[action*="/pro/groups"]'):
        return False
    j.checks.check("sending lands on /pro?…done=requested", j.path() == "/pro" and j.query().get("done") == "requested", j.driver.current_url)
    teacher_page(j, "teacher-requested", w["to_confirm"])
    j.checks.check(f"the notice says '{w['requested']}…': {j.notice()!r}", j.notice().startswith(w["requested"]))
    left, line = j.budget_left()
    j.checks.check(f"{PUPILS} × 15 € set aside: 1 125 € left ({line!r})", left == 1500 - PUPILS * 15)
    rows = j.groups() or [{}]
    cancel = [b for b in rows[0].get("buttons", []) if b[0] == w["cancel"]]
    j.checks.check(f"the teacher may cancel it: a '{w['cancel']}' button named '{w['cancel']} — {CLASS}, {SCHOOL}'",
                   cancel and cancel[0][1] == f"{w['cancel']} — {CLASS}, {SCHOOL}", str(rows[0].get("buttons")))
    return True


def teacher_page(j, name, status):
    """The teacher's /pro just reached: its checks and its one class booking in `status`."""
    w = j.vocab()
    j.check_page(name)
    j.checks.check(f"the h1 is '{w['title']} — {SCHOOL}': {j.h1()!r}", j.h1() == f"{w['title']} — {SCHOOL}")
    rows = j.groups()
    cells = rows[0]["cells"] if rows else []
    j.checks.check(f"one class booking, {CLASS}, {PUPILS} + {ADULTS}, '{status}': {cells}",
                   rows is not None and len(rows) == 1 and CLASS in cells and f"{PUPILS} + {ADULTS}" in cells and status in cells)
    return rows


# ---------------------------------------------------------------------------------------------- the desk confirms

def confirm(j):
    print(f"\n-- 6. the venue's desk confirms {CLASS}; the teacher's /pro says '{WORDS['fr']['confirmed']}'")
    w = j.vocab()
    if not j.sign_out():
        return False
    if not j.sign_in(STAFF, j.people["staff_password"]):
        return False
    desk(j, "desk-group-requested")
    rows = j.groups() or [{}]
    buttons = rows[0].get("buttons", [])
    named = f"{w['confirm']} — {CLASS}, {SCHOOL}"
    j.checks.check(f"the class booking '{w['to_confirm']}' with '{w['confirm']}' (named {named!r}) and '{w['decline']}': {buttons}",
                   w["to_confirm"] in rows[0].get("cells", []) and [w["confirm"], named] in buttons and any(b[0] == w["decline"] for b in buttons))
    j.narrow("desk-group-requested")
    button = j.js("return document.querySelector('main button[aria-label=\"' + arguments[0] + '\"]')", named)
    if button is None:
        return False
    j.act(button.click)
    j.checks.check("confirming lands on /pro?…done=saved", j.path() == "/pro" and j.query().get("done") == "saved", j.driver.current_url)
    desk(j, "desk-group-confirmed")
    j.checks.check(f"the notice says '{w['saved']}': {j.notice()!r}", j.notice() == w["saved"])
    rows = j.groups() or [{}]
    j.checks.check(f"the class booking is '{w['confirmed']}', with '{w['came']}' and '{w['cancel']}': {rows[0].get('buttons')}",
                   w["confirmed"] in rows[0].get("cells", []) and [b[0] for b in rows[0].get("buttons", [])] == [w["came"], w["cancel"]])
    if not j.sign_out() or not j.sign_in(TEACHER, j.people["teacher_password"]):
        return False
    teacher_page(j, "teacher-confirmed", w["confirmed"])
    j.narrow("teacher-confirmed")
    return True


# ---------------------------------------------------------------------------------------------- other languages

def other_languages(j):
    print("\n-- 7. in English and in Polish: /pro signed out, the desk, the statement, the teacher's /pro")
    for lang in ("en", "pl"):
        j.lang = lang
        w = j.vocab()
        j.visit(f"/pro?lang={lang}")
        if not j.sign_out():
            return False
        j.checks.check(f"signing out stays in {lang}", j.path() == "/pro" and j.query().get("lang") == lang, j.driver.current_url)
        j.check_page(f"signin-{lang}")
        j.checks.check(f"the h1 is {w['signin']!r}: {j.h1()!r}", j.h1() == w["signin"])
        if not j.sign_in(STAFF, j.people["staff_password"]):
            return False
        desk(j, f"desk-{lang}")
        if not statement(j, f"statement-{lang}"):
            return False
        j.visit(f"/pro?lang={lang}")
        if not j.sign_out() or not j.sign_in(TEACHER, j.people["teacher_password"]):
            return False
        teacher_page(j, f"teacher-{lang}", w["confirmed"])
    return True


# ---------------------------------------------------------------------------------------------- own password

def change_password(j):
    print("\n-- 8. the desk changes its password: a wrong current one (403), then the change (other sessions closed)")
    j.lang = "fr"
    j.visit("/pro?lang=fr")
    if not j.sign_out() or not j.sign_in(STAFF, j.people["staff_password"]):
        return False
    j.checks.check("the signed-in line links to /pro/password?lang=fr", j.element('main a[href="/pro/password?lang=fr"]') is not None)
    j.visit("/pro/password?lang=fr")
    j.check_page("password")
    j.checks.check(f"the h1 is 'Changer de mot de passe': {j.h1()!r}", j.h1() == "Changer de mot de passe")
    j.checks.check("a labelled current and a labelled new password field, each with its autocomplete",
                   j.element('main form label[for=current-password]') is not None and j.element('main form label[for=new-password]') is not None
                   and j.element('main form input#current-password[name=currentPassword][type=password][autocomplete=current-password]') is not None
                   and j.element('main form input#new-password[name=newPassword][type=password][autocomplete=new-password]') is not None)
    new = "une phrase de passe assez longue"
    if not (j.fill("#current-password", WRONG_PASSWORD) and j.fill("#new-password", new)):
        return j.checks.check("the form has #current-password and #new-password", False)
    if not j.submit('main form[action*="/pro/password"]'):
        return False
    j.check_page("password-wrong", status=403)
    j.checks.check(f"a role=\"alert\" box says the current password is not the account's: {j.alert()!r}", "mot de passe actuel" in j.alert())
    j.checks.check("both fields are empty again", j.js("return document.getElementById('current-password')?.value") == ""
                   and j.js("return document.getElementById('new-password')?.value") == "")
    if not (j.fill("#current-password", j.people["staff_password"]) and j.fill("#new-password", new)):
        return j.checks.check("the form has #current-password and #new-password", False)
    if not j.submit('main form[action*="/pro/password"]'):
        return False
    j.check_page("password-changed")
    j.checks.check(f"back on /pro with 'Mot de passe changé': {j.notice()!r}", j.path() == "/pro" and "Mot de passe changé" in j.notice(),
                   j.driver.current_url)
    j.checks.check(f"still signed in on this device ({SESSION_COOKIE} renewed)", j.session_cookie() is not None)
    if not j.sign_out() or not j.sign_in(STAFF, new):
        return False
    j.checks.check("the new password signs in", j.path() == "/pro", j.driver.current_url)
    return True


# ---------------------------------------------------------------------------------------------- main

def main(argv):
    binary = pass_journey.prepare(argv, __file__, NAME, SHOTS)
    if binary is None:
        return 1
    checks, journey = JourneyChecks(), None
    with tempfile.TemporaryDirectory(prefix="passerelle-pro.") as work:
        binary = copy_binary(binary, work, NAME)  # the original may be relinked meanwhile
        server = Server(binary, os.path.join(work, "pro.sqlite"), log_level="info", name=NAME)
        try:
            people = seed(server, checks)
            if people:
                driver = open_browser(accept_language="fr-FR,fr")
                try:
                    journey = ProJourney(driver, server, checks, people)
                    for step in (desk_sign_in, check_codes, statement_and_sign_out, teacher_link, group_form, confirm, other_languages, change_password):
                        if not step(journey):
                            print(f"  (step {step.__name__} could not go on: the journey stops here)")
                            checks.check(f"step {step.__name__} went through", False)
                            break
                finally:
                    driver.quit()
        finally:
            checks.page = None
            server.stop(checks)
    pages = journey.pages if journey else []
    if journey:
        write_summary(journey)
        wide = [p for p in pages if p.get("narrow", {}).get("width", 0) > NARROW]
        if wide:
            print(f"\nNOTE: {NARROW} px wide, {len(wide)} page(s) scroll sideways: "
                  + ", ".join(f"{p['name']} ({p['narrow']['width']} px)" for p in wide))
    if checks.failures:
        print("\nfailed checks:")
        for where, title in checks.failures:
            print(f"  - {urllib.parse.unquote(pages[where]['url']) + ': ' if where is not None and where < len(pages) else ''}{title}")
    violations = journey.violations if journey else 0
    print(f"\npro checks: {checks.passed} passed, {checks.failed} failed")
    print(f"pro journey: {len(pages)} pages, {violations} violations, {checks.failed} failed checks")
    return 1 if violations or checks.failed or not pages else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
