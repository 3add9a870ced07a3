#!/usr/bin/env python3
"""The OAI-PMH repository at /oai, read by third-party tools from PyPI (in the git-ignored .venv-interop/):

  python3 scripts/interop/check_oai.py [path/to/passerelle]      # default: .build/debug/passerelle

1. Serves a fresh SQLite database on a free loopback port with two institutions (`passerelle institution create`)
   and, through the API, 130 works of one and 5 of the other (more than one page of 100), one with a title that
   needs escaping (the API refuses control characters: their removal is a Swift test), one withdrawn (the deleted
   record).
2. lxml: every verb's answer, pages reached through resumption tokens and each error answer, validated against
   ../shared/realdata/oai-pmh-xsd/oai-pmh-with-dc.xsd (the OAI-PMH 2.0 schema with oai_dc, all local: offline);
   every oai_dc:dc record validated on its own too, since the envelope's schema skips what is inside <metadata>.
3. sickle: Identify, a ListRecords harvest that follows the resumption tokens across pages, ListSets,
   ListIdentifiers of one institution's set, GetRecord of a live and of the deleted record, an error raised as
   sickle's exception, and a POST harvest.
Prints PASS/FAIL per check and a closing line; exits non-zero on any failure. Without the XSD folder it says so and
exits 0 outside CI, 1 in CI.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "scripts", "a11y"))
sys.path.insert(0, HERE)
from browser_common import REALDATA, Checks, Server, copy_binary, request  # noqa: E402
from check_published import bootstrap, get  # noqa: E402

NAME = "oai"
XSD = os.path.join(REALDATA, "oai-pmh-xsd", "oai-pmh-with-dc.xsd")
OAI = "{http://www.openarchives.org/OAI/2.0/}"
DC = "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
# Works per institution: the first holds more than one page (100) of records.
WORKS = (130, 5)


def create_institution(binary, database, work, name):
    created = subprocess.run([binary, "institution", "create", name, "--database", database], cwd=work,
                             capture_output=True, text=True, timeout=120)
    lines = created.stdout.strip().splitlines()
    return lines[-1] if created.returncode == 0 and lines else ""


def seed(server, keys, checks):
    """The works (ids by institution key) and the id of the one withdrawn."""
    ids = {}
    for key, count in zip(keys, WORKS):
        ids[key] = []
        for index in range(count):
            body = {"title": {"fr": f"Œuvre {index}", "en": f"Work {index}"}, "creators": ["Anonyme"], "languages": ["fr"],
                    "categoryID": "books.print" if index % 2 else "heritage.collection-object",
                    "description": {"fr": "Description"}}
            if index == 0:
                body["title"] = {"fr": "Les <Misérables> & « Cosette »"}
                body["identifiers"] = {"isbn": "9782070409228"}
            status, answer = request(server.base + "/api/v1/works", body=body, key=key)
            if status not in (200, 201):
                checks.check(f"POST /api/v1/works #{index}", False, f"{status} {answer[:300]!r}")
                continue
            ids[key].append(json.loads(answer)["id"])
    withdrawn = ids[keys[0]][1]
    status, answer = delete(server, f"/api/v1/works/{withdrawn}", keys[0])
    checks.check(f"DELETE /api/v1/works/{withdrawn} withdraws it", status in (200, 204), f"{status} {answer[:200]!r}")
    return ids, withdrawn


def delete(server, path, key):
    import urllib.request
    from browser_common import HTTP
    try:
        with HTTP.open(urllib.request.Request(server.base + path, method="DELETE", headers={"Authorization": f"Bearer {key}"}),
                       timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def validate_with_lxml(server, host, ids, withdrawn, institution, checks):
    """Every answer against the XSD; returns how many documents and oai_dc records were validated."""
    from lxml import etree
    schema = etree.XMLSchema(etree.parse(XSD))
    documents = records = 0

    def answer(query, expect_error=None, method="GET"):
        nonlocal documents, records
        if method == "GET":
            status, headers, body = get(server, "/oai?" + query)
        else:
            import urllib.request
            from browser_common import HTTP
            with HTTP.open(urllib.request.Request(server.base + "/oai", data=query.encode(),
                                                  headers={"Content-Type": "application/x-www-form-urlencoded"}), timeout=30) as response:
                status, headers, body = response.status, dict(response.headers), response.read()
        label = f"{method} /oai?{query[:90]}"
        if not checks.check(f"{label}: 200 text/xml; charset=utf-8",
                            status == 200 and headers.get("Content-Type") == "text/xml; charset=utf-8", f"{status} {headers.get('Content-Type')}"):
            return None
        try:
            document = etree.fromstring(body)
        except etree.XMLSyntaxError as error:
            checks.check(f"{label}: well-formed", False, str(error))
            return None
        valid = schema.validate(document)
        documents += 1
        errors = document.findall(f"{OAI}error")
        codes = [e.get("code") for e in errors]
        ok = valid and (codes == [expect_error] if expect_error else not codes)
        checks.check(f"{label}: valid against the OAI-PMH XSD" + (f", error {expect_error}" if expect_error else ""), ok,
                     f"codes={codes} {schema.error_log.last_error}")
        invalid = []
        for dc in document.iter(DC):
            records += 1
            if not schema.validate(etree.ElementTree(etree.fromstring(etree.tostring(dc)))):
                invalid.append(str(schema.error_log.last_error))
        if invalid:
            checks.check(f"{label}: every oai_dc record valid against oai_dc.xsd", False, "; ".join(invalid[:3]))
        return document

    first = ids[0][0]
    identifier = f"oai:{host}:work/{first}"
    answer("verb=Identify")
    answer("verb=Identify", method="POST")
    answer("verb=ListMetadataFormats")
    answer("verb=ListMetadataFormats&identifier=" + urllib.parse.quote(identifier, safe=""))
    answer("verb=ListSets")
    answer(f"verb=ListIdentifiers&metadataPrefix=oai_dc&set=institution:{institution}")
    answer("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + urllib.parse.quote(identifier, safe=""))
    gone = answer(f"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:{host}:work/{withdrawn}")
    if gone is not None:
        header = gone.find(f".//{OAI}header")
        checks.check("the withdrawn work is a deleted record without metadata",
                     header is not None and header.get("status") == "deleted" and gone.find(f".//{OAI}metadata") is None)
    # ListRecords page by page, each page valid, until the empty token.
    query, pages, seen = "verb=ListRecords&metadataPrefix=oai_dc", 0, 0
    while pages < 10:
        page = answer(query)
        if page is None:
            break
        pages += 1
        seen += len(page.findall(f".//{OAI}record"))
        token = page.find(f".//{OAI}resumptionToken")
        if token is None or not (token.text or "").strip():
            break
        query = "verb=ListRecords&resumptionToken=" + urllib.parse.quote(token.text.strip(), safe="")
    total = sum(WORKS)
    checks.check(f"ListRecords: {seen} records in {pages} pages, every work once", seen == total and pages >= 2, f"{seen}/{total}")
    for query, code in [
        ("", "badVerb"), ("verb=Harvest", "badVerb"), ("verb=Identify&verb=Identify", "badVerb"),
        ("verb=Identify&set=domain", "badArgument"), ("verb=ListRecords", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01&until=2026-01-01T00:00:00Z", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListRecords&resumptionToken=not-a-token", "badResumptionToken"),
        ("verb=ListRecords&metadataPrefix=marcxml", "cannotDisseminateFormat"),
        ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere.example:work/x", "idDoesNotExist"),
        ("verb=ListRecords&metadataPrefix=oai_dc&until=1999-01-01", "noRecordsMatch"),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&set=domain:no-such-domain", "noRecordsMatch"),
    ]:
        answer(query, expect_error=code)
    return documents, records


def harvest_with_sickle(server, host, ids, withdrawn, institutions, checks):
    from sickle import Sickle
    from sickle import oaiexceptions

    class CountingSickle(Sickle):
        """Counts the HTTP requests a harvest makes: one per page."""
        requests = 0

        def harvest(self, **kwargs):
            self.requests += 1
            return super().harvest(**kwargs)

    sickle = CountingSickle(server.base + "/oai", max_retries=0, timeout=30)
    identify = sickle.Identify()
    checks.check(f"sickle Identify: {identify.repositoryName}, granularity {identify.granularity}, deletedRecord {identify.deletedRecord}",
                 identify.granularity == "YYYY-MM-DDThh:mm:ssZ" and identify.deletedRecord == "persistent")
    sickle.requests = 0
    records = list(sickle.ListRecords(metadataPrefix="oai_dc"))
    deleted = [r for r in records if r.header.deleted]
    identifiers = [r.header.identifier for r in records]
    total = sum(WORKS)
    checks.check(f"sickle ListRecords: {len(records)} records over {sickle.requests} pages (resumption tokens followed), none twice",
                 len(records) == total and sickle.requests >= 2 and len(set(identifiers)) == total, f"{len(records)}/{total}")
    checks.check(f"sickle sees the withdrawn work as deleted ({len(deleted)} deleted)",
                 [r.header.identifier for r in deleted] == [f"oai:{host}:work/{withdrawn}"])
    escaped = next((r for r in records if r.header.identifier == f"oai:{host}:work/{ids[0][0]}"), None)
    checks.check("sickle reads the escaped title back",
                 escaped is not None and escaped.metadata.get("title") == ["Les <Misérables> & « Cosette »"],
                 f"{escaped.metadata.get('title') if escaped else None}")
    specs = [s.setSpec for s in sickle.ListSets()]
    wanted = ["domain", "domain:books", "domain:books:print", "institution"] + [f"institution:{i}" for i in institutions]
    checks.check(f"sickle ListSets: {len(specs)} sets, the domain hierarchy and both institutions",
                 all(w in specs for w in wanted) and len(set(specs)) == len(specs), f"{[w for w in wanted if w not in specs]}")
    second = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set=f"institution:{institutions[1]}"))
    checks.check(f"sickle ListIdentifiers set=institution:{institutions[1]}: {len(second)} headers",
                 sorted(h.identifier for h in second) == sorted(f"oai:{host}:work/{i}" for i in ids[1]))
    books = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="domain:books"))
    checks.check(f"sickle ListIdentifiers set=domain:books: {len(books)} headers", len(books) == sum(n // 2 for n in WORKS))
    record = sickle.GetRecord(identifier=f"oai:{host}:work/{ids[1][0]}", metadataPrefix="oai_dc")
    checks.check("sickle GetRecord: title, creator, publisher, page URL",
                 record.metadata.get("creator") == ["Anonyme"] and bool(record.metadata.get("publisher"))
                 and server.base + f"/works/{ids[1][0]}" in record.metadata.get("identifier", []), f"{record.metadata}")
    gone = sickle.GetRecord(identifier=f"oai:{host}:work/{withdrawn}", metadataPrefix="oai_dc")
    checks.check("sickle GetRecord of the withdrawn work: a deleted header", gone.header.deleted)
    try:
        sickle.GetRecord(identifier=f"oai:{host}:work/no-such-work", metadataPrefix="oai_dc")
        checks.check("sickle raises IdDoesNotExist for an unknown identifier", False, "no exception")
    except oaiexceptions.IdDoesNotExist:
        checks.check("sickle raises IdDoesNotExist for an unknown identifier", True)
    posted = Sickle(server.base + "/oai", http_method="POST", max_retries=0, timeout=30)
    count = sum(1 for _ in posted.ListIdentifiers(metadataPrefix="oai_dc"))
    checks.check(f"sickle over POST: ListIdentifiers {count} headers", count == total)


def main(argv):
    binary = os.path.abspath(argv[1] if len(argv) > 1 else os.path.join(REPO, ".build", "debug", "passerelle"))
    if not os.path.isfile(XSD):
        print(f"{NAME}: no {XSD}: the OAI-PMH schemas are needed; nothing checked", file=sys.stderr)
        return 1 if os.environ.get("CI") == "true" else 0
    bootstrap(__file__)
    checks = Checks()
    work = tempfile.mkdtemp(prefix="passerelle-oai-")
    binary = copy_binary(binary, work, NAME)
    database = os.path.join(work, "oai.sqlite")
    keys = [create_institution(binary, database, work, name) for name in ("Bibliothèque de Lyon", "Musée de Grenoble")]
    if not checks.check("passerelle institution create printed two keys", all(k.startswith("psl_") for k in keys)):
        return 1
    server = Server(binary, database, name=NAME, wait=60)
    host = urllib.parse.urlparse(server.base).hostname
    try:
        by_key, withdrawn = seed(server, keys, checks)
        ids = [by_key[k] for k in keys]
        institutions = [json.loads(request(server.base + f"/api/v1/works/{i[0]}")[1])["institutionID"] for i in ids]
        print("\n== OAI-PMH answers against the XSD (lxml)")
        documents, records = validate_with_lxml(server, host, ids, withdrawn, institutions[0], checks)
        print(f"  ({documents} documents and {records} oai_dc records validated)")
        print("\n== A harvest with sickle")
        harvest_with_sickle(server, host, ids, withdrawn, institutions, checks)
    finally:
        server.stop(checks)
    print(f"\n{NAME}: {checks.passed} passed, {checks.failed} failed")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
