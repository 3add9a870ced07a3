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

The bootstrap, server, browser, axe and EcoIndex helpers it shares with site_journey.py are in browser_common.py.
"""
import calendar
import datetime as dt
import json
import os
import random
import sys
import tempfile

from browser_common import (MAX_HTML_BYTES, REALDATA, REPO, Checks, Server, bootstrap, copy_binary, ecoindex_matches_reference,
                            forget_requests, measure, open_browser, request, requests_made, run_axe, save_page)

NAME = "observatory a11y"
SHOTS = os.path.join(REPO, ".build", "a11y")
# (INSEE commune, weight): twelve régions, and Corsica with too few visitors to be published.
COMMUNES = [("75056", 9), ("69123", 6), ("13055", 5), ("33063", 4), ("31555", 4), ("59350", 4), ("35238", 3),
            ("44109", 3), ("67482", 3), ("21231", 2), ("45234", 2), ("76540", 2), ("2A004", 0.1)]
CATEGORIES = ["heritage.museum-visit", "live-performance.theatre", "music.concert", "cinema.screening",
              "heritage.exhibition", "books.print", "live-performance.dance"]


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


def check_page(driver, server, path, name, checks, expect_charts, expect_map=True):
    """Runs axe and the page checks on `path`; returns the number of axe violations."""
    url = server.base + path
    print(f"\n== {path}")
    status, html = request(url)
    checks.check(f"GET {path} is 200", status == 200, str(status))
    checks.check(f"HTML under {MAX_HTML_BYTES // 1000} KB ({len(html):,} bytes)", len(html) < MAX_HTML_BYTES)
    forget_requests(driver)
    driver.get(url)
    violations = run_axe(driver, checks)
    checks.check("exactly one h1", driver.execute_script("return document.querySelectorAll('h1').length") == 1)
    svgs = driver.execute_script("return document.querySelectorAll('svg[role=img]').length")
    problems = driver.execute_script(SVG_PROBLEMS)
    checks.check(f"{svgs} svg[role=img] (expected: {'some' if expect_charts else 'none'})", (svgs > 0) == expect_charts)
    checks.check("each chart named, described by a table, every mark drawn, no text overlapping or cut", not problems,
                 "".join("\n      " + p for p in problems[:12]) + (f"\n      … {len(problems) - 12} more" if len(problems) > 12 else ""))
    if expect_charts and expect_map and os.path.exists(os.path.join(REALDATA, "france-geo")):
        checks.check("the map is drawn", driver.execute_script("return !!document.querySelector('svg.map path')"))
    requested, foreign = requests_made(driver, url)
    checks.check(f"no request to another host ({len(set(requested))} requests)", not foreign, ", ".join(foreign))
    eco = measure(driver, html, requested)
    checks.check(f"EcoIndex {eco['score']:.1f} (A above 80): {eco['dom']} elements, {len(set(requested))} requests, "
                 f"{eco['size_kb']:.1f} KB", eco["score"] > 80)
    target = os.path.join(SHOTS, f"observatory-{name}.png")
    height = save_page(driver, target, html)
    print(f"  screenshot {os.path.relpath(target, REPO)} (1280x{height}), HTML beside it")
    return len(violations)


def main(argv):
    bootstrap(__file__, NAME)
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
        binary = copy_binary(binary, work, NAME)  # the original may be relinked meanwhile
        driver = open_browser()
        try:
            server = Server(binary, os.path.join(work, "empty.sqlite"), log_level="info", name=NAME)
            try:
                server.settle()
                published = [i["period"] for i in json.loads(request(server.base + "/api/v1/observatory/releases")[1])["items"]]
                checks.check("a fresh database has no release, so the page shows its empty state", not published,
                             f"serve published {published} on start, from no event")
                violations += check_page(driver, server, "/observatory?lang=fr", "empty-fr", checks, expect_charts=bool(published))
                pages += 1
            finally:
                server.stop(checks)
            server = Server(binary, os.path.join(work, "o.sqlite"), name=NAME)
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
