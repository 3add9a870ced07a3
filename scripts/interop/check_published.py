#!/usr/bin/env python3
"""What Passerelle publishes, read back by third-party tools from PyPI (installed into the git-ignored .venv-interop/):

  python3 scripts/interop/check_published.py [path/to/passerelle]      # default: .build/debug/passerelle

1. Serves a fresh SQLite database on a free loopback port, creates an institution (`passerelle institution create`)
   and, through the API with its key, a museum, a theatre, a book, a podcast, a dated play with a price range, a
   series of three dated screenings and an online podcast episode; then imports a real page with schema.org
   JSON-LD from ../shared/realdata/extruct-samples with `passerelle import jsonld`, so that imported records are
   published too.
2. JSON-LD: every offer, venue and work, from /api/v1/…/jsonld and embedded in its page (the two must be equal),
   expanded by pyld with the schema.org context loaded from ../shared/realdata/schemaorg (offline), turned into RDF
   and validated by pyshacl against the official schema.org SHACL shapes (with the subclass hierarchy).
3. iCalendar: each venue's and the institution's calendar parsed by `icalendar`; events counted, UIDs unique,
   every DTSTART timezone-aware; the series' dates one by one.
4. RSS: the institution's feed parsed by `feedparser` (not "bozo"), its items and links.
5. ETag: a second GET with If-None-Match is a 304.
Prints PASS/FAIL per check and a closing line; exits non-zero on any failure. Needs ../shared/realdata (the schema.org
shapes): without it, it says so and exits 0 outside CI, 1 in CI.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "scripts", "a11y"))
from browser_common import REALDATA, Checks, Server, copy_binary, request  # noqa: E402

NAME = "interop"
VENV = os.path.join(REPO, ".venv-interop")
REQUIREMENTS = os.path.join(HERE, "requirements.txt")
SCHEMAORG = os.path.join(REALDATA, "schemaorg")


def bootstrap(script=None):
    """Re-runs `script` (default: this one) inside .venv-interop/ (rebuilt when requirements.txt changes)."""
    python = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    stamp, wanted = os.path.join(VENV, ".requirements.sha256"), hashlib.sha256(open(REQUIREMENTS, "rb").read()).hexdigest()
    if not os.path.exists(stamp) or open(stamp).read() != wanted:
        print(f"{NAME}: installing {REQUIREMENTS} into {VENV}", file=sys.stderr)
        shutil.rmtree(VENV, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", REQUIREMENTS], check=True)
        open(stamp, "w").write(wanted)
    os.execv(python, [python, os.path.abspath(script or __file__), *sys.argv[1:]])


def get(server, path, headers=None):
    import urllib.request
    from browser_common import HTTP
    try:
        with HTTP.open(urllib.request.Request(server.base + path, headers=headers or {}), timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def seed(server, key, checks):
    """The records the API writes, each kind the publishers map differently. Returns (institution id, ids by kind)."""
    def put(path, body):
        status, answer = request(server.base + path, body=body, key=key)
        if status not in (200, 201):
            checks.check(f"POST {path}", False, f"{status} {answer[:300]!r}")
        return json.loads(answer) if answer else {}

    museum = put("/api/v1/venues", {"name": "Musée des Augustins", "kind": "museum",
                                    "address": {"street": "21 rue de Metz", "postalCode": "31000", "city": "Toulouse"},
                                    "coordinates": {"latitude": 43.6005, "longitude": 1.4468}})
    theatre = put("/api/v1/venues", {"name": "Théâtre Garonne", "kind": "theatre",
                                     "address": {"postalCode": "31300", "city": "Toulouse"}})
    book = put("/api/v1/works", {"title": {"fr": "Les Misérables"}, "creators": ["Victor Hugo"], "categoryID": "books.print",
                                 "countryOfOrigin": "FR", "languages": ["fr"], "identifiers": {"isbn": "9782070409228"}})
    podcast = put("/api/v1/works", {"title": {"fr": "Les Pieds sur terre", "en": "Feet on the ground"}, "categoryID": "media.podcast",
                                    "creators": ["France Culture"], "languages": ["fr"]})
    play = put("/api/v1/offers", {"title": {"fr": "Tartuffe", "en": "Tartuffe"}, "description": {"fr": "Molière, mise en scène « nouvelle »"},
                                  "categoryID": "live-performance.theatre", "access": "on-site", "venueID": theatre.get("id"),
                                  "startsAt": "2027-03-12T19:30:00Z", "endsAt": "2027-03-12T21:30:00Z",
                                  "price": {"minCents": 1000, "maxCents": 2500}, "languages": ["fr"],
                                  "bookingURL": "https://garonne.example/tartuffe"})
    series = put("/api/v1/offers", {"title": {"fr": "Ciné-club du mardi"}, "categoryID": "cinema.screening", "access": "on-site",
                                    "venueID": museum.get("id"), "startsAt": "2027-01-05T19:00:00Z", "endsAt": "2027-01-19T21:00:00Z",
                                    "price": {"minCents": 450, "maxCents": 450}})
    for day in ("05", "12", "19"):
        put(f"/api/v1/offers/{series.get('id')}/stocks", {"beginsAt": f"2027-01-{day}T19:00:00Z", "priceCents": 450, "quantity": 80})
    episode = put("/api/v1/offers", {"title": {"fr": "Une vie de quartier"}, "categoryID": "media.podcast", "access": "online",
                                     "workID": podcast.get("id"), "onlineURL": "https://radio.example/episode-12.mp3", "price": {"minCents": 0, "maxCents": 0}})
    reading = put("/api/v1/offers", {"title": {"fr": "Lecture : Les Misérables"}, "categoryID": "books.literary-event", "access": "hybrid",
                                     "workID": book.get("id"), "venueID": museum.get("id"), "onlineURL": "https://augustins.example/live",
                                     "startsAt": "2027-02-01T18:00:00Z"})
    return {"venues": [museum.get("id"), theatre.get("id")], "works": [book.get("id"), podcast.get("id")],
            "offers": [play.get("id"), series.get("id"), episode.get("id"), reading.get("id")]}


def import_page(server, institution, checks):
    """A real page with schema.org events, through `passerelle import jsonld`; returns its report."""
    folder = os.path.join(REALDATA, "extruct-samples", "songkick")
    pages = sorted(p for p in os.listdir(folder) if p.endswith(".html")) if os.path.isdir(folder) else []
    if not pages:
        checks.check(f"a real JSON-LD page to import ({folder})", False, "none found")
        return {}
    page = os.path.join(folder, pages[0])
    result = server.cli("import", "jsonld", page, "--institution", institution, "--default-category", "music.concert", "--json")
    lines = result.stdout.strip().splitlines()
    report = json.loads(lines[-1]) if result.returncode == 0 and lines else {}
    checks.check(f"passerelle import jsonld songkick/{pages[0]}: {report.get('created')} offers created", report.get("created", 0) > 0,
                 (result.stderr or result.stdout)[-300:])
    return report


def expand_and_validate(documents, checks):
    from pyld import jsonld
    import pyshacl
    import rdflib
    context = json.load(open(os.path.join(SCHEMAORG, "schemaorgcontext.jsonld")))

    def loader(url, options=None):
        if url.rstrip("/") in ("https://schema.org", "http://schema.org", "https://schema.org/docs/jsonldcontext.jsonld"):
            return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": context}
        raise jsonld.JsonLdError(f"{url}: only the schema.org context is loaded (offline)", "loading document failed")

    graph = rdflib.Graph()
    for label, document in documents:
        try:
            nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": loader})
            graph.parse(data=nquads, format="nquads")
            expanded = jsonld.expand(document, {"documentLoader": loader})
            types = [t for node in expanded for t in node.get("@type", [])]
            checks.check(f"pyld expands {label} to {', '.join(t.rsplit('/', 1)[-1] for t in types)}",
                         bool(types) and all(t.startswith("http://schema.org/") for t in types))
        except Exception as error:  # noqa: BLE001 -- any failure of the third-party reader is the finding
            checks.check(f"pyld reads {label}", False, repr(error)[:300])
    shapes = literal_datatypes(rdflib.Graph().parse(os.path.join(SCHEMAORG, "schemaorg-shapes.shacl"), format="turtle"))
    hierarchy = rdflib.Graph().parse(os.path.join(SCHEMAORG, "schemaorg-subclasses.shacl"), format="turtle")
    conforms, results, text = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=hierarchy, inference="none", abort_on_first=False)
    report = os.path.join(REPO, ".build", "interop-shacl-report.txt")
    os.makedirs(os.path.dirname(report), exist_ok=True)
    open(report, "w").write(text)
    # The innermost failures, by property and value: what to mend, without the nesting of the full report.
    innermost = sorted(set(re.findall(r"sh:path (schema1:\w+) \]\n\t+Focus Node: [^\n]*\n\t+Value Node: ([^\n]*)", text)))
    checks.check(f"pyshacl: {len(graph)} triples of {len(documents)} documents conform to the schema.org shapes", conforms,
                 f"{len(innermost)} distinct failures, full report in {os.path.relpath(report, REPO)}:\n    "
                 + "\n    ".join(f"{path} = {value[:120]}" for path, value in innermost[:40]))


def literal_datatypes(shapes):
    """The one change made to the official shapes: they give each schema.org DataType (Text, URL, Date, Number…) the
    shape of a class (`sh:nodeKind sh:BlankNodeOrIRI`), so no literal, not even the official examples' "name", could
    ever conform. A DataType's values are literals (a URL may also be an IRI): its shape says so here, and every other
    constraint (which properties, which nested types, enumerations as IRIs) is checked as published."""
    import rdflib
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    validation = rdflib.Namespace("http://schema.org/validation#")
    for name in ("Text", "URL", "Date", "DateTime", "Time", "Number", "Integer", "Float", "Boolean", "CssSelectorType",
                 "XPathType", "PronounceableText"):
        shape = validation["ValidSchema" + name]
        shapes.remove((shape, sh.nodeKind, None))
        shapes.add((shape, sh.nodeKind, sh.IRIOrLiteral if name == "URL" else sh.Literal))
    return shapes


def check_calendar(server, path, checks, expect_uids=()):
    import icalendar
    status, headers, body = get(server, path)
    if not checks.check(f"GET {path}: 200 text/calendar", status == 200 and headers.get("Content-Type", "").startswith("text/calendar"),
                        f"{status}"):
        return
    try:
        calendar = icalendar.Calendar.from_ical(body)
    except Exception as error:  # noqa: BLE001
        checks.check(f"icalendar parses {path}", False, repr(error)[:300])
        return
    events = calendar.walk("VEVENT")
    uids = [str(event["UID"]) for event in events]
    aware = all(event.decoded("DTSTART").tzinfo is not None for event in events)
    checks.check(f"icalendar parses {path}: {len(events)} events, unique UIDs, timezone-aware starts",
                 len(events) > 0 and len(set(uids)) == len(uids) and aware, f"{uids}")
    for uid in expect_uids:
        checks.check(f"{path} has {uid}", any(u.startswith(uid) for u in uids), f"{uids}")
    tag = headers.get("ETag")
    again, _, _ = get(server, path, {"If-None-Match": tag or ""})
    checks.check(f"{path} again with its ETag: 304", again == 304, f"{again}")
    return len(events)


def check_rss(server, path, checks, at_least):
    import feedparser
    status, headers, body = get(server, path)
    feed = feedparser.parse(body)
    checks.check(f"feedparser reads {path}: {len(feed.entries)} items, not bozo", status == 200 and not feed.bozo and len(feed.entries) >= at_least,
                 f"{status} bozo={feed.bozo} {getattr(feed, 'bozo_exception', '')}")
    checks.check(f"{path}: every item links to an offer page on the public origin",
                 all(entry.link.startswith(server.base + "/offers/") for entry in feed.entries), "")


def main(argv):
    binary = os.path.abspath(argv[1] if len(argv) > 1 else os.path.join(REPO, ".build", "debug", "passerelle"))
    if not os.path.isdir(SCHEMAORG):
        message = f"{NAME}: no {SCHEMAORG}: the schema.org shapes are needed; nothing checked"
        print(message, file=sys.stderr)
        return 1 if os.environ.get("CI") == "true" else 0
    bootstrap()
    checks = Checks()
    work = tempfile.mkdtemp(prefix="passerelle-interop-")
    binary = copy_binary(binary, work, NAME)
    database = os.path.join(work, "interop.sqlite")
    created = subprocess.run([binary, "institution", "create", "Théâtre et musée de Toulouse", "--database", database],
                             cwd=work, capture_output=True, text=True, timeout=120)
    key = created.stdout.strip().splitlines()[-1] if created.returncode == 0 and created.stdout.strip() else ""
    if not checks.check("passerelle institution create printed a key", key.startswith("psl_"), created.stderr[-300:]):
        return 1
    server = Server(binary, database, name=NAME, wait=60)
    try:
        ids = seed(server, key, checks)
        institution = institution_of(server, ids["offers"][0])
        report = import_page(server, institution, checks)

        print("\n== JSON-LD (pyld, pyshacl)")
        status, body = request(server.base + f"/api/v1/offers?institution={institution}&pageSize=100")
        offers = [item["id"] for item in json.loads(body).get("items", [])]
        documents = []
        for kind, page, entries in (("offers", "offers", offers), ("venues", "venues", ids["venues"]), ("works", "works", ids["works"])):
            for record in entries:
                status, _, alone = get(server, f"/api/v1/{kind}/{record}/jsonld")
                _, _, html = get(server, f"/{page}/{record}")
                blocks = re.findall(rb'<script type="application/ld\+json">(.*?)</script>', html, re.S)
                same = status == 200 and len(blocks) == 1 and json.loads(blocks[0]) == json.loads(alone)
                checks.check(f"/{page}/{record} embeds the document /api/v1/{kind}/{record}/jsonld serves", same, f"{status} blocks={len(blocks)}")
                if status == 200:
                    documents.append((f"{kind[:-1]} {record}", json.loads(alone)))
        expand_and_validate(documents, checks)

        print("\n== iCalendar (icalendar)")
        check_calendar(server, f"/venues/{ids['venues'][1]}/calendar.ics", checks)
        check_calendar(server, f"/venues/{ids['venues'][0]}/calendar.ics", checks)
        check_calendar(server, f"/institutions/{institution}/calendar.ics", checks)

        print("\n== RSS (feedparser)")
        check_rss(server, f"/institutions/{institution}/feed.rss", checks, at_least=len(offers) if len(offers) < 50 else 50)
    finally:
        server.stop(checks)
    print(f"\n{NAME}: {checks.passed} passed, {checks.failed} failed")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if checks.failed else 0


def institution_of(server, offer):
    status, body = request(server.base + f"/api/v1/offers/{offer}")
    return json.loads(body).get("institutionID") if status == 200 else None


if __name__ == "__main__":
    sys.exit(main(sys.argv))
