#!/usr/bin/env python3
"""faults-sqlite-disk-full: the SQLite database's file system fills up while serve runs, then frees up.

Usage: scripts/faults/sqlite_disk_full.py [BINARY]      (needs root: mounts a 16 MiB tmpfs)

Expectations (strict):
  * once the file system is full, large writes fail (large writes are tried until one fails: the first ones may still
    fit in SQLite's existing WAL file), and keep failing, with a 5xx
    application/problem+json, status 503 or 507, whose detail says storage is full ("full"/"space");
    no write hangs (each answers within 10 s);
  * reads keep working (GET /api/v1/offers and GET one offer: 200), /health 200, serve stays up;
  * PRAGMA integrity_check on the file (read-only, while serve runs) is `ok`;
  * after the filler is deleted, writes succeed again within 10 s without restarting serve;
  * every write that was answered 2xx is readable; serve stops gracefully; integrity_check is `ok` again.
"""

import errno
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import faultlib as F  # noqa: E402

HARD_TIMEOUT = 600
TMPFS_SIZE = "16m"
WRITE_BOUND = 10.0
SEED_OFFERS = 60
FULL_ATTEMPTS = 400          # large writes tried on the full disk before giving up (about 21 MB > the 16 MiB tmpfs)
FAILURES_AFTER = 5           # further writes tried after the first failure, to characterise the failure


def big_offer(oid, category, n):
    body = F.offer_body(oid, "df-venue", category, n)
    text = (f"Offre {n}, texte de remplissage pour remplir le disque. " * 200)[:9000]
    body["description"] = {lang: text for lang in ("fr", "en", "de", "es", "it", "pl")}
    return body


def fill(path):
    """Fills the file system holding `path` until ENOSPC. Returns (bytes written, free bytes left)."""
    st = os.statvfs(os.path.dirname(path))
    avail = st.f_bavail * st.f_frsize
    written = 0
    if avail > 1 << 20:
        done = subprocess.run(["fallocate", "-l", str(avail - (512 << 10)), path], capture_output=True)
        if done.returncode == 0:
            written = os.path.getsize(path)
    with open(path, "ab", buffering=0) as f:
        for chunk in (1 << 20, 64 << 10, 4096, 512, 1):
            block = b"\0" * chunk
            while True:
                try:
                    n = f.write(block)
                    written += n or 0
                    if not n:
                        break
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    break
        try:
            os.fsync(f.fileno())
        except OSError:
            pass
    st = os.statvfs(os.path.dirname(path))
    return written, st.f_bavail * st.f_frsize


def integrity(db_path, readonly=True):
    try:
        uri = f"file:{db_path}?mode=ro" if readonly else f"file:{db_path}"
        conn = sqlite3.connect(uri, uri=True, timeout=10)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            return "; ".join(str(r[0]) for r in rows)
        finally:
            conn.close()
    except Exception as error:
        return f"{type(error).__name__}: {error}"


def files_on(mount):
    out = []
    for name in sorted(os.listdir(mount)):
        try:
            out.append(f"{name}={os.path.getsize(os.path.join(mount, name))}")
        except OSError:
            pass
    return ", ".join(out)


def main():
    binary_arg = sys.argv[1] if len(sys.argv) > 1 else None
    F.install_hard_timeout(HARD_TIMEOUT)
    checks = F.Checks("sqlite-disk-full")
    workdir = F.make_workdir("sqlite-disk-full")
    mount = os.path.join(workdir, "fs")
    os.makedirs(mount)
    mounted = False
    server = None
    filler = os.path.join(mount, "filler")
    keep = os.environ.get("PASSERELLE_FAULTS_KEEP") == "1"
    try:
        if os.getuid() != 0:
            raise RuntimeError("this test mounts a tmpfs and needs root")
        binary = F.prepare_binary(binary_arg, workdir)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "tmpfs", mount], check=True)
        mounted = True
        db = os.path.join(mount, "db.sqlite")
        server = F.Server(binary, db, workdir)
        server.start()
        pid = server.proc.pid
        key = F.create_institution(binary, db, workdir, inst_id="fault-disk")
        category = F.first_category(server.base)[0]
        F.create_venue(server.base, key, "df-venue")
        acked = {}
        for n in range(SEED_OFFERS):
            oid = f"df-seed-{n:03d}"
            body = F.offer_body(oid, "df-venue", category, n, description_bytes=2000)
            r = F.request("POST", server.base + "/api/v1/offers", body, key=key)
            if r.status not in (200, 201):
                raise RuntimeError(f"seeding {oid}: {r.brief(600)}")
            acked[oid] = body["title"]["fr"]
        F.log(f"seeded {SEED_OFFERS} offers; files: {files_on(mount)}")

        written, left = fill(filler)
        F.log(f"filler wrote {written} bytes; {left} bytes left; files: {files_on(mount)}")
        checks.check("the file system is full (filler written until ENOSPC)", left == 0,
                     f"{written} bytes of filler, {left} bytes free")

        # ---- writes on a full disk
        # SQLite's WAL file (about 4 MB after the seeding) is reused after each checkpoint, so the first writes
        # may still fit in it: keep writing large offers (~54 KB each) until one fails, then FAILURES_AFTER more.
        attempts = []
        first_failure = None
        for n in range(FULL_ATTEMPTS):
            oid = f"df-full-{n:03d}"
            body = big_offer(oid, category, 1000 + n)
            r = F.request("POST", server.base + "/api/v1/offers", body, key=key, timeout=60)
            attempts.append((oid, r))
            if r.status is not None and 200 <= r.status < 300:
                acked[oid] = body["title"]["fr"]
            elif first_failure is None:
                first_failure = n
            if first_failure is not None and n - first_failure >= FAILURES_AFTER:
                break
        successes_before = first_failure if first_failure is not None else len(attempts)
        F.log(f"{successes_before} large writes succeeded before the first failure; files: {files_on(mount)}")
        # a batch and a venue write too
        rb = F.request("POST", server.base + "/api/v1/offers:batch",
                       {"items": [big_offer(f"df-fullbatch-{n}", category, 4000 + n) for n in range(20)]}, key=key, timeout=60)
        rv = F.request("POST", server.base + "/api/v1/venues",
                       {"id": "df-venue-2", "name": "Salle pleine", "kind": "museum"}, key=key, timeout=60)
        failures = [(oid, r) for oid, r in attempts if not (r.status is not None and 200 <= r.status < 300)]
        after_first = attempts[first_failure:] if first_failure is not None else []
        ok_after_first = [oid for oid, r in after_first if r.status is not None and 200 <= r.status < 300]
        ok_count = len(attempts) - len(failures)
        statuses = {}
        for _, r in attempts:
            statuses[str(r.status)] = statuses.get(str(r.status), 0) + 1
        print(f"  write statuses on the full disk: {statuses}; first failures: "
              + " | ".join(f"{oid}: {r.brief(300)}" for oid, r in failures[:2]))
        checks.check(f"writes fail once the disk is full (within {FULL_ATTEMPTS} large writes)", failures,
                     f"{successes_before} large writes (~54 KB) succeeded before the first failure (they fit in the "
                     f"existing WAL); {ok_count} of {len(attempts)} succeeded in all, {len(failures)} failed: {statuses}")
        checks.check(f"once a write has failed, the next {FAILURES_AFTER} writes fail too (disk still full)",
                     first_failure is not None and not ok_after_first,
                     f"{len(ok_after_first)} of {len(after_first) - 1 if after_first else 0} later writes succeeded")
        sample = failures[0][1] if failures else None
        if sample is not None:
            print(f"  first failed write: {sample.brief(600)}")
        shape_bad = [r for _, r in failures if not (F.is_problem_json(r) and r.status >= 500)]
        checks.check("failed writes answer a 5xx application/problem+json", failures and not shape_bad,
                     f"sample: {sample.brief(400) if sample else 'none'}"
                     + (f"; bad: {shape_bad[0].brief(200)}" if shape_bad else ""))
        checks.check("failed writes answer 503 or 507", failures and all(r.status in (503, 507) for _, r in failures),
                     f"statuses {sorted(set(str(r.status) for _, r in failures))}")
        details = [((r.json() or {}).get("detail") or "") for _, r in failures]
        says_full = [d for d in details if re.search(r"full|space|no room|insufficient storage", d, re.I)]
        checks.check("the failed writes' problem detail says storage is full",
                     failures and len(says_full) == len(failures),
                     f"details: {sorted(set(details))[:3]}")
        slow = [r for _, r in attempts if r.elapsed > WRITE_BOUND]
        checks.check(f"no write on the full disk takes more than {WRITE_BOUND:.0f} s", not slow,
                     F.latency_summary([r.elapsed for _, r in attempts]))
        bd = rb.json() or {}
        print(f"  batch of 20 on the full disk: {rb.status} created {bd.get('created')} rejected {bd.get('rejected')} "
              f"first result {(bd.get('results') or [None])[0]}")
        print(f"  venue write on the full disk: {rv.brief(300)}")
        batch_rejected = [x for x in (bd.get("results") or []) if x.get("outcome") == "rejected"]
        checks.check("a batch on the full disk reports its items rejected with status 503/507 (not 500)",
                     rb.status is not None and rb.status < 500 and batch_rejected
                     and all(x.get("status") in (503, 507) for x in batch_rejected) if bd else False,
                     f"{rb.brief(300)}" if not bd else
                     f"HTTP {rb.status}; rejected {len(batch_rejected)} with statuses "
                     f"{sorted(set(x.get('status') for x in batch_rejected))}, created {bd.get('created')}")
        for x in (bd.get("results") or []):
            if x.get("outcome") != "rejected" and x.get("id"):
                acked[x["id"]] = None
        # A small write may still fit in the WAL's free space: success is fine (it must then be readable), a
        # failure must look like the offers' failures.
        venue_ok = rv.status in (200, 201)
        checks.check("a small venue write on the full disk either succeeds or fails with 503/507 problem+json",
                     venue_ok or (F.is_problem_json(rv) and rv.status in (503, 507)),
                     ("succeeded (fits in the WAL's free space): " if venue_ok else "") + rv.brief(300))

        # ---- reads on a full disk
        read_bad = []
        for i in range(10):
            a = F.request("GET", server.base + "/api/v1/offers?pageSize=5", timeout=30)
            b = F.request("GET", server.base + f"/api/v1/offers/df-seed-{i * 5:03d}", timeout=30)
            for x in (a, b):
                if x.status != 200:
                    read_bad.append(x)
        checks.check("reads keep working on the full disk (10 lists + 10 offers, all 200)", not read_bad,
                     f"{len(read_bad)} failed" + (f": {read_bad[0].brief(300)}" if read_bad else ""))
        h = F.request("GET", server.base + "/health", timeout=10)
        rd = F.request("GET", server.base + "/ready", timeout=10)
        print(f"  /ready on the full disk: {rd.brief(200)} (informational)")
        checks.check("/health is 200 and serve is still running on the full disk",
                     h.status == 200 and server.alive() and server.proc.pid == pid,
                     f"/health {h.status}, alive={server.alive()}")
        ic = integrity(db)
        checks.check("PRAGMA integrity_check (read-only, serve running, disk full) is ok", ic == "ok", ic[:300])

        # ---- free the space
        os.remove(filler)
        t_free = time.monotonic()
        F.log(f"filler deleted; files: {files_on(mount)}")
        recovered = None
        last = None
        n = 0
        while time.monotonic() - t_free < WRITE_BOUND + 20:
            oid = f"df-after-{n:03d}"
            body = F.offer_body(oid, "df-venue", category, 2000 + n, description_bytes=2000)
            last = F.request("POST", server.base + "/api/v1/offers", body, key=key, timeout=30)
            n += 1
            if last.status in (200, 201):
                acked[oid] = body["title"]["fr"]
                recovered = time.monotonic() - t_free
                break
            time.sleep(0.5)
        checks.check(f"after the filler is deleted, writes succeed again within {WRITE_BOUND:.0f} s (same serve)",
                     recovered is not None and recovered <= WRITE_BOUND and server.proc.pid == pid and server.alive(),
                     f"first 2xx write after {recovered:.2f} s ({n} attempts)" if recovered is not None
                     else f"no 2xx write in {WRITE_BOUND + 20:.0f} s; last {last.brief(300) if last else None}")
        more_bad = []
        for i in range(10):
            oid = f"df-after2-{i:03d}"
            body = F.offer_body(oid, "df-venue", category, 3000 + i)
            r = F.request("POST", server.base + "/api/v1/offers", body, key=key, timeout=30)
            if r.status in (200, 201):
                acked[oid] = body["title"]["fr"]
            else:
                more_bad.append(r)
        checks.check("10 further writes after recovery all succeed", not more_bad,
                     f"{len(more_bad)} failed" + (f": {more_bad[0].brief(300)}" if more_bad else ""))

        missing = []
        for oid, title in acked.items():
            r = F.request("GET", f"{server.base}/api/v1/offers/{oid}", timeout=30)
            if r.status != 200 or (title is not None and ((r.json() or {}).get("title") or {}).get("fr") != title):
                missing.append(f"{oid}:{r.status}")
        if venue_ok:
            g = F.request("GET", f"{server.base}/api/v1/venues/df-venue-2", timeout=30)
            if g.status != 200:
                missing.append(f"venue df-venue-2:{g.status}")
        checks.check("every write answered 2xx is readable", not missing,
                     f"{len(acked)} acknowledged, {len(missing)} missing {missing[:5]}")

        took, rc, graceful = server.stop()
        checks.check("serve stops gracefully on SIGTERM (exit 0 within 20 s)", graceful and rc == 0,
                     f"{took:.2f} s, rc {rc}")
        ic2 = integrity(db, readonly=False)
        checks.check("PRAGMA integrity_check after serve stopped is ok", ic2 == "ok", ic2[:300])
        print("")
        print("---- serve stderr: distinct error/warning lines ----")
        for line in server.interesting_log_lines():
            print("  " + line)
    except F.HardTimeout as error:
        checks.check("test finished within its hard timeout", False, str(error))
    except Exception as error:
        checks.check("test ran to completion", False, f"{type(error).__name__}: {error}")
    finally:
        signal.alarm(0)
        if server is not None:
            try:
                server.stop()
            except Exception as error:
                F.log(f"stopping serve: {error}")
        if mounted:
            done = subprocess.run(["umount", mount], capture_output=True)
            if done.returncode != 0:
                F.log(f"umount failed ({done.stderr.decode().strip()}); lazy unmount")
                subprocess.run(["umount", "-l", mount], capture_output=True)
            F.log("tmpfs unmounted")
        F.finish_workdir(workdir, checks, keep)
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
