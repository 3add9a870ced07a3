#!/usr/bin/env python3
"""faults-pg-outage: PostgreSQL stops for 30 s under a steady mixed load, then comes back.

Usage: scripts/faults/pg_outage.py [BINARY]

Expectations (strict; the server is expected to meet them):
  * before the stop every request answers 2xx;
  * /ready answers 503 within 5 s of the stop, and keeps answering 503 (quickly) until PostgreSQL is back;
  * /health answers 200 within 2 s all along;
  * API requests started during the outage answer within 10 s, with a 5xx application/problem+json, and 503;
  * after PostgreSQL restarts, the same serve process (no restart) serves reads and writes 2xx again within 30 s,
    /ready is 200 again within 30 s, and from then on every request is 2xx;
  * every write that was ever answered 2xx is readable afterwards (GET /api/v1/offers/{id} = 200, same title).
"""

import os
import sys
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import faultlib as F  # noqa: E402

OUTAGE_SECONDS = float(os.environ.get("FAULTS_OUTAGE_SECONDS", "30"))
WARMUP_SECONDS = 10.0
RECOVERY_BOUND = 30.0       # seconds after PostgreSQL is back for reads and writes to succeed again
STEADY_AFTER = 10.0         # seconds of load kept after the recovery bound
READY_BOUND = 5.0           # /ready must say 503 within this many seconds of the stop
# No API request during the outage may take longer: the server gives a statement 10 s (PostgresBackend.
# statementTimeoutSeconds; a statement sent as the server closes its socket is never answered) plus a 5 s connect
# timeout that cannot apply to the same request (a fresh connection carries no lost statement); 2 s of slack.
FAIL_FAST_BOUND = 12.0
CLIENT_TIMEOUT = 45.0       # the client's own timeout, so a hanging request is measured, not waited on forever
TICK_MAX_INFLIGHT = 60      # open-loop requests allowed in flight at once
HARD_TIMEOUT = 900


class Load:
    def __init__(self, base, key, venue, category, seed_ids):
        self.base, self.key, self.venue, self.category, self.seed_ids = base, key, venue, category, seed_ids
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.records = []   # dict(kind, id, started, elapsed, status, ctype, body, error)
        self.probes = []    # dict(path, started, elapsed, status, error)
        self.written_ok = {}  # id -> title sent
        self.threads = []
        self.tick_threads = []
        self.tick_skipped = 0

    def add(self, kind, answer, offer_id=None):
        with self.lock:
            self.records.append(dict(kind=kind, id=offer_id, started=answer.started, ended=answer.started + answer.elapsed,
                                     elapsed=answer.elapsed, status=answer.status, ctype=answer.content_type,
                                     body=answer.body[:600], error=answer.error))

    def reader(self, n):
        i = 0
        while not self.stop.is_set():
            i += 1
            if i % 2:
                a = F.request("GET", f"{self.base}/api/v1/offers?pageSize=5", timeout=CLIENT_TIMEOUT)
                self.add("list", a)
            else:
                oid = self.seed_ids[(i + n) % len(self.seed_ids)]
                a = F.request("GET", f"{self.base}/api/v1/offers/{oid}", timeout=CLIENT_TIMEOUT)
                self.add("get", a, oid)
            self.stop.wait(0.05)

    def writer(self, n):
        i = 0
        while not self.stop.is_set():
            i += 1
            oid = f"out-w{n}-{i:05d}"
            body = F.offer_body(oid, self.venue, self.category, i)
            a = F.request("POST", f"{self.base}/api/v1/offers", body, key=self.key, timeout=CLIENT_TIMEOUT)
            self.add("write", a, oid)
            if a.status is not None and 200 <= a.status < 300:
                with self.lock:
                    self.written_ok[oid] = body["title"]["fr"]
            self.stop.wait(0.1)

    def prober(self, path):
        while not self.stop.is_set():
            a = F.request("GET", self.base + path, timeout=15)
            with self.lock:
                self.probes.append(dict(path=path, started=a.started, ended=a.started + a.elapsed,
                                        elapsed=a.elapsed, status=a.status, error=a.error))
            self.stop.wait(0.5)

    def ticker(self):
        """Open-loop load: one request per second in its own thread, whatever the others are doing, so the
        outage is sampled every second even when the closed-loop threads are stuck in hanging requests."""
        n = 0
        inflight = threading.BoundedSemaphore(TICK_MAX_INFLIGHT)
        while not self.stop.is_set():
            n += 1
            if not inflight.acquire(blocking=False):
                with self.lock:
                    self.tick_skipped += 1
            else:
                def one(n=n):
                    try:
                        if n % 2:
                            a = F.request("GET", f"{self.base}/api/v1/offers?pageSize=5", timeout=CLIENT_TIMEOUT)
                            self.add("tick-list", a)
                        else:
                            oid = f"out-tick-{n:05d}"
                            body = F.offer_body(oid, self.venue, self.category, n)
                            a = F.request("POST", f"{self.base}/api/v1/offers", body, key=self.key, timeout=CLIENT_TIMEOUT)
                            self.add("tick-write", a, oid)
                            if a.status is not None and 200 <= a.status < 300:
                                with self.lock:
                                    self.written_ok[oid] = body["title"]["fr"]
                    finally:
                        inflight.release()
                t = threading.Thread(target=one, daemon=True)
                t.start()
                self.tick_threads.append(t)
            self.stop.wait(1.0)

    def start(self):
        targets = [(self.reader, (0,)), (self.reader, (1,)), (self.writer, (0,)), (self.writer, (1,)),
                   (self.prober, ("/ready",)), (self.prober, ("/health",)), (self.ticker, ())]
        for fn, args in targets:
            t = threading.Thread(target=fn, args=args, daemon=True)
            t.start()
            self.threads.append(t)

    def finish(self):
        self.stop.set()
        deadline = time.monotonic() + CLIENT_TIMEOUT + 10
        for t in self.threads + self.tick_threads:
            t.join(timeout=max(0.1, deadline - time.monotonic()))


def counts(records):
    out = {}
    for r in records:
        key = f"{r['kind']}:{r['status'] if r['status'] is not None else 'ERR'}"
        out[key] = out.get(key, 0) + 1
    return dict(sorted(out.items()))


def ok2xx(r):
    return r["status"] is not None and 200 <= r["status"] < 300


def main():
    binary_arg = sys.argv[1] if len(sys.argv) > 1 else None
    F.install_hard_timeout(HARD_TIMEOUT)
    checks = F.Checks("pg-outage")
    workdir = F.make_workdir("pg-outage")
    server = None
    load = None
    keep = os.environ.get("PASSERELLE_FAULTS_KEEP") == "1"
    try:
        binary = F.prepare_binary(binary_arg, workdir)
        url = F.pg_fresh_cluster()
        server = F.Server(binary, url, workdir)
        server.start()
        serve_pid = server.proc.pid
        key = F.create_institution(binary, url, workdir, inst_id="fault-outage")
        category = F.first_category(server.base)[0]
        F.create_venue(server.base, key, "out-venue")
        seed_ids = []
        for n in range(5):
            oid = f"out-seed-{n}"
            r = F.request("POST", server.base + "/api/v1/offers", F.offer_body(oid, "out-venue", category, n), key=key)
            if r.status not in (200, 201):
                raise RuntimeError(f"seeding offer {oid}: {r.brief(800)}")
            seed_ids.append(oid)
        F.log(f"seeded; category {category}")

        load = Load(server.base, key, "out-venue", category, seed_ids)
        load.start()
        time.sleep(WARMUP_SECONDS)

        F.log("stopping PostgreSQL (pg_ctl stop -m fast)")
        t_stop_begin = time.monotonic()
        _, stop_took = F.pg_script("stop", timeout=120)
        t_stop = time.monotonic()
        F.log(f"PostgreSQL stopped ({stop_took:.2f} s); outage of {OUTAGE_SECONDS:.0f} s")
        time.sleep(OUTAGE_SECONDS)
        t_start_begin = time.monotonic()
        F.pg_script("start", timeout=300)
        t_up = time.monotonic()
        F.log(f"PostgreSQL started again ({t_up - t_start_begin:.2f} s); outage lasted {t_up - t_stop:.1f} s")
        time.sleep(RECOVERY_BOUND + STEADY_AFTER)
        load.finish()
        F.log("load stopped")

        records = sorted(load.records, key=lambda r: r["started"])
        probes = sorted(load.probes, key=lambda p: p["started"])
        before = [r for r in records if r["ended"] < t_stop_begin]
        straddle = [r for r in records if r["started"] < t_stop_begin <= r["ended"]]
        during = [r for r in records if t_stop_begin <= r["started"] < t_start_begin]
        affected = straddle + during   # every request that was in flight or started while PostgreSQL was down
        after = [r for r in records if r["started"] >= t_start_begin]

        print("")
        print("---- per-phase status counts (kind:status) ----")
        print(f"  before   : {counts(before)}")
        print(f"  straddled the stop: {counts(straddle)}")
        print(f"  during   : {counts(during)}")
        print(f"  after    : {counts(after)}")
        for name, rs in (("before", before), ("straddled", straddle), ("during", during), ("after", after)):
            print(f"  latency {name:9s}: {F.latency_summary([r['elapsed'] for r in rs])}")
        print(f"  open-loop ticks skipped because {TICK_MAX_INFLIGHT} were already in flight: {load.tick_skipped}")
        print("  requests in flight or started during the outage that took more than 1 s "
              "(kind, start relative to the stop, duration, outcome):")
        slow_list = [r for r in affected if r["elapsed"] > 1.0]
        for r in slow_list[:25]:
            late = r["ended"] - t_up
            print(f"    {r['kind']:10s} start {r['started'] - t_stop_begin:+7.2f}s  took {r['elapsed']:6.2f}s  "
                  f"{r['status'] if r['status'] is not None else r['error']}"
                  + (f"  (still unanswered {late:.1f} s after PostgreSQL was back)" if r["status"] is None and late > 0
                     else ""))
        if len(slow_list) > 25:
            print(f"    … and {len(slow_list) - 25} more")
        print("")

        # 1. baseline
        bad_before = [r for r in before if not ok2xx(r)]
        checks.check("before the stop: every request answered 2xx", before and not bad_before,
                     f"{len(before)} requests, {len(bad_before)} not 2xx"
                     + (f"; first: {bad_before[0]['status']} {bad_before[0]['error'] or bad_before[0]['body'][:200]!r}"
                        if bad_before else ""))

        # 2. /ready
        ready = [p for p in probes if p["path"] == "/ready"]
        ready_during = [p for p in ready if t_stop_begin <= p["started"] < t_start_begin]
        first_503 = next((p for p in ready_during if p["status"] == 503), None)
        if first_503:
            delay = first_503["ended"] - t_stop
            checks.check(f"/ready answers 503 within {READY_BOUND:.0f} s of the stop", delay <= READY_BOUND,
                         f"first 503 answered {first_503['ended'] - t_stop_begin:.2f} s after the stop began "
                         f"({delay:+.2f} s relative to pg_ctl stop returning, which took {t_stop - t_stop_begin:.2f} s)")
        else:
            statuses = sorted(set(str(p["status"]) for p in ready_during))
            checks.check(f"/ready answers 503 within {READY_BOUND:.0f} s of the stop", False,
                         f"no 503 during the outage; /ready statuses seen: {statuses}; "
                         f"max latency {max([p['elapsed'] for p in ready_during] or [0]):.2f} s")
        settled = [p for p in ready_during if p["started"] >= t_stop + READY_BOUND]
        bad_settled = [p for p in settled if p["status"] != 503 or p["elapsed"] > READY_BOUND]
        checks.check(f"/ready keeps answering 503 within {READY_BOUND:.0f} s for the rest of the outage",
                     settled and not bad_settled,
                     f"{len(settled)} probes, {len(bad_settled)} bad"
                     + (f"; e.g. status {bad_settled[0]['status']} after {bad_settled[0]['elapsed']:.2f} s "
                        f"{bad_settled[0]['error'] or ''}" if bad_settled else "")
                     + f"; latency {F.latency_summary([p['elapsed'] for p in ready_during])}")

        # 3. /health
        health = [p for p in probes if p["path"] == "/health"]
        bad_health = [p for p in health if p["status"] != 200 or p["elapsed"] > 2.0]
        checks.check("/health answers 200 within 2 s throughout", health and not bad_health,
                     f"{len(health)} probes, {len(bad_health)} bad; latency {F.latency_summary([p['elapsed'] for p in health])}"
                     + (f"; e.g. {bad_health[0]['status']} {bad_health[0]['error'] or ''}" if bad_health else ""))

        # 4. fail fast
        lat = [r["elapsed"] for r in affected]
        slow = [r for r in affected if r["elapsed"] > FAIL_FAST_BOUND or r["status"] is None]
        by_kind = {k: F.latency_summary([r["elapsed"] for r in affected if r["kind"] == k])
                   for k in ("list", "get", "write", "tick-list", "tick-write")}
        checks.check(f"API requests during the outage answer within {FAIL_FAST_BOUND:.0f} s (none hangs)",
                     during and not slow,
                     f"{len(affected)} requests in flight or started during the outage; {F.latency_summary(lat)}; {by_kind}; "
                     f"{len(slow)} over {FAIL_FAST_BOUND:.0f} s or unanswered"
                     + (f" (e.g. {slow[0]['kind']} {slow[0]['elapsed']:.2f} s status {slow[0]['status']} {slow[0]['error'] or ''})"
                        if slow else ""))

        # 5. the answer's shape
        failed = [r for r in affected if not ok2xx(r)]
        answered_2xx = [r for r in affected if ok2xx(r)]
        not_problem = [r for r in failed if not (r["status"] is not None and r["status"] >= 500
                                                  and r["ctype"].split(";")[0].strip() == "application/problem+json")]
        sample = next((r for r in failed if r["status"] is not None), failed[0] if failed else None)
        checks.check("API requests during the outage fail with a 5xx application/problem+json",
                     failed and not not_problem,
                     f"{len(failed)} failed, {len(answered_2xx)} answered 2xx, {len(not_problem)} not 5xx problem+json"
                     + (f"; sample: {sample['status']} {sample['ctype']} {sample['body'][:300]!r}" if sample else "")
                     + (f"; bad: {not_problem[0]['status']} {not_problem[0]['ctype']!r} "
                        f"{not_problem[0]['error'] or not_problem[0]['body'][:200]!r}" if not_problem else ""))
        statuses = {}
        for r in failed:
            k = str(r["status"]) if r["status"] is not None else "no answer"
            statuses[k] = statuses.get(k, 0) + 1
        checks.check("API requests during the outage answer 503 Service Unavailable",
                     failed and all(r["status"] == 503 for r in failed),
                     f"outcomes of failed requests: {statuses}")

        # 6. recovery
        fw = next((r for r in after if r["kind"] in ("write", "tick-write") and ok2xx(r)), None)
        fr = next((r for r in after if r["kind"] in ("list", "get", "tick-list") and ok2xx(r)), None)
        rec_w = (fw["ended"] - t_up) if fw else None
        rec_r = (fr["ended"] - t_up) if fr else None
        checks.check(f"after the restart writes and reads succeed again within {RECOVERY_BOUND:.0f} s, same serve process",
                     fw is not None and fr is not None and rec_w <= RECOVERY_BOUND and rec_r <= RECOVERY_BOUND
                     and server.alive() and server.proc.pid == serve_pid and server.starts == 1,
                     f"first 2xx write {rec_w if rec_w is None else round(rec_w, 2)} s, first 2xx read "
                     f"{rec_r if rec_r is None else round(rec_r, 2)} s after PostgreSQL was back; serve pid {serve_pid} "
                     f"alive={server.alive()}")
        ready_after = [p for p in ready if p["started"] >= t_up]
        first_ready = next((p for p in ready_after if p["status"] == 200), None)
        checks.check(f"/ready answers 200 again within {RECOVERY_BOUND:.0f} s",
                     first_ready is not None and first_ready["ended"] - t_up <= RECOVERY_BOUND,
                     f"after {first_ready['ended'] - t_up:.2f} s" if first_ready else
                     f"never; statuses {sorted(set(str(p['status']) for p in ready_after))}")
        steady = [r for r in after if r["started"] >= t_up + RECOVERY_BOUND]
        bad_steady = [r for r in steady if not ok2xx(r)]
        checks.check(f"from {RECOVERY_BOUND:.0f} s after the restart on, every request is 2xx",
                     steady and not bad_steady,
                     f"{len(steady)} requests, {len(bad_steady)} not 2xx; all after-restart counts {counts(after)}"
                     + (f"; e.g. {bad_steady[0]['kind']} {bad_steady[0]['status']} "
                        f"{bad_steady[0]['error'] or bad_steady[0]['body'][:200]!r}" if bad_steady else ""))

        # 7. durability of acknowledged writes
        acked = dict(load.written_ok)
        missing, wrong = [], []
        for oid, title in acked.items():
            r = F.request("GET", f"{server.base}/api/v1/offers/{oid}", timeout=30)
            if r.status != 200:
                missing.append(f"{oid}:{r.status}")
            elif ((r.json() or {}).get("title") or {}).get("fr") != title:
                wrong.append(oid)
        acked_during = [r for r in affected if r["kind"] in ("write", "tick-write") and ok2xx(r)]
        checks.check("every write answered 2xx (before, during, after) is readable afterwards",
                     acked and not missing and not wrong,
                     f"{len(acked)} acknowledged writes ({len(acked_during)} of them during the outage); "
                     f"{len(missing)} missing {missing[:5]}, {len(wrong)} with a different title")

        checks.check("serve stayed up for the whole test (one process, never restarted)",
                     server.alive() and server.starts == 1, f"pid {serve_pid}, alive={server.alive()}")


        lines_before = len(server.stderr_text().splitlines())
        took, rc, graceful = server.stop()
        shutdown_log = [l for l in server.stderr_text().splitlines()[lines_before:] if "[PasserelleWeb] Request" not in l]
        checks.check("after the outage, serve still stops gracefully on SIGTERM (exit 0 within 20 s)",
                     graceful and rc == 0, f"{took:.2f} s, rc {rc}" + ("" if graceful else " (SIGKILLed after 20 s)")
                     + f"; stderr after SIGTERM: {shutdown_log[-3:] if shutdown_log else 'nothing'}")

        print("")
        print("---- serve stderr: distinct error/warning lines ----")
        for line in server.interesting_log_lines():
            print("  " + line)
        print("---- serve stderr tail ----")
        print(server.stderr_tail(8))
        print(f"timeline: stop began +{t_stop_begin - F.T0:.1f}s, stopped +{t_stop - F.T0:.1f}s, "
              f"start began +{t_start_begin - F.T0:.1f}s, up +{t_up - F.T0:.1f}s")
    except F.HardTimeout as error:
        checks.check("test finished within its hard timeout", False, str(error))
    except Exception as error:
        checks.check("test ran to completion", False, f"{type(error).__name__}: {error}")
    finally:
        signal_safe_cleanup(load, server, workdir, keep, checks)
    return checks.summary()


def signal_safe_cleanup(load, server, workdir, keep, checks):
    import signal
    signal.alarm(0)
    try:
        if load is not None:
            load.stop.set()
        if server is not None and server.alive():
            took, rc, graceful = server.stop()
            F.log(f"serve stopped in {took:.2f} s (rc {rc}, {'graceful' if graceful else 'killed'})")
    except Exception as error:
        F.log(f"stopping serve: {error}")
    F.pg_cleanup()
    F.finish_workdir(workdir, checks, keep)


if __name__ == "__main__":
    sys.exit(main())
