#!/usr/bin/env python3
"""Booking under concurrency, over real HTTP: no overselling, no overdraft, one booking per Idempotency-Key.

    scripts/pass/check_booking_concurrency.py BINARY [--postgres URL] [--keep]

Starts `BINARY serve` on a free loopback port with a fresh database (a SQLite file in a temporary directory, or, with
--postgres, a new database `bench_conc_<hex>` created on that server with the URL's role, which needs CREATEDB),
seeds an institution (CLI), a venue, offers and stocks (write API) and verified beneficiaries with 150 € each (CLI,
two at a time), then fires requests from separate threads, each on its own connection, released together by a
barrier:

  1. sold-out      1 000 attempts from 100 beneficiaries on a stock of 10 places (5 €):
                   exactly 10 x 201, every other answer 409 `sold-out`;
  2. credit        200 attempts by ONE beneficiary (150 €) on a 50 € stock with 1 000 places: exactly 3 x 201,
                   every other answer 409 `insufficient-credit` (the grant is valid and spent to nothing;
                   `not-eligible` is for a beneficiary with no valid grant at all);
     credit-40     the same with another beneficiary on a 40 € stock: exactly 3 x 201 (120 €), every other answer
                   409 `insufficient-credit` (30 € are left, less than the price); both wallets end where they must;
  3. idempotency   the same request 50 times at once under ONE Idempotency-Key: exactly one 201 and 49 x 200 with
                   `Idempotent-Replayed: true`, all naming the same booking (the OpenAPI document: "the same
                   request again returns the first booking (200, Idempotent-Replayed: true), never a second one");
  4. first-postings 40 beneficiaries book at once, each a different offer (5 institutions never paid yet, 8 offers
                   each: their `payable` ledger accounts do not exist yet): every answer 201 (no 5xx, no 409
                   `conflict` from a duplicate ledger balance, no deadlock);

then `passerelle pass audit` must say the ledger is sound, and for every stock the database's booked count
(stock_reservations.booked) must equal the places of its active bookings and the 201s this script received.

Each scenario prints one summary line (counts per status/code and the time taken); any unexpected answer (5xx,
other code, a socket error) is a violation. Exits 0 when everything holds, 1 on any violation, 2 on a set-up error.
The server runs with PASSERELLE_PASS_BOOKING_LIMIT=1000000/1m (the default 30/1m per beneficiary would answer 429
in scenario 2) and PASSERELLE_PASS_POLICY=config/pass-policy.json of this checkout. Standard library only.
"""

import argparse
import collections
import concurrent.futures
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
POLICY = os.path.join(REPO, "config", "pass-policy.json")
BOOKING_LIMIT = "1000000/1m"
BEGINS_AT = "2027-06-01T20:00:00Z"


def log(message):
    print(f"check_booking_concurrency: {message}", file=sys.stderr, flush=True)


class SetupError(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redact(url):
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


class Database:
    """The fresh database of one run: its location for the server, SQL for the checks, cleanup."""

    def __init__(self, workdir, postgres_url=None):
        self.postgres_url = postgres_url
        if postgres_url:
            self.name = "bench_conc_" + secrets.token_hex(4)
            self.psql(postgres_url, f'CREATE DATABASE "{self.name}"')
            parts = urllib.parse.urlsplit(postgres_url)
            self.location = urllib.parse.urlunsplit(parts._replace(path="/" + self.name))
        else:
            self.name = None
            self.location = os.path.join(workdir, "conc.sqlite")

    @staticmethod
    def psql(url, sql):
        done = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-F", "\t", url, "-c", sql],
                              capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise SetupError(f"psql on {redact(url)} failed: {done.stderr.strip()[-800:]}")
        return [line.split("\t") for line in done.stdout.splitlines() if line]

    def query(self, sql):
        if self.postgres_url:
            return self.psql(self.location, sql)
        db = sqlite3.connect(f"file:{self.location}?mode=ro", uri=True, timeout=30)
        try:
            return [[str(v) for v in row] for row in db.execute(sql).fetchall()]
        finally:
            db.close()

    def drop(self):
        if self.postgres_url and self.name:
            try:
                self.psql(self.postgres_url, f'DROP DATABASE IF EXISTS "{self.name}"')
            except SetupError as error:
                log(f"could not drop {self.name}: {error}")


class Run:
    def __init__(self, binary, database, workdir):
        self.binary = binary
        self.database = database
        self.workdir = workdir
        self.env = {k: v for k, v in os.environ.items() if k not in ("PORT", "HOST", "DATABASE_URL")}
        self.env["PASSERELLE_PASS_POLICY"] = POLICY
        self.env["PASSERELLE_PASS_BOOKING_LIMIT"] = BOOKING_LIMIT
        self.env.setdefault("LOG_LEVEL", "info")
        self.server = None
        self.port = None
        self.violations = []

    # -- CLI and server -------------------------------------------------------------------------------------------

    def cli(self, *args):
        done = subprocess.run([self.binary, *args, "--database", self.database.location], cwd=self.workdir, env=self.env,
                              capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise SetupError(f"`passerelle {' '.join(args)}` exited {done.returncode}: {(done.stderr or done.stdout).strip()[-800:]}")
        return done.stdout

    def create_beneficiaries(self, prefix, count):
        def one(i):
            email = f"{prefix}-{i}@bench.example.org"
            for attempt in range(3):
                try:
                    out = self.cli("pass", "beneficiary", "create", email, "--birthdate", "2008-01-01")
                    break
                except SetupError:
                    if attempt == 2:
                        raise
                    time.sleep(0.5)
            token = out.strip().splitlines()[-1]
            if not token.startswith("pss_"):
                raise SetupError(f"no session token on the last line for {email}: {out[-300:]}")
            return token
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            return list(pool.map(one, range(count)))

    def start(self):
        self.port = free_port()
        self.server_log = open(os.path.join(self.workdir, "server.log"), "w")
        self.server = subprocess.Popen(
            [self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--database", self.database.location],
            cwd=self.workdir, env=self.env, stdout=self.server_log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.server.poll() is not None:
                raise SetupError(f"the server exited at start-up ({self.server.returncode}); see {self.workdir}/server.log")
            try:
                if self.request("GET", "/health")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SetupError("the server did not answer /health within 60 s")

    def stop(self):
        if self.server and self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            try:
                return self.server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
                return "killed after 15 s"
        return self.server.returncode if self.server else None

    # -- HTTP -----------------------------------------------------------------------------------------------------

    def request(self, method, path, body=None, headers=None, connection=None):
        """One request; returns (status, headers dict lower-cased, parsed JSON or text)."""
        own = connection is None
        connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            data = json.dumps(body).encode() if body is not None else None
            all_headers = {"Content-Type": "application/json"} if data is not None else {}
            all_headers.update(headers or {})
            connection.request(method, path, body=data, headers=all_headers)
            response = connection.getresponse()
            raw = response.read()
            answer_headers = {k.lower(): v for k, v in response.getheaders()}
            try:
                parsed = json.loads(raw) if raw else None
            except ValueError:
                parsed = raw.decode(errors="replace")
            return response.status, answer_headers, parsed
        finally:
            if own:
                connection.close()

    def write(self, key, path, body):
        status, _, answer = self.request("POST", path, body, {"Authorization": "Bearer " + key})
        if status != 201:
            raise SetupError(f"POST {path} answered {status}: {answer}")
        return answer["id"]

    def seed_catalogue(self, name, stocks_per_offer):
        """An institution with one venue; one offer per entry of `stocks_per_offer` (a list of lists of
        (quantity, priceCents)). Returns the key and [[stock ids] per offer], [offer ids]."""
        key = self.cli("institution", "create", name).strip().splitlines()[-1]
        if not key.startswith("psl_"):
            raise SetupError(f"no API key on the last line of institution create: {key}")
        venue = self.write(key, "/api/v1/venues", {"name": f"Salle {name}", "kind": "theatre", "communeCode": "75056",
                                                    "address": {"city": "Paris"}})
        offers, stocks = [], []
        for n, wanted in enumerate(stocks_per_offer):
            offer = self.write(key, "/api/v1/offers", {"title": {"fr": f"{name} {n}"}, "categoryID": "live-performance.theatre",
                                                        "access": "on-site", "venueID": venue})
            offers.append(offer)
            stocks.append([self.write(key, f"/api/v1/offers/{offer}/stocks",
                                      {"beginsAt": BEGINS_AT, "quantity": quantity, "priceCents": price})
                           for quantity, price in wanted])
        return key, offers, stocks

    # -- concurrency ----------------------------------------------------------------------------------------------

    def burst(self, attempts):
        """attempts: [(token, idempotency key, stock id)]. Every attempt on its own thread and connection, connected
        first, then released together. Returns [(status, code or None, headers, body)] in order."""
        barrier = threading.Barrier(len(attempts))
        results = [None] * len(attempts)

        def one(i):
            token, key, stock = attempts[i]
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                connection.connect()
            except OSError as error:
                barrier.abort()
                results[i] = ("connect-error", repr(error), {}, None)
                return
            try:
                barrier.wait(timeout=120)
                status, headers, body = self.request(
                    "POST", "/api/v1/bookings", {"stockID": stock, "quantity": 1},
                    {"Authorization": "Bearer " + token, "Idempotency-Key": key}, connection=connection)
                code = None
                if status >= 400:
                    # problem+json: the rule's code is the end of its type, urn:passerelle:problem:<code>.
                    kind = body.get("type", "") if isinstance(body, dict) else ""
                    code = kind.rsplit(":", 1)[-1] if kind.startswith("urn:passerelle:problem:") else (kind or "no-problem-type")
                results[i] = (status, code, headers, body)
            except threading.BrokenBarrierError:
                results[i] = ("barrier-broken", None, {}, None)
            except (OSError, http.client.HTTPException) as error:
                results[i] = ("socket-error", repr(error), {}, None)
            finally:
                connection.close()

        threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(len(attempts))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        return [r if r is not None else ("no-answer", None, {}, None) for r in results]

    def judge(self, name, results, expected, started, extra_checks=()):
        """expected: {(status, code): exact count}. Anything else is a violation."""
        seconds = time.time() - started
        counts = collections.Counter((r[0], r[1]) for r in results)
        shown = ", ".join(f"{s}{' ' + c if c else ''}: {n}" for (s, c), n in sorted(counts.items(), key=lambda kv: str(kv[0])))
        problems = []
        for key, n in expected.items():
            if counts.get(key, 0) != n:
                problems.append(f"expected {n} x {key[0]}{' ' + key[1] if key[1] else ''}, got {counts.get(key, 0)}")
        for key, n in counts.items():
            if key not in expected:
                problems.append(f"unexpected {n} x {key[0]} {key[1] or ''}".rstrip())
        for ok, message in extra_checks:
            if not ok:
                problems.append(message)
        verdict = "ok" if not problems else "VIOLATION: " + "; ".join(problems)
        print(f"{name:<15} {len(results)} attempts in {seconds:.2f} s -> {shown}  [{verdict}]", flush=True)
        if problems:
            self.violations.append(f"{name}: " + "; ".join(problems))
            samples = [r for r in results if (r[0], r[1]) not in expected][:3]
            for sample in samples:
                print(f"    sample: {sample[0]} {json.dumps(sample[3])[:400] if sample[3] is not None else sample[1]}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server URL whose role may CREATE DATABASE")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (and the PG database)")
    args = parser.parse_args()
    if args.postgres is not None and not args.postgres.startswith(("postgres://", "postgresql://")):
        log(f"--postgres needs a postgres:// URL, not {args.postgres!r}")
        return 2
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        log(f"no executable at {binary}")
        return 2

    workdir = tempfile.mkdtemp(prefix="passerelle-conc-")
    database = None
    run = None
    status = 2
    try:
        database = Database(workdir, args.postgres)
        engine = "PostgreSQL " + database.name if args.postgres else "SQLite " + database.location
        print(f"engine          {engine}; booking limit {BOOKING_LIMIT}; {os.cpu_count()} cores", flush=True)
        run = Run(binary, database, workdir)
        started = time.time()
        # Migrate, then one beneficiary alone before the others two at a time: on PostgreSQL two CLIs migrating a
        # fresh database at once, or posting the very first grant (the State's funding account) at once, fail with
        # a duplicate key (product findings, reported apart from this check, whose subject is booking).
        run.cli("migrate")
        crowd = run.create_beneficiaries("crowd", 1)
        crowd += run.create_beneficiaries("crowd-more", 99)
        solo, solo40, replayer = run.create_beneficiaries("solo", 3)
        pioneers = run.create_beneficiaries("pioneer", 40)
        run.start()
        key, _, stocks = run.seed_catalogue("Bench theatre", [[(10, 500)], [(1000, 5000)], [(100, 1000)], [(1000, 4000)]])
        small, dear, replayed, dear40 = stocks[0][0], stocks[1][0], stocks[2][0], stocks[3][0]
        # Five more institutions, never paid yet: 8 offers each, one stock each.
        pioneer_stocks = []
        for n in range(5):
            pioneer_stocks += run.seed_catalogue(f"Bench cinema {n}", [[(50, 700)] for _ in range(8)])[2]
        print(f"seeded          143 beneficiaries, 6 institutions, 44 offers in {time.time() - started:.1f} s; "
              f"server on 127.0.0.1:{run.port}", flush=True)
        won = collections.Counter()

        # 1. 1 000 attempts from 100 beneficiaries on 10 places.
        attempts = [(crowd[i % 100], str(uuid.uuid4()), small) for i in range(1000)]
        t = time.time()
        results = run.burst(attempts)
        won[small] += sum(1 for r in results if r[0] == 201)
        run.judge("sold-out", results, {(201, None): 10, (409, "sold-out"): 990}, t)

        # 2. 200 attempts by one beneficiary with 150 € on a 50 € stock.
        attempts = [(solo, str(uuid.uuid4()), dear) for _ in range(200)]
        t = time.time()
        results = run.burst(attempts)
        won[dear] += sum(1 for r in results if r[0] == 201)
        wallet = run.request("GET", "/api/v1/pass/wallet", headers={"Authorization": "Bearer " + solo})
        left = wallet[2].get("totalCents") if wallet[0] == 200 and isinstance(wallet[2], dict) else None
        run.judge("credit", results, {(201, None): 3, (409, "insufficient-credit"): 197}, t,
                  [(left == 0, f"the wallet shows {left} cents left, not 0 ({wallet[0]})")])

        # 2b. The same on a 40 € stock: 30 € stay, less than the price.
        attempts = [(solo40, str(uuid.uuid4()), dear40) for _ in range(200)]
        t = time.time()
        results = run.burst(attempts)
        won[dear40] += sum(1 for r in results if r[0] == 201)
        wallet = run.request("GET", "/api/v1/pass/wallet", headers={"Authorization": "Bearer " + solo40})
        left = wallet[2].get("totalCents") if wallet[0] == 200 and isinstance(wallet[2], dict) else None
        run.judge("credit-40", results, {(201, None): 3, (409, "insufficient-credit"): 197}, t,
                  [(left == 3000, f"the wallet shows {left} cents left, not 3000 ({wallet[0]})")])

        # 3. One Idempotency-Key, 50 times at once.
        shared = str(uuid.uuid4())
        t = time.time()
        results = run.burst([(replayer, shared, replayed)] * 50)
        won[replayed] += sum(1 for r in results if r[0] == 201)
        ids = {r[3].get("id") for r in results if r[0] in (200, 201) and isinstance(r[3], dict)}
        replays = [r for r in results if r[0] == 200]
        flagged = sum(1 for r in replays if r[2].get("idempotent-replayed") == "true")
        bookings = run.request("GET", "/api/v1/bookings", headers={"Authorization": "Bearer " + replayer})
        listed = len(bookings[2].get("items", [])) if bookings[0] == 200 and isinstance(bookings[2], dict) else None
        run.judge("idempotency", results, {(201, None): 1, (200, None): 49}, t, [
            (len(ids) == 1, f"{len(ids)} different booking ids answered"),
            (flagged == len(replays), f"{len(replays) - flagged} of the 200s lack Idempotent-Replayed: true"),
            (listed == 1, f"GET /api/v1/bookings lists {listed} bookings for that beneficiary, not 1"),
        ])

        # 4. First postings to a new institution's payable account, from 40 offers (no common row lock) at once.
        attempts = [(pioneers[i], str(uuid.uuid4()), pioneer_stocks[i][0]) for i in range(40)]
        t = time.time()
        results = run.burst(attempts)
        for (_, _, stock), r in zip(attempts, results):
            if r[0] == 201:
                won[stock] += 1
        run.judge("first-postings", results, {(201, None): 40}, t)

        # The ledger and the stocks' counts.
        audit = subprocess.run([binary, "pass", "audit", "--database", database.location], cwd=workdir, env=run.env,
                               capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
        audit_line = (audit.stdout.strip() or audit.stderr.strip()).splitlines()[-1] if (audit.stdout or audit.stderr) else ""
        sound = audit.returncode == 0 and re.search(r"unbalanced: 0; .*: 0; overdrawn: 0\.", audit_line) is not None
        print(f"audit           exit {audit.returncode}: {audit_line}  [{'ok' if sound else 'VIOLATION'}]", flush=True)
        if not sound:
            run.violations.append(f"audit: exit {audit.returncode}: {audit_line}")

        rows = database.query(
            "SELECT s.id, s.quantity, COALESCE(r.booked, 0), "
            "(SELECT COALESCE(SUM(b.quantity), 0) FROM bookings b WHERE b.stock_id = s.id AND b.status = 'active') "
            "FROM stocks s LEFT JOIN stock_reservations r ON r.stock_id = s.id")
        mismatches = []
        for stock, quantity, booked, active in rows:
            if not (int(booked) == int(active) == won.get(stock, 0)) or (quantity not in ("", "None") and int(booked) > int(quantity)):
                mismatches.append(f"{stock}: booked {booked}, active bookings {active}, 201s {won.get(stock, 0)}, places {quantity}")
        summary = (f"booked {small}={won[small]}/10, {dear}={won[dear]}, {replayed}={won[replayed]}; "
                   f"{len(rows)} stocks checked")
        print(f"stock counts    {summary}  [{'ok' if not mismatches else 'VIOLATION: ' + '; '.join(mismatches[:5])}]", flush=True)
        if mismatches:
            run.violations.append("stock counts: " + "; ".join(mismatches[:5]))

        stopped = run.stop()
        print(f"shutdown        SIGTERM -> {stopped}", flush=True)
        if stopped != 0:
            run.violations.append(f"the server's exit after SIGTERM: {stopped}")
        with open(os.path.join(workdir, "server.log"), errors="replace") as f:
            alarming = [line.rstrip() for line in f if re.search(r"deadlock|duplicate key|unique constraint|\b500\b|critical", line, re.I)]
        if alarming:
            print(f"server log      {len(alarming)} alarming lines, first: {alarming[0][:300]}", flush=True)
        status = 1 if run.violations else 0
        print("OK" if status == 0 else f"FAILED ({len(run.violations)} violations)", flush=True)
    except SetupError as error:
        log(f"set-up error: {error}")
        status = 2
    finally:
        if run is not None:
            run.stop()
        keep = args.keep or status != 0
        if database is not None and not keep:
            database.drop()
        if keep:
            log(f"kept {workdir}" + (f" and database {database.name}" if database is not None and database.name else ""))
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
