"""What the browser checks of scripts/a11y/ share: the bootstrap into .venv-browser/, the server under test and HTTP
to it, the PASS/FAIL tally, headless Chromium, axe-core, the requests a page made and its EcoIndex, and the screenshot.

Only the standard library is imported at the top: the scripts import this module before bootstrap() has re-run them
inside the venv that holds Selenium and axe-selenium-python.
"""
import base64
import csv
import glob
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
VENV = os.path.join(REPO, ".venv-browser")
REQUIREMENTS = os.path.join(HERE, "requirements.txt")
REALDATA = os.environ.get("PASSERELLE_REALDATA", os.path.join(REPO, "..", "shared", "realdata"))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MAX_HTML_BYTES = 100_000
WIDTH, HEIGHT = 1280, 2000


# ------------------------------------------------------------------------------------------------ bootstrap

def bootstrap(script, name):
    """Installs Chromium if needed, then re-runs `script` inside .venv-browser/ (rebuilt when requirements.txt changes)."""
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        if os.geteuid() != 0:
            sys.exit(f"{name}: install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
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
            sys.exit(f"{name}: needs a Python >= 3.12 for axe-selenium-python 3 (none found)")
        print(f"{name}: installing {REQUIREMENTS} into {VENV} with {base}", file=sys.stderr)
        shutil.rmtree(VENV, ignore_errors=True)
        subprocess.run([base, "-m", "venv", VENV], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", REQUIREMENTS], check=True)
        open(stamp, "w").write(wanted)
    os.execv(python, [python, os.path.abspath(script), *sys.argv[1:]])


def runs_312(python):
    return subprocess.run([python, "-c", "import sys; sys.exit(sys.version_info < (3, 12))"], capture_output=True).returncode == 0


def copy_binary(binary, folder, name):
    """Copies the binary into `folder` (the original may be relinked meanwhile), once it has stayed unchanged while copied."""
    target = os.path.join(folder, "passerelle")
    for _ in range(60):
        before = os.stat(binary)
        if time.time() - before.st_mtime < 2:  # the linker may still be writing it
            time.sleep(1)
            continue
        shutil.copy2(binary, target)
        after = os.stat(binary)
        if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns) and os.path.getsize(target) == after.st_size:
            return target
        time.sleep(1)
    sys.exit(f"{name}: {binary} kept changing for a minute; no stable copy of it could be made")


# ---------------------------------------------------------------------------------------------- server and HTTP

HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only: never through a proxy


def request(url, body=None, key=None, method=None):
    """(status, bytes) of a GET, or of a POST of `body` as JSON (`method`, e.g. "PUT", instead of POST)."""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    data = json.dumps(body).encode() if body is not None else None
    try:
        with HTTP.open(urllib.request.Request(url, data=data, headers=headers, method=method), timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Server:
    """`passerelle serve` (or `command`, e.g. demo) on a free loopback port, from the scratch folder (so no .env of the
    work tree is read); its output goes to DATABASE.log. Waits `wait` seconds at most for GET /ready to answer 200."""

    def __init__(self, binary, database, log_level="warning", command=("serve",), name="a11y", wait=60):
        self.binary, self.database, self.name = binary, database, name
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(database + ".log", "w")
        env = dict(os.environ, PASSERELLE_REALDATA=os.path.abspath(REALDATA))
        self.process = subprocess.Popen(
            [binary, *command, "--host", "127.0.0.1", "--port", str(port), "--database", database, "--log-level", log_level],
            cwd=os.path.dirname(binary), env=env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(int(wait * 2)):
            if self.process.poll() is not None:
                break
            try:
                if request(self.base + "/ready")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        self.process.kill()
        sys.exit(f"{name}: GET {self.base}/ready never answered 200; log: {self.output()}")

    def output(self):
        """What the server printed so far."""
        with open(self.database + ".log", errors="replace") as f:
            return f.read()

    def settle(self):
        """Waits (10 s at most) for the release that `serve` schedules at start (the last month due) to be done."""
        for _ in range(20):
            if "observatory release" in self.output():
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


# ---------------------------------------------------------------------------------------------- checks

class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, title, ok, evidence=""):
        self.passed, self.failed = self.passed + bool(ok), self.failed + (not ok)
        print(f"  {'PASS' if ok else 'FAIL'}: {title}" + ("" if ok or not evidence else f" -- {evidence}"), flush=True)
        return ok


# ---------------------------------------------------------------------------------------------- EcoIndex

# EcoIndex (reference quantiles of the HTTP Archive used by ecoindex-compute): score = 100 − 5·(3·Qdom + 2·Qreq + Qsize)/6.
ECO_DOM = [0, 47, 75, 159, 233, 298, 358, 417, 476, 537, 603, 674, 753, 843, 949, 1076, 1237, 1459, 1801, 2479, 594601]
ECO_REQ = [0, 2, 15, 25, 34, 42, 49, 56, 63, 70, 78, 86, 95, 105, 117, 130, 147, 170, 205, 281, 3920]
ECO_SIZE = [0, 1.37, 144.7, 319.53, 479.46, 631.97, 783.38, 937.91, 1098.62, 1265.47, 1448.32, 1648.27, 1876.08, 2142.06,
            2465.37, 2866.31, 3401.59, 4155.73, 5400.08, 8037.54, 223212.26]
# The grade is the first whose bound the score is above (ecoindex-compute's get_grade).
ECO_GRADES = [(80, "A"), (70, "B"), (55, "C"), (40, "D"), (25, "E"), (10, "F"), (float("-inf"), "G")]


def eco_quantile(quantiles, value):
    for i in range(1, len(quantiles)):
        if value < quantiles[i]:
            return i - 1 + (value - quantiles[i - 1]) / (quantiles[i] - quantiles[i - 1])
    return len(quantiles) - 1


def ecoindex(dom, requests, size_kb):
    return 100 - 5 * (3 * eco_quantile(ECO_DOM, dom) + 2 * eco_quantile(ECO_REQ, requests) + eco_quantile(ECO_SIZE, size_kb)) / 6


def eco_grade(score):
    return next(grade for bound, grade in ECO_GRADES if score > bound)


def ecoindex_matches_reference():
    """True when the formula and the grades reproduce the reference vectors (skipped, with a message, when they are absent)."""
    path = os.path.join(REALDATA, "ecoindex-vectors", "ecoindex_vectors.csv")
    if not os.path.exists(path):
        print(f"  SKIP: {path} is absent; EcoIndex formula not cross-checked")
        return True
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    worst = max(abs(ecoindex(int(r["dom_nodes"]), int(r["requests"]), float(r["size_kb"])) - float(r["score"])) for r in rows)
    graded = all(eco_grade(float(r["score"])) == r["grade"] for r in rows if r.get("grade"))
    print(f"  EcoIndex formula against {len(rows)} reference vectors: largest difference {worst:.2f}")
    if not graded:
        print("  the EcoIndex grades do not reproduce the reference vectors' grade column")
    return worst <= 1.0 and graded


# ---------------------------------------------------------------------------------------------- the browser

def open_browser(accept_language=None):
    """Headless Chromium with a 1280x2000 page, logging its requests; `accept_language` e.g. "fr-FR,fr" (default: Chromium's)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={WIDTH},{HEIGHT}",
                     "--hide-scrollbars", "--no-proxy-server", "--disable-background-networking"):
        options.add_argument(argument)
    if accept_language:
        options.add_experimental_option("prefs", {"intl.accept_languages": accept_language})
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_script_timeout(60)
    # The page itself 1280x2000 (the window's own frame would take ~140 px of it).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
    return driver


def forget_requests(driver):
    """Drops the requests logged so far, so that requests_made() sees only those of the next page."""
    driver.get_log("performance")


def run_axe(driver, checks):
    """Runs axe-core (WCAG 2.1 A/AA) on the current page, prints each violation and checks there is none; returns them."""
    from axe_selenium_python import Axe

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
    return results["violations"]


def performance_messages(driver):
    """The DevTools messages logged since the last read of the performance log (reading it empties it)."""
    return [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]


def requests_made(driver, url, messages=None):
    """(every URL the page requested since forget_requests(), those of them to another host than `url`'s); `messages`:
    performance_messages() already read (default: read them now)."""
    here = urllib.parse.urlsplit(url).netloc
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    logged = performance_messages(driver) if messages is None else messages
    requested = resources + [m["params"]["request"]["url"] for m in logged if m["method"] == "Network.requestWillBeSent"]
    foreign = sorted({u for u in requested if urllib.parse.urlsplit(u).scheme in ("http", "https", "ws", "wss")
                      and urllib.parse.urlsplit(u).netloc != here})
    return requested, foreign


def document_response(driver, messages):
    """(status, bytes) of the last document in `messages` (performance_messages()) as the browser received it (after
    redirects: the page a form's 303 led to, or a form's own 401/409/422 answer, which a GET again would not give back);
    None when the log has no document or the browser no longer holds its body."""
    from selenium.common.exceptions import WebDriverException

    documents = [m["params"] for m in messages if m["method"] == "Network.responseReceived" and m["params"].get("type") == "Document"]
    if not documents:
        return None
    try:
        body = driver.execute_cdp_cmd("Network.getResponseBody", {"requestId": documents[-1]["requestId"]})
    except WebDriverException:
        return None
    data = base64.b64decode(body["body"]) if body.get("base64Encoded") else body["body"].encode()
    return documents[-1]["response"]["status"], data


def measure(driver, html, requested):
    """The page's EcoIndex from the browser's figures: elements in the DOM, requests, HTML plus resources' encoded bytes."""
    dom = driver.execute_script("return document.getElementsByTagName('*').length")
    extra = driver.execute_script("return performance.getEntriesByType('resource').reduce((s, e) => s + (e.encodedBodySize || 0), 0)")
    requests, size_kb = max(1, len(set(requested))), (len(html) + extra) / 1024
    score = ecoindex(dom, requests, size_kb)
    return {"dom": dom, "requests": requests, "size_kb": size_kb, "score": score, "grade": eco_grade(score)}


def save_page(driver, target, html):
    """Writes a full-page PNG screenshot to `target` and the HTML beside it; returns the page's height."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                             "clip": {"x": 0, "y": 0, "width": WIDTH, "height": height, "scale": 1}})
    with open(target, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    with open(target[:-4] + ".html", "wb") as f:
        f.write(html)
    return height
