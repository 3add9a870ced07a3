#!/usr/bin/env python3
"""faults-hold-sigkill: SIGKILL `serve` while it holds and confirms partner bookings in a ticketing system.

Usage: scripts/faults/hold_sigkill.py [BINARY]

One SQLite database in a temporary folder. An institution sells through its own ticketing system: the ticketing
simulator (`passerelle pass ticketing simulate --behaviour sluggish`: a hold is taken 1 s after it is asked, a
confirmation made at once and answered 2 s later, so a kill lands before a hold, between a hold and its ticket, or
between the provider's ticket and Passerelle's record of it) on loopback, registered with
`passerelle pass ticketing set`; its offer and a stock of 40 places at 10 € come through the provider API. 12
beneficiaries (150 € each) book continuously from client threads, each request under its own Idempotency-Key.
Each round, after a random moment, serve is SIGKILLed with bookings in flight (some pending, some confirmed at the
provider but not recorded), restarted, and once their holds have expired (PASSERELLE_PASS_HOLD_TTL=10)
`passerelle pass settle-holds` settles them. After each round:
  * `passerelle pass audit` exits 0 (every transaction sums to zero, balances equal their entries, none overdrawn);
  * no booking is left pending;
  * every active booking has a ticket, and the provider (asked with signed requests) says that very ticket is
    confirmed: no lost booking;
  * every cancelled booking is released or unknown at the provider, never a confirmed ticket nor a live hold: no
    orphan ticket, no hold beyond its time-to-live (a hold's key is its booking's id, and the booking row is committed
    before the hold is asked for, so every hold the provider has is one of these bookings);
  * every request answered 201 before the kill has its active booking;
  * the stock's booked places equal its active bookings' places, at most 40; each wallet = 150 € − its active bookings.
Clients start at random moments within 3 s, so that a kill finds bookings in every phase, and until one booking has
been confirmed a round waits for it before killing: the last run found both settlements (a ticket kept, a hold let go).
FAULTS_SEED fixes the kill moments.
"""

import contextlib
import hashlib
import hmac
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import faultlib as F  # noqa: E402
from booking_sigkill import POLICY, audit, create_beneficiaries  # noqa: E402  (the same set-up and audit)

NAME = "hold-sigkill"
PLACES, PRICE, CREDIT = 40, 1000, 15000
ROUNDS = int(os.environ.get("FAULTS_HOLD_ROUNDS", "3"))
CLIENTS = 6
HOLD_TTL = 10
HARD_TIMEOUT = 600


class Provider:
    """The simulator process, and signed state queries to it (the same signature serve sends)."""

    PREFIX = "/tickets"

    def __init__(self, binary, workdir, port, secret):
        self.port, self.secret, self.prefix = port, secret, self.PREFIX
        self.proc = subprocess.Popen(
            [binary, "pass", "ticketing", "simulate", "--port", str(self.port), "--secret", secret, "--behaviour", "sluggish",
             "--slow-seconds", "2", "--prefix", self.prefix],
            cwd=workdir, env=F.clean_env(), stdin=subprocess.DEVNULL,
            stdout=open(os.path.join(workdir, "simulator.log"), "wb"), stderr=subprocess.STDOUT, start_new_session=True)
        for _ in range(120):
            if self.state("probe")[0] is not None:
                return
            time.sleep(0.25)
        raise RuntimeError("the ticketing simulator did not start")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    def state(self, key):
        """(HTTP status, JSON) of GET {prefix}/holds/{key}."""
        path = f"{self.prefix}/holds/{key}"
        stamp = int(time.time())
        mac = hmac.new(self.secret.encode(), f"{stamp}.GET.{path}.".encode(), hashlib.sha256).hexdigest()
        answer = F.request("GET", f"http://127.0.0.1:{self.port}{path}", headers={"Passerelle-Signature": f"t={stamp},v1={mac}"}, timeout=10)
        return answer.status, answer.json() or {}

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)


def set_up(binary, database, workdir, server):
    key = F.create_institution(binary, database, workdir, inst_id="fault-partner", name="Théâtre partenaire")
    port = F.free_port()
    done = F.run_cli(binary, ["pass", "ticketing", "set", "fault-partner", "--url", f"http://127.0.0.1:{port}{Provider.PREFIX}",
                              "--database", database], workdir)
    secret = done.stdout.decode().strip().splitlines()[-1] if done.stdout.strip() else ""
    if done.returncode != 0 or len(secret) != 64:
        raise RuntimeError(f"pass ticketing set failed: {done.stderr.decode()[-800:]}")
    provider = Provider(binary, workdir, port, secret)
    server.start()
    venue = {"name": "Salle partenaire", "kind": "theatre", "address": {"city": "Nantes"}, "communeCode": "44109",
             "departementCode": "44", "regionCode": "52"}
    r = F.request("PUT", f"{server.base}/api/v1/venues/hold-venue", venue, key=key)
    if r.status not in (200, 201):
        raise RuntimeError(f"PUT venue: {r.brief(600)}")
    listing = {"items": [{"providerID": "show-1", "offer": {
        "title": {"fr": "Une pièce vendue ailleurs"}, "categoryID": "live-performance.theatre", "access": "on-site", "venueID": "hold-venue",
        "startsAt": "2099-05-01T20:00:00Z"},
        "stocks": [{"providerID": "evening", "beginsAt": "2099-05-01T20:00:00Z", "quantity": PLACES, "priceCents": PRICE}]}]}
    r = F.request("POST", f"{server.base}/api/v1/provider/listings", listing, key=key)
    stock = ((r.json() or {}).get("results") or [{}])[0].get("stocks", [{}])[0].get("id")
    if r.status != 200 or not stock:
        raise RuntimeError(f"POST /api/v1/provider/listings: {r.brief(800)}")
    return provider, stock


def rows(database, sql):
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)) as connection:
        return connection.execute(sql).fetchall()


def book_until(stop, server, bens, stock, records, lock, rng_seed):
    rng = random.Random(rng_seed)
    # Clients started together would move in step (every booking takes the same 3 s), so that a kill would find all
    # of them in the same phase; a random start spreads them over the hold and the confirmation.
    stop.wait(rng.uniform(0, 3.0))
    while not stop.is_set():
        email, token = rng.choice(bens)
        key = str(uuid.uuid4())
        answer = F.request("POST", f"{server.base}/api/v1/bookings", {"stockID": stock, "quantity": 1}, timeout=20,
                           headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key})
        body = answer.json() or {}
        with lock:
            records.append((email, key, answer.status, body.get("id"), body.get("status")))
        if answer.status is None:
            time.sleep(0.2)


def wait_for_a_confirmation(records, lock, timeout):
    """Seconds waited until some request so far was answered 201 (0 when one already was)."""
    with lock:
        if any(r[2] == 201 for r in records):
            return 0
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        time.sleep(0.1)
        with lock:
            if any(r[2] == 201 for r in records):
                break
    return time.monotonic() - started


def check_round(checks, label, binary, database, workdir, provider, stock, records, emails):
    sound, evidence = audit(binary, database, workdir)
    checks.check(f"{label}: the ledger audit is sound", sound, evidence)
    bookings = rows(database, "SELECT id, status, provider_ticket, quantity, amount_cents, beneficiary_id FROM bookings")
    pending = [b for b in bookings if b[1] == "pending"]
    checks.check(f"{label}: no booking is left pending ({len(bookings)} bookings)", not pending, str(pending[:3]))
    lost, orphans = [], []
    for booking_id, status, ticket, *_ in bookings:
        code, state = provider.state(booking_id)
        if status == "active" and not (code == 200 and state.get("state") == "confirmed" and state.get("ticket") == ticket and ticket):
            lost.append((booking_id, ticket, code, state))
        if status == "cancelled" and not (code == 404 or state.get("state") == "released"):
            orphans.append((booking_id, code, state))
    active = [b for b in bookings if b[1] == "active"]
    checks.check(f"{label}: every active booking ({len(active)}) holds the ticket the provider confirmed", not lost, str(lost[:3]))
    cancelled = [b for b in bookings if b[1] == "cancelled"]
    checks.check(f"{label}: every cancelled booking ({len(cancelled)}) is released at the provider: no orphan ticket or hold",
                 not orphans, str(orphans[:3]))
    by_id = {b[0]: b for b in bookings}
    answered = [r for r in records if r[2] == 201]
    missing = [r for r in answered if by_id.get(r[3], (None, None))[1] != "active"]
    checks.check(f"{label}: every booking answered 201 ({len(answered)}) is active", not missing, str(missing[:3]))
    booked = rows(database, f"SELECT booked FROM stock_reservations WHERE stock_id = '{stock}'")
    places = sum(b[3] for b in active)
    checks.check(f"{label}: the stock's booked places ({booked}) are its active bookings' ({places}), at most {PLACES}",
                 booked and booked[0][0] == places <= PLACES)
    spent = {}
    for b in active:
        spent[b[5]] = spent.get(b[5], 0) + b[4]
    left = dict(rows(database, "SELECT b.id, COALESCE(SUM(l.balance_cents), 0) FROM beneficiaries b LEFT JOIN credit_grants g ON g.beneficiary_id = b.id "
                               "LEFT JOIN ledger_balances l ON l.account_kind = 'credit' AND l.account_owner = g.id GROUP BY b.id"))
    wrong = [(who, left.get(who), CREDIT - spent.get(who, 0)) for who in left if left.get(who) != CREDIT - spent.get(who, 0)]
    checks.check(f"{label}: every wallet is 150 € less its active bookings", not wrong, str(wrong[:3]))
    return len(active), len(cancelled)


def main():
    binary_arg = sys.argv[1] if len(sys.argv) > 1 else None
    F.install_hard_timeout(HARD_TIMEOUT)
    checks = F.Checks(NAME)
    workdir = F.make_workdir(NAME)
    seed = os.environ.get("FAULTS_SEED") or str(random.randrange(1 << 30))
    rng = random.Random(seed)
    os.environ.update({"PASSERELLE_PASS_POLICY": POLICY, "PASSERELLE_PASS_BOOKING_LIMIT": "1000000/1m",
                       "PASSERELLE_PASS_HOLD_TTL": str(HOLD_TTL), "PASSERELLE_PASS_TICKETING_TIMEOUT": "4"})
    F.log(f"seed {seed} (FAULTS_SEED={seed} repeats the kill moments)")
    server, provider = None, None
    try:
        binary = F.prepare_binary(binary_arg, workdir)
        database = os.path.join(workdir, "hold.sqlite")
        server = F.Server(binary, database, workdir)
        provider, stock = set_up(binary, database, workdir, server)
        bens = create_beneficiaries(binary, database, workdir, "hold")[:12]
        records, lock, left_pending, outcomes = [], threading.Lock(), [], []
        for round_no in range(1, ROUNDS + 1):
            stop = threading.Event()
            threads = [threading.Thread(target=book_until, args=(stop, server, bens, stock, records, lock, f"{seed}-{round_no}-{n}"), daemon=True)
                       for n in range(CLIENTS)]
            for thread in threads:
                thread.start()
            moment = rng.uniform(2.5, 6.0)
            time.sleep(moment)
            # A booking takes 3 s or more (hold 1 s, answer 2 s), so an early kill can land before any confirmation;
            # until one booking has been confirmed, wait for it and kill soon after, with its followers in flight.
            waited = wait_for_a_confirmation(records, lock, timeout=40)
            if waited > 0:
                extra = rng.uniform(0.3, 2.0)
                time.sleep(extra)
                moment += waited + extra
            server.sigkill()
            F.log(f"round {round_no}: SIGKILL after {moment:.2f} s, {len(records)} requests so far")
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
            in_flight = rows(database, "SELECT COUNT(*) FROM bookings WHERE status = 'pending'")[0][0]
            left_pending.append(in_flight)
            F.log(f"round {round_no}: the kill left {in_flight} booking(s) pending")
            server.start()
            time.sleep(HOLD_TTL + 2)
            done = F.run_cli(binary, ["pass", "settle-holds", "--database", database], workdir)
            F.log(f"round {round_no}: {done.stdout.decode().strip()}")
            checks.check(f"round {round_no}: settle-holds ran", done.returncode == 0,
                         done.stdout.decode().strip() if done.returncode == 0 else F.redact(done.stderr.decode()[-400:]))
            outcomes.append(check_round(checks, f"round {round_no}", binary, database, workdir, provider, stock, records, [e for e, _ in bens]))
        # Without a booking caught between its hold and its answer, the rounds above proved nothing about crashes.
        checks.check("the kills caught bookings between hold and answer", sum(left_pending) > 0, f"pending after each kill: {left_pending}")
        # Both settlements happened: a ticket found and kept, a hold (or none) let go.
        checks.check("settling both activated and released bookings", outcomes and outcomes[-1][0] > 0 and outcomes[-1][1] > 0,
                     f"(active, cancelled) after each round: {outcomes}")
    except F.HardTimeout as error:
        checks.check("test finished within its hard timeout", False, str(error))
    except Exception as error:
        checks.check("test ran to completion", False, f"{type(error).__name__}: {error}")
    finally:
        signal.alarm(0)
        if server:
            server.stop()
        if provider:
            provider.stop()
        F.finish_workdir(workdir, checks, os.environ.get("PASSERELLE_FAULTS_KEEP") == "1")
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
