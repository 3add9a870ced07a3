"""Shared helpers for Passerelle's fault-injection tests (Python 3 standard library only).

Every test uses these to: copy the binary aside, run `passerelle serve` in a scratch directory, talk HTTP to
127.0.0.1 only, run its own throwaway PostgreSQL cluster, record PASS/FAIL checks and always clean up.
"""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_BINARY = os.path.join(REPO, ".build", "debug", "passerelle")
PG_SCRIPT = os.path.join(REPO, "scripts", "postgres-test-server.sh")
PG_DIR = os.environ.get("PASSERELLE_FAULTS_PG_DIR", "/tmp/passerelle-faults-pg")
PG_PORT = int(os.environ.get("PASSERELLE_FAULTS_PG_PORT", "55499"))
PG_VERSION = os.environ.get("PASSERELLE_PG_VERSION", "15")

T0 = time.monotonic()


def log(*parts):
    print(f"[{time.monotonic() - T0:7.2f}s]", *parts, flush=True)


# ----------------------------------------------------------------------------------------------- checks

class Checks:
    def __init__(self, name):
        self.name = name
        self.results = []  # (ok, title, evidence)

    def check(self, title, ok, evidence=""):
        ok = bool(ok)
        self.results.append((ok, title, evidence))
        print(f"{'PASS' if ok else 'FAIL'}: {title}" + (f" -- {evidence}" if evidence else ""), flush=True)
        return ok

    def summary(self):
        passed = sum(1 for ok, _, _ in self.results if ok)
        failed = len(self.results) - passed
        print("")
        print(f"==== {self.name}: check list ====")
        for ok, title, _ in self.results:
            print(f"  {'PASS' if ok else 'FAIL'}  {title}")
        print(f"faults-{self.name}: {passed} passed, {failed} failed", flush=True)
        return 0 if failed == 0 and passed > 0 else 1


class HardTimeout(Exception):
    pass


def install_hard_timeout(seconds):
    """Raises HardTimeout in the main thread after `seconds`, so `finally` blocks still clean up."""
    def on_alarm(signum, frame):
        raise HardTimeout(f"hard timeout of {seconds} s reached")
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(int(seconds))

    def on_term(signum, frame):
        raise HardTimeout(f"received signal {signum}")
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGHUP, on_term)


# ----------------------------------------------------------------------------------------------- binary

def prepare_binary(path, workdir):
    """Copies the binary into `workdir` (it may be relinked while we run); waits for it if it is missing."""
    path = os.path.abspath(path or DEFAULT_BINARY)
    waited = 0
    max_wait = int(os.environ.get("PASSERELLE_FAULTS_BINARY_WAIT", "1200"))
    while not (os.path.isfile(path) and os.access(path, os.X_OK)):
        if waited >= max_wait:
            raise RuntimeError(f"binary {path} did not appear within {max_wait} s")
        log(f"binary {path} missing; waiting 60 s")
        time.sleep(60)
        waited += 60
    # A binary still being linked may change under us: wait until its size and mtime are stable for 5 s.
    last = None
    for _ in range(60):
        st = os.stat(path)
        now = (st.st_size, st.st_mtime)
        if now == last and time.time() - st.st_mtime > 5:
            break
        last = now
        time.sleep(2)
    dest = os.path.join(workdir, "passerelle")
    shutil.copy2(path, dest)
    os.chmod(dest, 0o755)
    log(f"copied {path} ({os.path.getsize(dest)} bytes, mtime {time.ctime(os.path.getmtime(path))}) to {dest}")
    return dest


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env():
    env = dict(os.environ)
    for key in ("PORT", "HOST", "DATABASE_URL", "LOG_LEVEL", "PASSERELLE_REALDATA"):
        env.pop(key, None)
    return env


def redact(text):
    return re.sub(r"(postgres(?:ql)?://[^:/@\s]+:)[^@\s]+@", r"\1***@", text)


# ----------------------------------------------------------------------------------------------- server

class Server:
    """One `passerelle serve` process, run in a scratch directory (no stray .env), logs to files."""

    def __init__(self, binary, database, workdir, label="serve"):
        self.binary = binary
        self.database = database
        self.workdir = workdir
        self.label = label
        self.port = None
        self.proc = None
        self.starts = 0
        self.stderr_path = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, ready_timeout=120):
        self.port = free_port()
        self.starts += 1
        self.stderr_path = os.path.join(self.workdir, f"{self.label}-{self.starts}.stderr.log")
        stdout_path = os.path.join(self.workdir, f"{self.label}-{self.starts}.stdout.log")
        args = [self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--database", self.database]
        log(f"starting {self.label} #{self.starts} on port {self.port}")
        self.proc = subprocess.Popen(
            args, cwd=self.workdir, env=clean_env(), stdin=subprocess.DEVNULL,
            stdout=open(stdout_path, "wb"), stderr=open(self.stderr_path, "wb"), start_new_session=True,
        )
        deadline = time.monotonic() + ready_timeout
        started = time.monotonic()
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.label} exited with {self.proc.returncode} during start-up:\n"
                                   + self.stderr_tail(30))
            r = request("GET", self.base + "/ready", timeout=5)
            if r.status == 200:
                log(f"{self.label} #{self.starts} ready after {time.monotonic() - started:.2f} s (pid {self.proc.pid})")
                return time.monotonic() - started
            time.sleep(0.25)
        raise RuntimeError(f"{self.label} not ready within {ready_timeout} s:\n" + self.stderr_tail(30))

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def sigkill(self):
        if self.alive():
            os.kill(self.proc.pid, signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait(timeout=30)

    def stop(self, grace=20):
        """SIGTERM, then SIGKILL after `grace` s. Returns (seconds, returncode, graceful)."""
        if self.proc is None:
            return (0.0, None, True)
        if self.proc.poll() is not None:
            return (0.0, self.proc.returncode, True)
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=grace)
            return (time.monotonic() - started, self.proc.returncode, True)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)
            return (time.monotonic() - started, self.proc.returncode, False)

    def stderr_text(self):
        try:
            with open(self.stderr_path, "rb") as f:
                return redact(f.read().decode("utf-8", "replace"))
        except (OSError, TypeError):
            return ""

    def stderr_tail(self, n=20):
        return "\n".join(self.stderr_text().splitlines()[-n:])

    def interesting_log_lines(self, limit=12):
        """Distinct error/warning lines (timestamps and request ids stripped), with their counts."""
        counts = {}
        order = []
        for line in self.stderr_text().splitlines():
            if not re.search(r"\b(error|critical|warning|fatal)\b", line, re.I):
                continue
            key = re.sub(r"^\S+T\S+\s+", "", line)
            key = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|request[-_.]?id=\S+|\b[0-9A-Za-z]{20,}\b", "…", key)
            key = key[:400]
            if key not in counts:
                order.append(key)
                counts[key] = 0
            counts[key] += 1
        return [f"{counts[k]}x {k}" for k in order[:limit]]


def run_cli(binary, args, workdir, timeout=180):
    return subprocess.run([binary] + args, cwd=workdir, env=clean_env(), stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=timeout)


def create_institution(binary, database, workdir, inst_id=None, name="Fault Test"):
    args = ["institution", "create", name, "--database", database]
    if inst_id:
        args += ["--id", inst_id]
    done = run_cli(binary, args, workdir)
    out = done.stdout.decode("utf-8", "replace").strip().splitlines()
    if done.returncode != 0 or not out or not out[-1].startswith("psl_"):
        raise RuntimeError(f"institution create failed ({done.returncode}): {redact(done.stderr.decode()[-2000:])}")
    return out[-1].strip()


# ----------------------------------------------------------------------------------------------- HTTP

class Answer:
    __slots__ = ("status", "headers", "body", "error", "started", "elapsed")

    def __init__(self, status, headers, body, error, started, elapsed):
        self.status, self.headers, self.body, self.error = status, headers, body, error
        self.started, self.elapsed = started, elapsed

    @property
    def content_type(self):
        return (self.headers or {}).get("content-type", "")

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except Exception:
            return None

    def brief(self, n=300):
        if self.status is None:
            return f"no answer ({self.error}) after {self.elapsed:.2f} s"
        text = self.body.decode("utf-8", "replace")[:n] if self.body else ""
        return f"{self.status} {self.content_type} {text}"


def request(method, url, body=None, key=None, timeout=30.0, headers=None):
    """One request on a fresh connection to 127.0.0.1; never raises. `headers`: extra request headers."""
    assert url.startswith("http://127.0.0.1:"), url
    rest = url[len("http://"):]
    hostport, _, path = rest.partition("/")
    host, _, port = hostport.partition(":")
    path = "/" + path
    extra = headers
    headers = {"Accept": "application/json", "Connection": "close"}
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        headers["Content-Type"] = "application/json"
    if key:
        headers["Authorization"] = f"Bearer {key}"
    headers.update(extra or {})
    started = time.monotonic()
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        payload = resp.read()
        hdrs = {k.lower(): v for k, v in resp.getheaders()}
        return Answer(resp.status, hdrs, payload, None, started, time.monotonic() - started)
    except Exception as error:  # timeouts, resets, refused connections
        return Answer(None, {}, b"", f"{type(error).__name__}: {error}", started, time.monotonic() - started)
    finally:
        conn.close()


def is_problem_json(answer):
    return answer.status is not None and answer.content_type.split(";")[0].strip() == "application/problem+json"


def percentile(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100.0 * (len(values) - 1)))))
    return values[k]


def latency_summary(values):
    if not values:
        return "n=0"
    return (f"n={len(values)} p50={percentile(values, 50):.3f}s p95={percentile(values, 95):.3f}s "
            f"max={max(values):.3f}s")


# ----------------------------------------------------------------------------------------------- catalogue

def first_category(base):
    r = request("GET", base + "/api/v1/categories")
    data = r.json()
    if r.status != 200 or data is None:
        raise RuntimeError(f"GET /api/v1/categories: {r.brief()}")
    items = data.get("items", data) if isinstance(data, dict) else data
    if isinstance(items, dict):
        for v in items.values():
            if isinstance(v, list):
                items = v
                break
    ids = [c["id"] for c in items if isinstance(c, dict) and "id" in c]
    if not ids:
        raise RuntimeError(f"no category in {r.body[:300]!r}")
    return ids


def create_venue(base, key, venue_id):
    body = {"id": venue_id, "name": "Salle des pannes", "kind": "theatre",
            "address": {"street": "1 rue du Test", "postalCode": "35000", "city": "Rennes"},
            "communeCode": "35238", "departementCode": "35", "regionCode": "53"}
    r = request("POST", base + "/api/v1/venues", body, key=key)
    if r.status not in (200, 201):
        raise RuntimeError(f"POST /api/v1/venues: {r.brief(800)}")
    return r.json()


def create_work(base, key, work_id, category):
    body = {"id": work_id, "title": {"fr": "L'Œuvre en panne", "en": "The broken work"},
            "creators": ["A. Testeur"], "categoryID": category, "languages": ["fr"]}
    r = request("POST", base + "/api/v1/works", body, key=key)
    if r.status not in (200, 201):
        raise RuntimeError(f"POST /api/v1/works: {r.brief(800)}")
    return r.json()


def offer_body(offer_id, venue_id, category, n, work_id=None, description_bytes=0):
    body = {
        "id": offer_id,
        "title": {"fr": f"Offre de test {n}", "en": f"Test offer {n}"},
        "categoryID": category,
        "access": "on-site",
        "venueID": venue_id,
        "price": {"minCents": (n % 7) * 100, "maxCents": (n % 7) * 100 + 500},
        "languages": ["fr"] if n % 2 else ["fr", "en"],
    }
    if n % 3 == 0:
        body["startsAt"] = f"2031-{(n % 12) + 1:02d}-{(n % 27) + 1:02d}T20:00:00Z"
        body["endsAt"] = f"2031-{(n % 12) + 1:02d}-{(n % 27) + 1:02d}T22:30:00Z"
    if n % 4 == 0 and work_id:
        body["workID"] = work_id
    desc = f"Description numéro {n} — été, théâtre."
    if description_bytes:
        desc = (desc + " ") * (description_bytes // len(desc.encode()) + 1)
        desc = desc.encode()[:description_bytes].decode("utf-8", "ignore")
    body["description"] = {"fr": desc}
    return body


def offer_matches(sent, got, timestamps_stripped=False):
    """Field-by-field comparison of what was sent and what GET returns. Returns a list of mismatches."""
    problems = []
    if not isinstance(got, dict):
        return ["not a JSON object"]
    for field in ("id", "categoryID", "access", "venueID", "workID", "languages", "price"):
        if sent.get(field) != got.get(field):
            problems.append(f"{field}: sent {sent.get(field)!r} got {got.get(field)!r}")
    for field in ("title", "description"):
        want = sent.get(field) or {}
        have = got.get(field) or {}
        for lang, text in want.items():
            if have.get(lang) != text:
                problems.append(f"{field}.{lang} differs")
    for field in ("startsAt", "endsAt"):
        if sent.get(field) != normalise_date(got.get(field)):
            problems.append(f"{field}: sent {sent.get(field)!r} got {got.get(field)!r}")
    for field in ("status", "institutionID") if timestamps_stripped else ("updatedAt", "status", "institutionID"):
        if field not in got:
            problems.append(f"{field} missing")
    return problems


def normalise_date(value):
    if value is None:
        return None
    # 2031-01-01T20:00:00.000Z / +00:00 → 2031-01-01T20:00:00Z
    m = re.match(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.0+)?(Z|\+00:00)$", value)
    return m.group(1) + "Z" if m else value


def list_all_offers(base, page_size=100, extra=""):
    """Every offer of the listing, following pages. Returns (items, total, error)."""
    items, page, total = [], 1, None
    while True:
        r = request("GET", f"{base}/api/v1/offers?pageSize={page_size}&page={page}{extra}", timeout=60)
        data = r.json()
        if r.status != 200 or not isinstance(data, dict):
            return items, total, f"page {page}: {r.brief()}"
        batch = data.get("items")
        if batch is None:
            for v in data.values():
                if isinstance(v, list):
                    batch = v
                    break
        total = data.get("total", total)
        items.extend(batch or [])
        if not batch or len(batch) < page_size or (total is not None and len(items) >= total):
            return items, total, None
        page += 1
        if page > 1000:
            return items, total, "too many pages"


# ----------------------------------------------------------------------------------------------- PostgreSQL

def _pg_env():
    env = dict(os.environ)
    env["PASSERELLE_PG_DIR"] = PG_DIR
    env["PASSERELLE_PG_PORT"] = str(PG_PORT)
    return env


def pg_script(action, timeout=600):
    started = time.monotonic()
    done = subprocess.run([PG_SCRIPT, action], env=_pg_env(), stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=timeout)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(f"postgres-test-server.sh {action} failed ({done.returncode}): "
                           f"{redact(done.stderr.decode()[-2000:])}")
    return done.stdout.decode().strip(), elapsed


def pg_fresh_cluster():
    """Stops and wipes our own cluster directory (never the test suite's), then starts it. Returns the URL."""
    if os.path.exists(os.path.join(PG_DIR, "data", "PG_VERSION")):
        try:
            pg_script("stop", timeout=120)
        except Exception as error:
            log(f"stopping a leftover cluster: {error}")
    if PG_DIR.startswith("/tmp/passerelle-faults") and os.path.isdir(PG_DIR):
        shutil.rmtree(PG_DIR)
    url, elapsed = pg_script("start")
    log(f"PostgreSQL cluster {PG_DIR} on 127.0.0.1:{PG_PORT} up in {elapsed:.1f} s")
    return url.splitlines()[-1]


def pg_admin(sql):
    """Runs SQL as the cluster's superuser over its Unix socket."""
    psql = f"/usr/lib/postgresql/{PG_VERSION}/bin/psql"
    args = [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", os.path.join(PG_DIR, "sockets"), "-p", str(PG_PORT),
            "-U", "postgres", "-d", "postgres", "-c", sql]
    if os.getuid() == 0:
        args = ["runuser", "-u", "postgres", "--"] + args
    done = subprocess.run(args, capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise RuntimeError(f"psql failed: {done.stderr.decode()[-1000:]}")
    return done.stdout.decode()


def pg_query(dbname, sql):
    """Runs one read-only SQL query as the superuser in database `dbname`; returns rows as lists of strings."""
    psql = f"/usr/lib/postgresql/{PG_VERSION}/bin/psql"
    args = [psql, "-X", "-q", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", "-h", os.path.join(PG_DIR, "sockets"),
            "-p", str(PG_PORT), "-U", "postgres", "-d", dbname, "-c", sql]
    if os.getuid() == 0:
        args = ["runuser", "-u", "postgres", "--"] + args
    done = subprocess.run(args, capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise RuntimeError(f"psql failed: {done.stderr.decode()[-1000:]}")
    return [line.split("|") for line in done.stdout.decode().splitlines() if line]


def pg_create_database(url, name):
    pg_admin(f'CREATE DATABASE "{name}" OWNER passerelle')
    return re.sub(r"/[^/]+$", "/" + name, url)


def pg_cleanup():
    try:
        if os.path.exists(os.path.join(PG_DIR, "data", "PG_VERSION")):
            pg_script("stop", timeout=120)
            log("PostgreSQL cluster stopped")
    except Exception as error:
        log(f"could not stop PostgreSQL: {error}")
    if os.environ.get("PASSERELLE_FAULTS_KEEP_PG") != "1" and PG_DIR.startswith("/tmp/passerelle-faults"):
        shutil.rmtree(PG_DIR, ignore_errors=True)


def make_workdir(name):
    return tempfile.mkdtemp(prefix=f"passerelle-faults-{name}-")


def finish_workdir(workdir, checks, keep=False):
    """Removes the copied binary; keeps the folder (logs, database) when a check failed or `keep`, else deletes it."""
    try:
        os.remove(os.path.join(workdir, "passerelle"))
    except OSError:
        pass
    if keep or any(not ok for ok, _, _ in checks.results):
        log(f"logs kept in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
