#!/usr/bin/env python3
"""Accessibility and rendering check of the observatory dashboard (/observatory) in headless Chromium with axe-core.

    python3 scripts/a11y/observatory_axe.py [PASSERELLE_BINARY]      # default: .build/debug/passerelle

1. Installs Selenium and axe-selenium-python (requirements.txt beside this file; the latter ships axe-core 4.10 and
   needs Python >= 3.12) into the git-ignored .venv-browser/, once, and Debian's chromium and chromium-driver when
   they are missing (as root). Then it runs again inside that venv.
2. Copies the binary aside and serves a fresh SQLite database on a free loopback port, waits for the release that
   `serve` schedules at start, and checks the empty state (no release) with 0 violations. Then a second database:
   two institutions, a few hundred visitors each posted to POST /api/v1/observatory/events, dated in the previous
   calendar month, and `passerelle observatory release` for that month while the server runs.
3. Opens /observatory in fr, en, pl and (?period=) de, two single-table views (es, it) and the museums view (en) at 1280x2000, runs axe-core (WCAG 2.1 A/AA), saves a full-page
   screenshot and the HTML per page under .build/a11y/, and checks: one h1; every svg[role=img] named by an existing
   element and described by an existing table, every mark of it drawn, no text of it cut or overlapping another
   mark; HTML under 100 KB; no request to another host; EcoIndex above 80 (grade A), its formula first checked
   against ../shared/realdata/ecoindex-vectors.
4. Stops each server with SIGTERM, prints `observatory a11y: N pages, N violations` and exits 1 on any violation or
   failed check.
"""
import base64
import calendar
import datetime as dt
import glob
import hashlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
VENV = os.path.join(REPO, ".venv-browser")
REQUIREMENTS = os.path.join(HERE, "requirements.txt")
SHOTS = os.path.join(REPO, ".build", "a11y")
REALDATA = os.environ.get("PASSERELLE_REALDATA", os.path.join(REPO, "..", "shared", "realdata"))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MAX_HTML_BYTES = 100_000
# (INSEE commune, weight): twelve régions, and Corsica with too few visitors to be published.
COMMUNES = [("75056", 9), ("69123", 6), ("13055", 5), ("33063", 4), ("31555", 4), ("59350", 4), ("35238", 3),
            ("44109", 3), ("67482", 3), ("21231", 2), ("45234", 2), ("76540", 2), ("2A004", 0.1)]
CATEGORIES = ["heritage.museum-visit", "live-performance.theatre", "music.concert", "cinema.screening",
              "heritage.exhibition", "books.print", "live-performance.dance"]


def bootstrap():
    """Installs Chromium if needed, then re-runs this script inside .venv-browser/ (rebuilt when requirements.txt changes)."""
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        if os.geteuid() != 0:
            sys.exit("observatory a11y: install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"], check=True,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    python = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    stamp, wanted = os.path.join(VENV, ".requirements.sha256"), hashlib.sha256(open(REQUIREMENTS, "rb").read()).hexdigest()
    if not os.path.exists(stamp) or open(stamp).read() != wanted:
        candidates = [sys.executable, shutil.which("python3.13"), shutil.which("python3.12")]
        candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[2-9]*/bin/python3")), reverse=True)
        base = next((p for p in candidates if p and runs_312(p)), None)
        if base is None:
            sys.exit("observatory a11y: needs a Python >= 3.12 for axe-selenium-python 3 (none found)")
        print(f"observatory a11y: installing {REQUIREMENTS} into {VENV} with {base}", file=sys.stderr)
        shutil.rmtree(VENV, ignore_errors=True)
        subprocess.run([base, "-m", "venv", VENV], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", REQUIREMENTS], check=True)
        open(stamp, "w").write(wanted)
    os.execv(python, [python, os.path.abspath(__file__), *sys.argv[1:]])


def runs_312(python):
    return subprocess.run([python, "-c", "import sys; sys.exit(sys.version_info < (3, 12))"], capture_output=True).returncode == 0


# ---------------------------------------------------------------------------------------------- server and HTTP

HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only: never through a proxy


def request(url, body=None, key=None):
    """(status, bytes) of a GET, or of a POST of `body` as JSON."""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    data = json.dumps(body).encode() if body is not None else None
    try:
        with HTTP.open(urllib.request.Request(url, data=data, headers=headers), timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Server:
    """`passerelle serve` on a free loopback port, from the scratch folder (so no .env of the work tree is read)."""

    def __init__(self, binary, database, log_level="warning"):
        self.binary, self.database = binary, database
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(database + ".log", "w")
        env = dict(os.environ, PASSERELLE_REALDATA=os.path.abspath(REALDATA))
        self.process = subprocess.Popen(
            [binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--database", database, "--log-level", log_level],
            cwd=os.path.dirname(binary), env=env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(120):
            if self.process.poll() is not None:
                break
            try:
                if request(self.base + "/ready")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        self.process.kill()
        sys.exit(f"observatory a11y: GET {self.base}/ready never answered 200; log: {open(database + '.log').read()}")

    def settle(self):
        """Waits (10 s at most) for the release that `serve` schedules at start (the last month due) to be done."""
        for _ in range(20):
            if "observatory release" in open(self.database + ".log").read():
                return
            time.sleep(0.5)

    def cli(self, *arguments):
        return subprocess.run([self.binary, *arguments, "--database", self.database], cwd=os.path.dirname(self.binary),
                              capture_output=True, text=True, timeout=300)

    def stop(self, checks):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        checks.check("the server stopped on SIGTERM", self.process.returncode in (0, -signal.SIGTERM), f"exit status {self.process.returncode}")


# ----------------------------------------------------------------------------------------------- the data

def previous_month(now):
    """(YYYY-MM, occurredAt): the previous month, and an instant in it that is at most 40 days old (the events API's limit)."""
    year, month = (now.year, now.month - 1) if now.month > 1 else (now.year - 1, 12)
    last = dt.datetime(year, month, calendar.monthrange(year, month)[1], 12, tzinfo=dt.timezone.utc)
    instant = max(last, now - dt.timedelta(days=40) + dt.timedelta(hours=1))
    if instant >= last.replace(hour=23, minute=59):
        sys.exit(f"observatory a11y: no instant of {year}-{month:02} is within the 40 days events are accepted")
    return f"{year}-{month:02}", instant.strftime("%Y-%m-%dT%H:%M:%SZ")


def seed(server, period, occurred_at, checks):
    """Two institutions with audience events, then the month's release."""
    status, body = request(server.base + "/api/v1/categories")
    served = {c["id"] for sector in json.loads(body)["sectors"] for c in sector["categories"]}
    categories = [c for c in CATEGORIES if c in served]
    if len(categories) < 2:
        sys.exit(f"observatory a11y: too few of {CATEGORIES} are categories ({sorted(served)[:10]}…)")
    rng = random.Random(20251201)
    for name, visitors in (("Musée A11y", 400), ("Théâtre des Contrastes", 250)):
        created = server.cli("institution", "create", name)
        key = created.stdout.strip().splitlines()[-1] if created.returncode == 0 and created.stdout.strip() else ""
        if not checks.check(f"institution create {name!r} prints a key", key.startswith("psl_"), created.stderr[-300:]):
            continue
        events = []
        for n in range(visitors):
            commune = rng.choices([c for c, _ in COMMUNES], [w for _, w in COMMUNES])[0]
            common = {"occurredAt": occurred_at, "visitor": f"v-{n}", "commune": commune,
                      "channel": rng.choices(["web", "app", "venue"], [7, 2, 1])[0],
                      "device": rng.choice(["desktop", "mobile", "tablet"])}
            kinds = ["page-view"] + ["content-view"] * (rng.random() < 0.7) + ["play"] * (rng.random() < 0.3)
            for i, kind in enumerate(kinds):
                events.append(dict(common, eventID=f"{key[4:12]}-{n}-{i}", kind=kind,
                                   category=rng.choices(categories, range(len(categories), 0, -1))[0]))
        for start in range(0, len(events), 1000):
            batch = events[start:start + 1000]
            status, body = request(server.base + "/api/v1/observatory/events", {"events": batch}, key)
            result = json.loads(body or b"{}")
            checks.check(f"{name}: {len(batch)} events recorded", status == 200 and result.get("recorded") == len(batch)
                         and not result.get("rejected"), f"{status} {body[:300]!r}")
    released = server.cli("observatory", "release", "--period", period)
    checks.check(f"observatory release --period {period} exits 0", released.returncode == 0,
                 (released.stdout + released.stderr)[-500:])


# ---------------------------------------------------------------------------------------------- the browser

class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, title, ok, evidence=""):
        self.passed, self.failed = self.passed + bool(ok), self.failed + (not ok)
        print(f"  {'PASS' if ok else 'FAIL'}: {title}" + ("" if ok or not evidence else f" -- {evidence}"), flush=True)
        return ok


SVG_PROBLEMS = """
const box = e => e.getBoundingClientRect(), meets = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
return [...document.querySelectorAll('svg[role=img]')].flatMap((svg, i) => {
  const ids = a => (svg.getAttribute(a) || '').split(/\\s+/).filter(Boolean);
  const names = ids('aria-labelledby').map(id => document.getElementById(id));
  const tables = ids('aria-describedby').map(id => document.getElementById(id));
  const what = `svg #${i} (${svg.getAttribute('class')}, ${svg.getAttribute('aria-labelledby')})`, problems = [];
  if (!names.length || !names.every(e => e && e.textContent.trim())) problems.push(`${what}: aria-labelledby names nothing`);
  if (!tables.length || !tables.every(e => e && e.tagName === 'TABLE')) problems.push(`${what}: aria-describedby is not a table`);
  const marks = [...svg.querySelectorAll('text, rect, circle, path')], drawn = marks.filter(m => box(m).width || box(m).height);
  if (drawn.length < marks.length) problems.push(`${what}: ${marks.length - drawn.length} of ${marks.length} marks not drawn (inside a non-container element?)`);
  const frame = box(svg), solid = drawn.filter(m => m.tagName !== 'path');  // régions touch by nature
  solid.forEach((t, k) => {
    if (t.tagName !== 'text') return;
    if (box(t).left < frame.left - 1 || box(t).right > frame.right + 1) problems.push(`${what}: text "${t.textContent}" is cut at the edge`);
    solid.filter((m, j) => j !== k && (m.tagName !== 'text' || j > k) && meets(box(t), box(m)))
      .forEach(m => problems.push(`${what}: text "${t.textContent}" overlaps ${m.tagName} "${m.textContent}"`));
  });
  return problems;
});"""


def open_browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,2000",
                     "--hide-scrollbars", "--no-proxy-server", "--disable-background-networking"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_script_timeout(60)
    # The page itself 1280x2000 (the window's own frame would take ~140 px of it).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 2000, "deviceScaleFactor": 1, "mobile": False})
    return driver



# EcoIndex (reference quantiles of the HTTP Archive used by ecoindex-compute): score = 100 − 5·(3·Qdom + 2·Qreq + Qsize)/6.
ECO_DOM = [0, 47, 75, 159, 233, 298, 358, 417, 476, 537, 603, 674, 753, 843, 949, 1076, 1237, 1459, 1801, 2479, 594601]
ECO_REQ = [0, 2, 15, 25, 34, 42, 49, 56, 63, 70, 78, 86, 95, 105, 117, 130, 147, 170, 205, 281, 3920]
ECO_SIZE = [0, 1.37, 144.7, 319.53, 479.46, 631.97, 783.38, 937.91, 1098.62, 1265.47, 1448.32, 1648.27, 1876.08, 2142.06,
            2465.37, 2866.31, 3401.59, 4155.73, 5400.08, 8037.54, 223212.26]


def eco_quantile(quantiles, value):
    for i in range(1, len(quantiles)):
        if value < quantiles[i]:
            return i - 1 + (value - quantiles[i - 1]) / (quantiles[i] - quantiles[i - 1])
    return len(quantiles) - 1


def ecoindex(dom, requests, size_kb):
    return 100 - 5 * (3 * eco_quantile(ECO_DOM, dom) + 2 * eco_quantile(ECO_REQ, requests) + eco_quantile(ECO_SIZE, size_kb)) / 6


def ecoindex_matches_reference():
    """True when the formula reproduces the reference vectors (skipped, with a message, when they are absent)."""
    path = os.path.join(REALDATA, "ecoindex-vectors", "ecoindex_vectors.csv")
    if not os.path.exists(path):
        print(f"  SKIP: {path} is absent; EcoIndex formula not cross-checked")
        return True
    import csv
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    worst = max(abs(ecoindex(int(r["dom_nodes"]), int(r["requests"]), float(r["size_kb"])) - float(r["score"])) for r in rows)
    print(f"  EcoIndex formula against {len(rows)} reference vectors: largest difference {worst:.2f}")
    return worst <= 1.0


def check_page(driver, server, path, name, checks, expect_charts, expect_map=True):
    """Runs axe and the page checks on `path`; returns the number of axe violations."""
    from axe_selenium_python import Axe

    url = server.base + path
    print(f"\n== {path}")
    status, html = request(url)
    checks.check(f"GET {path} is 200", status == 200, str(status))
    checks.check(f"HTML under {MAX_HTML_BYTES // 1000} KB ({len(html):,} bytes)", len(html) < MAX_HTML_BYTES)
    driver.get_log("performance")  # drop what came before
    driver.get(url)
    axe = Axe(driver)
    axe.inject()
    results = axe.run(options=json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}))
    for violation in results["violations"]:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        print(f"  VIOLATION {violation['id']} ({violation['impact']}): {violation['help']} -- {len(targets)} node(s): "
              + "; ".join(targets[:8]) + (" …" if len(targets) > 8 else ""))
        for node in violation["nodes"][:3]:
            print(f"      {node['html'][:160]}\n      -> {node['failureSummary'].replace(chr(10), ' ')[:300]}")
    checks.check(f"axe: {len(results['violations'])} violations, {len(results['passes'] or [])} rules passed",
                 not results["violations"])
    checks.check("exactly one h1", driver.execute_script("return document.querySelectorAll('h1').length") == 1)
    svgs = driver.execute_script("return document.querySelectorAll('svg[role=img]').length")
    problems = driver.execute_script(SVG_PROBLEMS)
    checks.check(f"{svgs} svg[role=img] (expected: {'some' if expect_charts else 'none'})", (svgs > 0) == expect_charts)
    checks.check("each chart named, described by a table, every mark drawn, no text overlapping or cut", not problems,
                 "".join("\n      " + p for p in problems[:12]) + (f"\n      … {len(problems) - 12} more" if len(problems) > 12 else ""))
    if expect_charts and expect_map and os.path.exists(os.path.join(REALDATA, "france-geo")):
        checks.check("the map is drawn", driver.execute_script("return !!document.querySelector('svg.map path')"))
    here = urllib.parse.urlsplit(url).netloc
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    logged = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
    requested = resources + [m["params"]["request"]["url"] for m in logged if m["method"] == "Network.requestWillBeSent"]
    foreign = sorted({u for u in requested if urllib.parse.urlsplit(u).scheme in ("http", "https", "ws", "wss")
                      and urllib.parse.urlsplit(u).netloc != here})
    checks.check(f"no request to another host ({len(set(requested))} requests)", not foreign, ", ".join(foreign))
    dom = driver.execute_script("return document.getElementsByTagName('*').length")
    extra = driver.execute_script("return performance.getEntriesByType('resource').reduce((s, e) => s + (e.encodedBodySize || 0), 0)")
    size_kb = (len(html) + extra) / 1024
    score = ecoindex(dom, max(1, len(set(requested))), size_kb)
    checks.check(f"EcoIndex {score:.1f} (A above 80): {dom} elements, {len(set(requested))} requests, {size_kb:.1f} KB", score > 80)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                             "clip": {"x": 0, "y": 0, "width": 1280, "height": height, "scale": 1}})
    target = os.path.join(SHOTS, f"observatory-{name}.png")
    with open(target, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    with open(target[:-4] + ".html", "wb") as f:
        f.write(html)
    print(f"  screenshot {os.path.relpath(target, REPO)} (1280x{height}), HTML beside it")
    return len(results["violations"])


def main(argv):
    bootstrap()
    if not ecoindex_matches_reference():
        print("observatory a11y: the EcoIndex formula does not reproduce the reference vectors")
        return 1
    binary = argv[1] if len(argv) > 1 else os.path.join(REPO, ".build", "debug", "passerelle")
    if not os.access(binary, os.X_OK):
        sys.exit(f"observatory a11y: no executable at {binary} (build it with 'swift build' first)")
    os.makedirs(SHOTS, exist_ok=True)
    period, occurred_at = previous_month(dt.datetime.now(dt.timezone.utc))
    checks, violations, pages = Checks(), 0, 0
    with tempfile.TemporaryDirectory(prefix="passerelle-a11y.") as work:
        shutil.copy2(binary, os.path.join(work, "passerelle"))  # the original may be relinked meanwhile
        binary = os.path.join(work, "passerelle")
        driver = open_browser()
        try:
            server = Server(binary, os.path.join(work, "empty.sqlite"), log_level="info")
            try:
                server.settle()
                published = [i["period"] for i in json.loads(request(server.base + "/api/v1/observatory/releases")[1])["items"]]
                checks.check("a fresh database has no release, so the page shows its empty state", not published,
                             f"serve published {published} on start, from no event")
                violations += check_page(driver, server, "/observatory?lang=fr", "empty-fr", checks, expect_charts=bool(published))
                pages += 1
            finally:
                server.stop(checks)
            server = Server(binary, os.path.join(work, "o.sqlite"))
            try:
                print(f"\n== data: two institutions, events at {occurred_at}, release {period}")
                seed(server, period, occurred_at, checks)
                for path, name in (("/observatory?lang=fr", "fr"), ("/observatory?lang=en", "en"),
                                   ("/observatory?lang=pl", "pl"), (f"/observatory?period={period}&lang=de", "de"),
                                   (f"/observatory?period={period}&table=visitors-by-departement&lang=es", "departements-es"),
                                   (f"/observatory?period={period}&table=visitors-by-day&lang=it", "days-it"),
                                   ("/observatory?table=museums&lang=en", "museums-en")):
                    violations += check_page(driver, server, path, name, checks, expect_charts=True, expect_map="table=" not in path or "visitors-by-departement" in path)
                    pages += 1
            finally:
                server.stop(checks)
        finally:
            driver.quit()
    print(f"\nobservatory checks: {checks.passed} passed, {checks.failed} failed")
    print(f"observatory a11y: {pages} pages, {violations} violations")
    return 1 if violations or checks.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
