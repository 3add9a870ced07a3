#!/usr/bin/env python3
"""faults-pg-sigkill: SIGKILL `serve` in the middle of a 500-offer batch on PostgreSQL, restart, replay.

Usage: scripts/faults/pg_sigkill.py [BINARY]

First a clean run: the batch (500 offers, fixed ids) into a fresh database gives the reference catalogue.
Then, for each kill delay (50 ms, 150 ms, and half of the clean batch's duration), into its own fresh database:
send the batch, SIGKILL serve after the delay, restart serve on the same database, and check:
  * serve restarts and is ready;
  * nothing is half-written: every listed offer is one of the batch's, GET /api/v1/offers/{id} = 200 with
    exactly the fields sent, and the listing and the GETs agree;
  * replaying the same batch answers 200 with no rejected item, `created` = 500 − already present;
  * afterwards the catalogue (listing ids; each offer's JSON minus updatedAt) equals the clean run's.
"""

import json
import os
import signal
import sys
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import faultlib as F  # noqa: E402

BATCH = 500
INSTITUTION = "fault-sigkill"
VENUE = "sk-venue"
WORK = "sk-work"
HARD_TIMEOUT = 1500
VOLATILE = ("updatedAt",)  # plus provenance.retrievedAt: the time of the save, like updatedAt (see strip())


def strip(data):
    """An offer's JSON minus the fields that only record when it was saved."""
    out = {k: v for k, v in data.items() if k not in VOLATILE}
    if isinstance(out.get("provenance"), dict):
        out["provenance"] = {k: v for k, v in out["provenance"].items() if k != "retrievedAt"}
    return out


def batch_items(category):
    return [F.offer_body(f"sk-{n:04d}", VENUE, category, n, work_id=WORK) for n in range(BATCH)]


def prepare(binary, url, workdir, label):
    server = F.Server(binary, url, workdir, label=label)
    server.start()
    key = F.create_institution(binary, url, workdir, inst_id=INSTITUTION)
    category = F.first_category(server.base)[0]
    F.create_venue(server.base, key, VENUE)
    F.create_work(server.base, key, WORK, category)
    return server, key, category


def send_batch(base, key, items, timeout=600):
    return F.request("POST", base + "/api/v1/offers:batch", {"items": items}, key=key, timeout=timeout)


def snapshot(base):
    """(ids of the listing, {id: offer JSON minus volatile fields}, error)."""
    listed, total, error = F.list_all_offers(base)
    if error:
        return None, None, error
    ids = sorted(o.get("id") for o in listed)
    if total is not None and total != len(ids):
        return ids, None, f"listing total {total} but {len(ids)} items"
    details = {}
    for oid in ids:
        r = F.request("GET", f"{base}/api/v1/offers/{oid}", timeout=30)
        if r.status != 200:
            return ids, None, f"GET {oid}: {r.brief()}"
        data = r.json() or {}
        details[oid] = strip(data)
    return ids, details, None


def diff_catalogues(ref, got):
    ref_ids, ref_d = ref
    ids, d = got
    notes = []
    if ref_ids != ids:
        notes.append(f"ids differ: {len(set(ref_ids) - set(ids))} missing, {len(set(ids) - set(ref_ids))} extra")
    differing = [oid for oid in ref_ids if oid in d and d[oid] != ref_d[oid]]
    if differing:
        oid = differing[0]
        fields = sorted(k for k in set(ref_d[oid]) | set(d[oid]) if ref_d[oid].get(k) != d[oid].get(k))
        notes.append(f"{len(differing)} offers differ, e.g. {oid} in {fields}: "
                     f"clean {json.dumps({k: ref_d[oid].get(k) for k in fields})[:300]} vs "
                     f"{json.dumps({k: d[oid].get(k) for k in fields})[:300]}")
    return notes


def main():
    binary_arg = sys.argv[1] if len(sys.argv) > 1 else None
    F.install_hard_timeout(HARD_TIMEOUT)
    checks = F.Checks("pg-sigkill")
    workdir = F.make_workdir("pg-sigkill")
    servers = []
    keep = os.environ.get("PASSERELLE_FAULTS_KEEP") == "1"
    try:
        binary = F.prepare_binary(binary_arg, workdir)
        url = F.pg_fresh_cluster()

        # ---- the clean reference run
        clean_url = F.pg_create_database(url, "sk_clean")
        server, key, category = prepare(binary, clean_url, workdir, "clean")
        servers.append(server)
        items = batch_items(category)
        by_id = {item["id"]: item for item in items}
        r = send_batch(server.base, key, items)
        clean_took = r.elapsed
        data = r.json() or {}
        checks.check("clean run: the batch answers 200 with 500 created, 0 rejected",
                     r.status == 200 and data.get("created") == BATCH and data.get("rejected") == 0,
                     f"{r.status} in {clean_took:.2f} s: created {data.get('created')} updated {data.get('updated')} "
                     f"rejected {data.get('rejected')}" + ("" if r.status == 200 else f" {r.brief()}"))
        ref_ids, ref_details, error = snapshot(server.base)
        ok = error is None and ref_ids == sorted(by_id)
        bad_fields = {oid: F.offer_matches(by_id[oid], ref_details[oid], timestamps_stripped=True) for oid in (ref_ids or [])} if ok else {}
        bad_fields = {k: v for k, v in bad_fields.items() if v}
        checks.check("clean run: the catalogue holds exactly the 500 offers, each with the fields sent",
                     ok and not bad_fields,
                     error or f"{len(ref_ids)} offers; {len(bad_fields)} with field mismatches"
                     + (f", e.g. {next(iter(bad_fields.items()))}" if bad_fields else ""))
        r2 = send_batch(server.base, key, items)
        d2 = r2.json() or {}
        ids2, details2, error2 = snapshot(server.base)
        notes = diff_catalogues((ref_ids, ref_details), (ids2, details2)) if error2 is None else [error2]
        checks.check("clean run: replaying the batch is idempotent (500 updated, same catalogue minus updatedAt)",
                     r2.status == 200 and d2.get("updated") == BATCH and d2.get("rejected") == 0 and not notes,
                     f"{r2.status} in {r2.elapsed:.2f} s: created {d2.get('created')} updated {d2.get('updated')} "
                     f"rejected {d2.get('rejected')}; {'; '.join(notes) or 'catalogue identical'}")
        server.stop()
        F.log(f"clean batch took {clean_took:.2f} s")

        # ---- killed runs
        delays = [0.05, 0.15, max(0.3, clean_took / 2)]
        if os.environ.get("FAULTS_KILL_DELAYS"):
            delays = [float(x) for x in os.environ["FAULTS_KILL_DELAYS"].split(",")]
        mid_batch_runs = 0
        for run, delay in enumerate(delays):
            name = f"kill@{int(delay * 1000)}ms"
            print("")
            F.log(f"==== {name} ====")
            db_url = F.pg_create_database(url, f"sk_kill_{run}")
            server, key, _ = prepare(binary, db_url, workdir, f"kill{run}")
            servers.append(server)
            holder = {}

            def post():
                holder["answer"] = send_batch(server.base, key, items, timeout=120)
            t = threading.Thread(target=post, daemon=True)
            t.start()
            time.sleep(delay)
            killed_alive = server.alive()
            server.sigkill()
            t.join(timeout=130)
            answer = holder.get("answer")
            F.log(f"{name}: SIGKILL sent (serve was alive: {killed_alive}); client saw: "
                  f"{answer.brief(120) if answer else 'nothing'}")
            completed_before_kill = answer is not None and answer.status == 200

            server.start(ready_timeout=120)
            checks.check(f"{name}: serve restarts on the same database and is ready", server.alive(),
                         f"restart #{server.starts}")
            listed, total, error = F.list_all_offers(server.base)
            ids = sorted(o.get("id") for o in listed)
            present = len(ids)
            mid = 0 < present < BATCH
            mid_batch_runs += mid
            F.log(f"{name}: {present} of {BATCH} offers present after the kill "
                  f"({'mid-batch' if mid else 'not mid-batch'})")
            unknown = [oid for oid in ids if oid not in by_id]
            half = []
            for oid in ids:
                if oid not in by_id:
                    continue
                g = F.request("GET", f"{server.base}/api/v1/offers/{oid}", timeout=30)
                if g.status != 200:
                    half.append(f"{oid}: GET {g.status}")
                    continue
                problems = F.offer_matches(by_id[oid], g.json())
                if problems:
                    half.append(f"{oid}: {problems}")
            # an id absent from the listing must also be absent for GET (no invisible half-row)
            ghosts = []
            for oid in sorted(set(by_id) - set(ids))[:50]:
                g = F.request("GET", f"{server.base}/api/v1/offers/{oid}", timeout=30)
                if g.status != 404:
                    ghosts.append(f"{oid}: GET {g.status}")
            checks.check(f"{name}: nothing half-written (every present offer complete, listing = GET)",
                         error is None and (total is None or total == present) and not unknown and not half
                         and not ghosts,
                         (error or "") + f"{present}/{BATCH} present (total {total}), {len(unknown)} unknown ids, "
                         f"{len(half)} incomplete {half[:3]}, {len(ghosts)} unlisted but readable {ghosts[:3]}"
                         + ("; the batch had completed before the kill" if completed_before_kill else ""))

            r = send_batch(server.base, key, items)
            d = r.json() or {}
            expected_created = BATCH - present
            checks.check(f"{name}: replaying the batch answers 200, 0 rejected, created = {expected_created}, "
                         f"updated = {present}",
                         r.status == 200 and d.get("rejected") == 0 and d.get("created") == expected_created
                         and d.get("updated") == present,
                         f"{r.status} in {r.elapsed:.2f} s: created {d.get('created')} updated {d.get('updated')} "
                         f"rejected {d.get('rejected')}"
                         + (f"; first rejection {next((x for x in d.get('results', []) if x.get('outcome') == 'rejected'), None)}"
                            if d.get("rejected") else ""))
            ids_k, details_k, error_k = snapshot(server.base)
            notes = diff_catalogues((ref_ids, ref_details), (ids_k, details_k)) if error_k is None else [error_k]
            checks.check(f"{name}: after the replay the catalogue equals the clean run's (minus updatedAt)",
                         ref_details is not None and not notes, "; ".join(notes) or f"{len(ids_k)} offers identical")
            server.stop()

        checks.check("at least one kill landed in the middle of the batch (0 < present < 500)", mid_batch_runs > 0,
                     f"{mid_batch_runs} of {len(delays)} runs were mid-batch; delays {delays}")
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
        F.pg_cleanup()
        F.finish_workdir(workdir, checks, keep)
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
