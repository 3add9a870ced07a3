#!/usr/bin/env python3
"""faults-booking-sigkill: SIGKILL `serve` while beneficiaries book culture-pass stocks, restart, check the ledger.

Usage: scripts/faults/booking_sigkill.py [BINARY]

On SQLite (a file in a temporary folder) and on PostgreSQL (a throwaway cluster), each in a fresh database:
20 beneficiaries (150 € each) and an offer; per round 3 new stocks of 30 places at 10 €. Client threads book
(quantity 1) continuously, each request under its own Idempotency-Key, remembering its answer (201; 409 sold-out,
insufficient-credit, or not-eligible once no credit is left; or a broken connection). Once a random number of the
round's bookings have answered 201, serve is SIGKILLed with requests in flight and restarted on the same database.
After each restart:
  * `passerelle pass audit` exits 0 with no unbalanced transaction, differing balance or overdrawn account;
  * nothing is half-written: every booking has its ledger transaction (credit −amount, payable +amount) and every
    booking transaction its booking; every booking has exactly one `booking.created` event in the webhook outbox (the
    institution is subscribed) and every such event its booking; every booking's key is one we sent, answered 201 with that very booking or
    never answered;
  * per stock: active bookings' places = stock_reservations.booked ≤ its quantity;
  * every request answered 201 before the kill has its booking (listed by GET /api/v1/bookings, active, same stock);
  * every request answered 409 left no booking; every broken one left at most one, and retrying it with the same
    Idempotency-Key replays that booking (200, Idempotent-Replayed) or, when none, books once (201) or is 409;
    a sample of 201 keys replays their booking too; no key ever holds two bookings;
  * every beneficiary's wallet total = 15000 − the sum of their active bookings' amounts.
After the last round the clients drain the stocks without a kill: every stock ends exactly full, never over.
FAULTS_SEED fixes the random kill moments (printed at the start); FAULTS_BOOKING_ENGINES="sqlite postgres" selects.
The database is read with Python's sqlite3 module and the `psql` client (as `postgres` when run as root).
"""

import contextlib
import os
import random
import signal
import sqlite3
import sys
import threading
import time
import uuid

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import faultlib as F  # noqa: E402

INSTITUTION = "fault-booking"
VENUE = "bk-venue"
OFFER = "bk-offer"
BENEFICIARIES = 20
CREDIT = 15000
STOCKS_PER_ROUND = 3
PLACES = 30
PRICE = 1000
ROUNDS = int(os.environ.get("FAULTS_BOOKING_ROUNDS", "3"))
CLIENTS = 16
ROUND_LOAD_TIMEOUT = 30   # a kill happens at the latest this long after the round's load started
HARD_TIMEOUT = 600
# the business refusals a booking may meet here: no place left, or not enough credit (none left at all: not-eligible)
REFUSALS = ("urn:passerelle:problem:sold-out", "urn:passerelle:problem:insufficient-credit",
            "urn:passerelle:problem:not-eligible")
POLICY = os.path.join(F.REPO, "config", "pass-policy.json")


# ----------------------------------------------------------------------------------------------- set-up

def create_venue_offer(base, key):
    venue = {"name": "Salle des réservations", "kind": "theatre",
             "address": {"street": "1 rue du Test", "postalCode": "35000", "city": "Rennes"},
             "communeCode": "35238", "departementCode": "35", "regionCode": "53"}
    r = F.request("PUT", f"{base}/api/v1/venues/{VENUE}", venue, key=key)
    if r.status not in (200, 201):
        raise RuntimeError(f"PUT /api/v1/venues/{VENUE}: {r.brief(800)}")
    offer = {"title": {"fr": "Une représentation en panne"}, "description": {"fr": "Au théâtre"},
             "categoryID": "live-performance.theatre", "access": "on-site", "venueID": VENUE,
             "price": {"minCents": PRICE, "maxCents": PRICE}, "startsAt": "2026-01-01T20:00:00Z",
             "endsAt": "2099-12-31T22:00:00Z", "languages": ["fr"]}
    r = F.request("PUT", f"{base}/api/v1/offers/{OFFER}", offer, key=key)
    if r.status not in (200, 201):
        raise RuntimeError(f"PUT /api/v1/offers/{OFFER}: {r.brief(800)}")
    # Subscribed to booking notifications, so that every booking writes its outbox event in its own transaction.
    # 192.0.2.1 is a documentation address (RFC 5737: public, never routed), and serve runs with PASSERELLE_WEBHOOKS=off
    # (main): the events stay in the outbox, which is what is checked.
    r = F.request("PUT", f"{base}/api/v1/webhook", {"url": "https://192.0.2.1/passerelle"}, key=key)
    if r.status != 201:
        raise RuntimeError(f"PUT /api/v1/webhook: {r.brief(800)}")


def create_stocks(base, key, round_no):
    ids = []
    for i in range(STOCKS_PER_ROUND):
        sid = f"bk-r{round_no}-s{i}"
        body = {"id": sid, "beginsAt": f"2099-06-{round_no + 1:02d}T20:00:00Z", "quantity": PLACES,
                "priceCents": PRICE, "bookingLimit": f"2099-06-{round_no + 1:02d}T18:00:00Z"}
        r = F.request("POST", f"{base}/api/v1/offers/{OFFER}/stocks", body, key=key)
        if r.status != 201:
            raise RuntimeError(f"POST /api/v1/offers/{OFFER}/stocks ({sid}): {r.brief(800)}")
        ids.append(sid)
    return ids


def create_beneficiaries(binary, database, workdir, engine):
    """[(email, token)]; each gets the 150 € of an 18-year-old."""
    out = []
    for n in range(BENEFICIARIES):
        email = f"bk-{engine}-{n:02d}@example.org"
        done = F.run_cli(binary, ["pass", "beneficiary", "create", email, "--birthdate", "2008-01-01",
                                  "--database", database], workdir)
        lines = done.stdout.decode("utf-8", "replace").strip().splitlines()
        if done.returncode != 0 or not lines or not lines[-1].strip().startswith("pss_"):
            raise RuntimeError(f"pass beneficiary create {email} failed ({done.returncode}): "
                               f"{F.redact(done.stderr.decode()[-1500:])}")
        out.append((email, lines[-1].strip()))
    return out


# ----------------------------------------------------------------------------------------------- database

class Database:
    """Read-only SQL on the test's database, through Python's sqlite3 or psql (the same SQL on both)."""

    def __init__(self, engine, location, pg_name=None):
        self.engine, self.location, self.pg_name = engine, location, pg_name

    def rows(self, sql):
        if self.engine == "postgres":
            return F.pg_query(self.pg_name, sql)
        # Python's own sqlite3 module, read-only: no client to install, and the server's WAL is read as it is.
        with contextlib.closing(sqlite3.connect(f"file:{self.location}?mode=ro", uri=True, timeout=30)) as connection:
            return [["" if value is None else str(value) for value in row] for row in connection.execute(sql).fetchall()]


def audit(binary, database, workdir):
    """(sound, one-line evidence)."""
    done = F.run_cli(binary, ["pass", "audit", "--database", database], workdir)
    text = done.stdout.decode("utf-8", "replace").strip()
    last = text.splitlines()[-1] if text else F.redact(done.stderr.decode()[-300:])
    sound = (done.returncode == 0 and "unbalanced: 0;" in text and "differ from their entries: 0;" in text
             and "overdrawn: 0." in text)
    return sound, f"exit {done.returncode}: {last}"


# ----------------------------------------------------------------------------------------------- load

class Load:
    """Client threads booking until `stop`; every request is remembered in `records`."""

    def __init__(self, base, bens, stocks, round_no, seed):
        self.base, self.bens, self.stocks, self.round_no, self.seed = base, bens, stocks, round_no, seed
        self.records = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.created = 0
        self.refused_in_a_row = 0
        self.inflight = 0
        self.threads = []

    def worker(self, wid):
        rng = random.Random(f"{self.seed}-{self.round_no}-{wid}")
        while not self.stop.is_set():
            ben = rng.randrange(len(self.bens))
            stock = rng.choice(self.stocks)
            key = str(uuid.uuid4())
            with self.lock:
                self.inflight += 1
            a = book(self.base, self.bens[ben][1], stock, key)
            rec = {"key": key, "ben": ben, "stock": stock, "round": self.round_no, "status": a.status,
                   "error": a.error, "booking": None, "type": None}
            data = a.json() if a.status is not None else None
            if a.status == 201 and isinstance(data, dict):
                rec["booking"] = data.get("id")
            elif isinstance(data, dict):
                rec["type"] = data.get("type")
            with self.lock:
                self.inflight -= 1
                self.records.append(rec)
                if a.status == 201:
                    self.created += 1
                    self.refused_in_a_row = 0
                else:
                    self.refused_in_a_row += 1
            if a.status is None:
                return  # the server is gone

    def start(self):
        for wid in range(CLIENTS):
            t = threading.Thread(target=self.worker, args=(wid,), daemon=True)
            t.start()
            self.threads.append(t)

    def join(self):
        for t in self.threads:
            t.join(timeout=60)
        return not any(t.is_alive() for t in self.threads)


def book(base, token, stock, key, timeout=30):
    return F.request("POST", base + "/api/v1/bookings", {"stockID": stock, "quantity": 1}, key=token,
                     timeout=timeout, headers={"Idempotency-Key": key})


def classify(rec):
    if rec["status"] is None:
        return "broken"
    if rec["status"] == 201 and rec["booking"]:
        return "created"
    if rec["status"] == 409 and rec["type"] in REFUSALS:
        return "refused"
    return "other"


# ----------------------------------------------------------------------------------------------- checks

def list_bookings(base, token):
    """(list of bookings, error) for one beneficiary, following a cursor if there is one."""
    items, url = [], base + "/api/v1/bookings"
    for _ in range(100):
        r = F.request("GET", url, key=token, timeout=30)
        data = r.json()
        if r.status != 200 or not isinstance(data, dict):
            return items, f"GET /api/v1/bookings: {r.brief()}"
        items.extend(data.get("items") or [])
        cursor = data.get("nextCursor") or data.get("cursor")
        if not cursor:
            return items, None
        url = base + f"/api/v1/bookings?cursor={cursor}"
    return items, "too many pages"


def verify(checks, tag, ctx, server, db, all_records, final=False):
    """The invariants after a restart (or at the end). Returns the DB's {(beneficiary email, key): [booking ids]}."""
    sound, evidence = audit(ctx["binary"], ctx["database"], ctx["workdir"])
    checks.check(f"{tag}: `pass audit` finds the ledger sound", sound, evidence)

    # nothing half-written, in the database
    no_tx = db.rows("SELECT b.id FROM bookings b LEFT JOIN ledger_transactions t "
                    "ON t.kind = 'booking' AND t.reference = b.id WHERE t.id IS NULL")
    no_booking = db.rows("SELECT t.id FROM ledger_transactions t LEFT JOIN bookings b ON b.id = t.reference "
                         "WHERE t.kind = 'booking' AND b.id IS NULL")
    bad_entries = db.rows(
        "SELECT b.id, b.amount_cents, "
        "COALESCE(SUM(CASE WHEN e.account_kind = 'credit' THEN e.amount_cents ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN e.account_kind = 'payable' THEN e.amount_cents ELSE 0 END), 0), COUNT(e.amount_cents) "
        "FROM bookings b JOIN ledger_transactions t ON t.kind = 'booking' AND t.reference = b.id "
        "LEFT JOIN ledger_entries e ON e.transaction_id = t.id GROUP BY b.id, b.amount_cents "
        "HAVING COALESCE(SUM(CASE WHEN e.account_kind = 'credit' THEN e.amount_cents ELSE 0 END), 0) <> -b.amount_cents "
        "OR COALESCE(SUM(CASE WHEN e.account_kind = 'payable' THEN e.amount_cents ELSE 0 END), 0) <> b.amount_cents")
    booking_rows = db.rows("SELECT be.email, b.idempotency_key, b.id, b.stock_id, b.quantity, b.amount_cents, b.status "
                           "FROM bookings b JOIN beneficiaries be ON be.id = b.beneficiary_id")
    checks.check(f"{tag}: no half booking (each booking has its ledger transaction with credit −amount and "
                 f"payable +amount, each booking transaction its booking)",
                 not no_tx and not no_booking and not bad_entries,
                 f"{len(booking_rows)} bookings; {len(no_tx)} without transaction {no_tx[:3]}, {len(no_booking)} "
                 f"transactions without booking {no_booking[:3]}, {len(bad_entries)} with wrong entries {bad_entries[:3]}")

    # the outbox: exactly one booking.created per booking, none without its booking
    events = db.rows("SELECT b.id, COUNT(w.id) FROM bookings b LEFT JOIN webhook_events w "
                     "ON w.booking_id = b.id AND w.event_type = 'booking.created' GROUP BY b.id HAVING COUNT(w.id) <> 1")
    orphans = db.rows("SELECT w.id FROM webhook_events w LEFT JOIN bookings b ON b.id = w.booking_id "
                      "WHERE w.event_type = 'booking.created' AND b.id IS NULL")
    checks.check(f"{tag}: every booking has exactly one booking.created notification in the outbox, and every "
                 f"notification its booking", not events and not orphans,
                 f"{len(booking_rows)} bookings; {len(events)} without exactly one event {events[:3]}, "
                 f"{len(orphans)} events without booking {orphans[:3]}")

    # per stock: places
    stock_rows = db.rows(
        "SELECT s.id, s.quantity, COALESCE(r.booked, 0), r.capacity, "
        "(SELECT COALESCE(SUM(b.quantity), 0) FROM bookings b WHERE b.stock_id = s.id AND b.status = 'active') "
        f"FROM stocks s LEFT JOIN stock_reservations r ON r.stock_id = s.id WHERE s.offer_id = '{OFFER}' ORDER BY s.id")
    bad_stocks, full = [], 0
    for sid, qty, booked, capacity, active in stock_rows:
        qty, booked, active = int(qty), int(booked), int(active)
        if not (active == booked <= qty) or (capacity not in ("", str(qty))):
            bad_stocks.append(f"{sid}: quantity {qty}, reserved {booked} (capacity {capacity!r}), active places {active}")
        full += booked == qty
    non_active = [r for r in booking_rows if r[6] != "active"]
    checks.check(f"{tag}: per stock, active bookings' places = its reservation ≤ its quantity",
                 stock_rows and not bad_stocks and not non_active,
                 f"{len(stock_rows)} stocks ({full} full), places " +
                 ", ".join(f"{r[0].replace('bk-', '')}={r[4]}/{r[1]}" for r in stock_rows)
                 + (f"; VIOLATIONS {bad_stocks[:4]}" if bad_stocks else "")
                 + (f"; {len(non_active)} non-active bookings {non_active[:2]}" if non_active else ""))
    if final:
        checks.check(f"{tag}: after the drain every stock is exactly full (no place lost, none oversold)",
                     stock_rows and all(int(r[2]) == int(r[1]) == int(r[4]) for r in stock_rows),
                     ", ".join(f"{r[0].replace('bk-', '')}={r[4]}/{r[1]}" for r in stock_rows))

    by_key = {}
    for email, key, bid, sid, qty, amount, status in booking_rows:
        by_key.setdefault((email, key), []).append({"id": bid, "stock": sid, "quantity": int(qty),
                                                    "amount": int(amount), "status": status})
    doubles = {k: v for k, v in by_key.items() if len(v) > 1}
    checks.check(f"{tag}: no Idempotency-Key holds two bookings", not doubles,
                 f"{len(by_key)} keys with a booking" + (f"; doubles {list(doubles.items())[:2]}" if doubles else ""))

    # every booking comes from one of our requests: answered 201 with that booking, or never answered
    emails = [e for e, _ in ctx["bens"]]
    sent = {(emails[r["ben"]], r["key"]): r for r in all_records}
    strays = []
    for (email, key), bookings in by_key.items():
        rec = sent.get((email, key))
        kind = classify(rec) if rec else None
        if rec is None or kind not in ("created", "broken") or (kind == "created" and rec["booking"] != bookings[0]["id"]) \
                or bookings[0]["stock"] != rec["stock"]:
            strays.append(f"{email} key {key}: {bookings} vs request {rec}")
    checks.check(f"{tag}: every booking in the database is one a request created (201 with that id, or unanswered)",
                 not strays, f"{len(strays)} strays {strays[:2]}")

    # through the API: listing, 201s present, 409s empty, wallets
    listed, errors, missing, wallets_bad, refused_booked = {}, [], [], [], []
    for n, (email, token) in enumerate(ctx["bens"]):
        items, error = list_bookings(server.base, token)
        if error:
            errors.append(f"{email}: {error}")
            continue
        listed[email] = {b.get("id"): b for b in items}
        spent = sum(b.get("amountCents", 0) for b in items if b.get("status") == "active")
        w = F.request("GET", server.base + "/api/v1/pass/wallet", key=token, timeout=30)
        total = (w.json() or {}).get("totalCents") if w.status == 200 else None
        if total != CREDIT - spent:
            wallets_bad.append(f"{email}: wallet {total if total is not None else w.brief()} but 15000 − {spent}")
        db_ids = sorted(b["id"] for k, v in by_key.items() if k[0] == email for b in v)
        if sorted(listed[email]) != db_ids:
            errors.append(f"{email}: API lists {len(listed[email])} bookings, database holds {len(db_ids)}")
    for rec in all_records:
        email = emails[rec["ben"]]
        kind = classify(rec)
        if kind == "created":
            b = listed.get(email, {}).get(rec["booking"])
            if not b or b.get("status") != "active" or b.get("stockID") != rec["stock"] or b.get("quantity") != 1:
                missing.append(f"{email} {rec['booking']} ({rec['stock']}, key {rec['key']}): {b}")
        elif kind == "refused" and (email, rec["key"]) in by_key:
            refused_booked.append(f"{email} key {rec['key']}: {by_key[(email, rec['key'])]}")
    checks.check(f"{tag}: GET /api/v1/bookings agrees with the database for every beneficiary", not errors,
                 f"{sum(len(v) for v in listed.values())} bookings listed" + (f"; {errors[:3]}" if errors else ""))
    n_created = sum(1 for r in all_records if classify(r) == "created")
    checks.check(f"{tag}: every request answered 201 has its booking (active, same stock)", not missing,
                 f"{n_created - len(missing)}/{n_created} present" + (f"; missing {missing[:3]}" if missing else ""))
    n_refused = sum(1 for r in all_records if classify(r) == "refused")
    checks.check(f"{tag}: every request answered 409 left no booking", not refused_booked,
                 f"{n_refused} refused" + (f"; booked anyway {refused_booked[:3]}" if refused_booked else ""))
    checks.check(f"{tag}: every wallet total = 15000 − its active bookings", not wallets_bad and len(listed) == len(emails),
                 f"{len(listed)} wallets read" + (f"; {wallets_bad[:3]}" if wallets_bad else ""))
    return by_key


def retry_broken(checks, tag, server, ctx, records, by_key, rng):
    """Retries every unanswered request with its Idempotency-Key, and replays a sample of 201s. Returns counts."""
    emails = [e for e, _ in ctx["bens"]]
    broken = [r for r in records if classify(r) == "broken"]
    replays = created = refused = 0
    bad = []
    for rec in broken:
        email, token = ctx["bens"][rec["ben"]]
        before = by_key.get((email, rec["key"]), [])
        a = book(server.base, token, rec["stock"], rec["key"])
        data = a.json() if a.status is not None else None
        data = data if isinstance(data, dict) else {}
        if before:
            ok = (a.status == 200 and a.headers.get("idempotent-replayed") == "true"
                  and data.get("id") == before[0]["id"])
            replays += ok
            rec["retried"] = "replayed"
        elif a.status == 201 and data.get("id"):
            ok = True
            created += 1
            rec["retried"] = "created"
            rec["retry_booking"] = data.get("id")
        elif a.status == 409 and data.get("type") in REFUSALS:
            ok = True
            refused += 1
            rec["retried"] = "refused"
        else:
            ok = False
        if not ok:
            bad.append(f"{email} key {rec['key']} (DB before: {before}): {a.brief(200)}"
                       f" replayed={a.headers.get('idempotent-replayed')}")
        # a second retry must be a replay of whatever the first one left
        if a.status in (200, 201) and data.get("id"):
            again = book(server.base, token, rec["stock"], rec["key"])
            if not (again.status == 200 and (again.json() or {}).get("id") == data.get("id")):
                bad.append(f"{email} key {rec['key']}: second retry {again.brief(200)}")
    committed = sum(1 for r in broken if r.get("retried") == "replayed")
    checks.check(f"{tag}: retrying each unanswered request with its Idempotency-Key replays its booking (200) or "
                 f"books once (201) / is refused (409)", not bad,
                 f"{len(broken)} unanswered: {committed} had committed (replayed {replays}), {created} booked now, "
                 f"{refused} refused" + (f"; WRONG {bad[:3]}" if bad else ""))
    sample = [r for r in records if classify(r) == "created"]
    sample = rng.sample(sample, min(20, len(sample)))
    bad = []
    for rec in sample:
        email, token = ctx["bens"][rec["ben"]]
        a = book(server.base, token, rec["stock"], rec["key"])
        if not (a.status == 200 and a.headers.get("idempotent-replayed") == "true"
                and (a.json() or {}).get("id") == rec["booking"]):
            bad.append(f"{email} key {rec['key']}: {a.brief(200)}")
    checks.check(f"{tag}: replaying requests answered 201 before the kill gives the same booking (200)", not bad,
                 f"{len(sample)} replayed" + (f"; WRONG {bad[:3]}" if bad else ""))
    # a retry that created a booking now counts as an answered 201 for the next checks
    for rec in broken:
        if rec.get("retried") == "created":
            rec.update(status=201, booking=rec["retry_booking"], error=None)
        elif rec.get("retried") == "replayed":
            rec.update(status=201, booking=by_key[(emails[rec["ben"]], rec["key"])][0]["id"], error=None)
        elif rec.get("retried") == "refused":
            rec.update(status=409, type=REFUSALS[0], error=None)
    return {"replays": replays + len(sample), "committed_unanswered": committed, "retry_created": created}


# ----------------------------------------------------------------------------------------------- engine

def run_engine(checks, engine, binary, workdir, servers, seed):
    rng = random.Random(f"{seed}-{engine}")
    if engine == "postgres":
        url = F.pg_fresh_cluster()
        database = F.pg_create_database(url, "bk_sigkill")
        db = Database(engine, database, pg_name="bk_sigkill")
    else:
        database = os.path.join(workdir, "booking.sqlite")
        db = Database(engine, database)
    started = time.monotonic()
    server = F.Server(binary, database, workdir, label=f"{engine}")
    servers.append(server)
    server.start()
    key = F.create_institution(binary, database, workdir, inst_id=INSTITUTION)
    create_venue_offer(server.base, key)
    bens = create_beneficiaries(binary, database, workdir, engine)
    ctx = {"binary": binary, "database": database, "workdir": workdir, "bens": bens}
    F.log(f"{engine}: institution, offer and {len(bens)} beneficiaries ready")
    records, stocks = [], []
    totals = {"replays": 0, "committed_unanswered": 0, "retry_created": 0, "inflight": 0, "mid": 0}
    for round_no in range(ROUNDS):
        tag = f"{engine} kill {round_no + 1}"
        stocks += create_stocks(server.base, key, round_no)
        target = rng.randint(5, PLACES * STOCKS_PER_ROUND * 2 // 3)
        load = Load(server.base, bens, stocks, round_no, seed)
        load.start()
        t0 = time.monotonic()
        while load.created < target and time.monotonic() - t0 < ROUND_LOAD_TIMEOUT and load.refused_in_a_row < 500:
            time.sleep(0.001)
        with load.lock:
            inflight, created_at_kill = load.inflight, load.created
            load.stop.set()
        server.sigkill()
        stopped = load.join()
        took = time.monotonic() - t0
        round_records = load.records
        records += round_records
        kinds = {}
        for r in round_records:
            kinds[classify(r)] = kinds.get(classify(r), 0) + 1
        totals["inflight"] += inflight
        totals["mid"] += inflight > 0
        F.log(f"{tag}: SIGKILL after {took:.2f} s at {created_at_kill} bookings of target {target}, "
              f"{inflight} requests in flight; answers {kinds}")
        others = [r for r in round_records if classify(r) == "other"]
        checks.check(f"{tag}: every answer before the kill is 201, 409 (sold-out, insufficient-credit, not-eligible) "
                     f"or a broken connection", not others and stopped,
                     f"{len(round_records)} requests: {kinds}" + ("" if stopped else "; client threads hung")
                     + (f"; e.g. {[(r['status'], r['type'], r['key']) for r in others[:3]]}" if others else ""))
        server.start(ready_timeout=120)
        checks.check(f"{tag}: serve restarts on the same database and is ready", server.alive(),
                     f"restart #{server.starts}")
        by_key = verify(checks, tag, ctx, server, db, records)
        got = retry_broken(checks, tag, server, ctx, round_records, by_key, rng)
        for k in ("replays", "committed_unanswered", "retry_created"):
            totals[k] += got[k]
        verify(checks, f"{tag} after retries", ctx, server, db, records)

    # drain: book everything that is left, without a kill
    load = Load(server.base, bens, stocks, ROUNDS, seed)
    load.start()
    t0 = time.monotonic()
    while load.refused_in_a_row < 300 and time.monotonic() - t0 < 90:
        time.sleep(0.01)
    load.stop.set()
    load.join()
    records += load.records
    kinds = {}
    for r in load.records:
        kinds[classify(r)] = kinds.get(classify(r), 0) + 1
    checks.check(f"{engine} drain: every answer is 201 or 409 (sold-out, insufficient-credit, not-eligible)",
                 not kinds.get("other") and not kinds.get("broken"), f"{len(load.records)} requests: {kinds}"
                 + "".join([f"; e.g. {r['status']} {r['type']} {r['error'] or ''}" for r in load.records
                            if classify(r) in ("other", "broken")][:3]))
    by_key = verify(checks, f"{engine} final", ctx, server, db, records, final=True)
    server.stop()
    kinds = {}
    for r in records:
        kinds[classify(r)] = kinds.get(classify(r), 0) + 1
    types = {}
    for r in records:
        if classify(r) == "refused":
            types[r["type"].rsplit(":", 1)[-1]] = types.get(r["type"].rsplit(":", 1)[-1], 0) + 1
    broken_total = sum(1 for r in records if r.get("retried"))
    summary = (f"booking-sigkill {engine}: {len(records)} requests, {ROUNDS} kills ({totals['mid']} with requests in "
               f"flight, {totals['inflight']} in flight in all), {len(by_key)} bookings, {broken_total} unanswered "
               f"({totals['committed_unanswered']} had committed, {totals['retry_created']} booked on retry), "
               f"{totals['replays']} replays, refusals {types}, {time.monotonic() - started:.1f} s")
    checks.check(f"{engine}: at least one kill landed with booking requests in flight", totals["mid"] > 0,
                 f"{totals['mid']} of {ROUNDS} kills")
    return summary


def main():
    os.environ["PASSERELLE_WEBHOOKS"] = "off"  # the servers' environment: notifications are kept, not sent
    binary_arg = sys.argv[1] if len(sys.argv) > 1 else None
    F.install_hard_timeout(HARD_TIMEOUT)
    checks = F.Checks("booking-sigkill")
    workdir = F.make_workdir("booking-sigkill")
    servers = []
    keep = os.environ.get("PASSERELLE_FAULTS_KEEP") == "1"
    seed = os.environ.get("FAULTS_SEED") or str(random.randrange(1 << 30))
    engines = os.environ.get("FAULTS_BOOKING_ENGINES", "sqlite postgres").split()
    os.environ["PASSERELLE_PASS_POLICY"] = POLICY
    os.environ["PASSERELLE_PASS_BOOKING_LIMIT"] = "1000000/1m"
    summaries = []
    F.log(f"seed {seed} (FAULTS_SEED={seed} repeats the kill moments); engines {engines}")
    try:
        binary = F.prepare_binary(binary_arg, workdir)
        for engine in engines:
            print("")
            F.log(f"==== {engine} ====")
            summaries.append(run_engine(checks, engine, binary, workdir, servers, seed))
            F.log(summaries[-1])
        print("")
        print("---- serve stderr: distinct error/warning lines (all runs) ----")
        for s in servers:
            for line in s.interesting_log_lines(6):
                print(f"  [{s.label}] {line}")
    except F.HardTimeout as error:
        checks.check("test finished within its hard timeout", False, str(error))
    except Exception as error:
        checks.check("test ran to completion", False, f"{type(error).__name__}: {error}")
    finally:
        signal.alarm(0)
        for s in servers:
            try:
                s.stop()
            except Exception as error:
                F.log(f"stopping {s.label}: {error}")
        if "postgres" in engines:
            F.pg_cleanup()
        F.finish_workdir(workdir, checks, keep)
    print("")
    for line in summaries:
        print(line)
    print(f"seed {seed}")
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
