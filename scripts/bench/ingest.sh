#!/usr/bin/env bash
# Observatory ingestion over HTTP, driven from outside by wrk: target ≥ 20 000 events/s on loopback (batched),
# memory flat.
#
#   scripts/bench/ingest.sh [PASSERELLE_BINARY]     # default .build-release/release/passerelle (built if absent)
#
# One run: a fresh SQLite file and a free port; `passerelle institution create` for the key; `passerelle serve`;
# then, against that one server:
#   1. floor: wrk on GET /health (a bare route) for HEALTH_DURATION;
#   2. wrk with scripts/bench/ingest.lua: every request a batch of BATCH events with unique ids, while the server's
#      VmRSS is sampled every second;
#   3. SIGTERM, which must end the server with status 0 within 10 s; then the rows of audience_events are counted
#      and must match what the server acknowledged (wrk abandons the requests in flight at its deadline: if the server
#      finished some, their whole batches are there too, and are reported as such);
#   4. floor: Python's sqlite3 executemany inserting as many rows into a copy of audience_events (its CREATE TABLE
#      and indexes read from the server's database), BATCH rows per transaction, the server's pragmas (WAL,
#      synchronous=FULL), same filesystem.
# Prints one summary block. Exits non-zero if a request failed (non-200, socket error, rejected or duplicate event),
# rows are missing, or the server did not stop cleanly; missing the target is reported, not an error.
#
# Environment: BATCH (500, 1–1000), WRK_THREADS (2), WRK_CONNECTIONS (16), WRK_DURATION (15s), WRK_TIMEOUT (10s),
# HEALTH_DURATION (5s), LOG_LEVEL (the server's; default info, as shipped: one log line per request),
# KEEP=1 keeps the temporary directory (database, server log, wrk outputs).
# Needs wrk (Debian package `wrk`; installed with apt-get when missing and root) and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

default_binary=.build-release/release/passerelle
binary=${1:-$default_binary}
batch=${BATCH:-500}
threads=${WRK_THREADS:-2}
connections=${WRK_CONNECTIONS:-16}
duration=${WRK_DURATION:-15s}
timeout=${WRK_TIMEOUT:-10s}
health_duration=${HEALTH_DURATION:-5s}

say() { printf 'ingest.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[[ "$batch" =~ ^[0-9]+$ ]] && ((batch >= 1 && batch <= 1000)) || die "BATCH must be an integer between 1 and 1000"

if [ ! -x "$binary" ]; then
    [ "$binary" = "$default_binary" ] || die "no executable at $binary"
    say "building $binary (release, nice 19)"
    nice -n 19 swift build -c release --scratch-path .build-release --product passerelle >&2
fi
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")

if ! command -v wrk >/dev/null; then
    [ "$(id -u)" = 0 ] || die "wrk is missing (apt-get install -y wrk)"
    say "installing wrk"
    apt-get install -y wrk >&2 || { apt-get update >&2 && apt-get install -y wrk >&2; }
fi
command -v python3 >/dev/null || die "python3 is missing"

work=$(mktemp -d -t passerelle-ingest.XXXXXX)
db=$work/bench.sqlite
pid=""
sampler=""
cleanup() {
    local status=$?
    [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    if [ "$status" != 0 ] && [ -f "$work/server.log" ]; then
        say "last lines of the server's log:"
        tail -n 20 "$work/server.log" >&2 || true
    fi
    if [ "${KEEP:-}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# The server and the CLI run in the temporary directory (no `.env` of the checkout) without PORT/HOST/DATABASE_URL.
run_cli() { (cd "$work" && env -u PORT -u HOST -u DATABASE_URL "$binary" "$@"); }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
# VmRSS and RssAnon (the heap; VmRSS also counts mapped files such as SQLite's -shm and the binary).
rss_pair() { awk '/^VmRSS:/ { r = $2 } /^RssAnon:/ { a = $2 } END { print r + 0, a + 0 }' "/proc/$1/status" 2>/dev/null || echo 0 0; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }
field() { # field NAME FILE: value of NAME=… on the INGEST line
    awk -v name="$1" '$1 == "INGEST" { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) value = kv[2] } }
        END { print value }' "$2"
}

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

run_cli institution create "Bench museum" --database "$db" >"$work/create.out" 2>"$work/create.err" \
    || { cat "$work/create.err" >&2; die "institution create failed"; }
key=$(tail -n 1 "$work/create.out")
[[ "$key" == psl_* ]] || die "no API key on the last line of institution create's output"

(cd "$work" && exec env -u PORT -u HOST -u DATABASE_URL "$binary" serve --host 127.0.0.1 --port "$port" --database "$db") \
    >"$work/server.out" 2>"$work/server.log" &
pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 300); do
    kill -0 "$pid" 2>/dev/null || die "the server exited at start-up"
    curl -fsS -o /dev/null "$base/health" 2>/dev/null && break
    sleep 0.2
done
curl -fsS -o /dev/null "$base/health" || die "the server did not answer /health within 60 s"
rss_start=$(rss_kb "$pid")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# A first batch by hand: the route, the key and the body are right before wrk hammers them.
probe=$(python3 - "$base" "$key" <<'EOF'
import json, sys, time, urllib.request
base, key = sys.argv[1:3]
at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 180))
body = {"events": [{"eventID": "probe-1", "kind": "page-view", "occurredAt": at, "offer": "o-1", "visitor": "v-1"}]}
request = urllib.request.Request(base + "/api/v1/observatory/events", data=json.dumps(body).encode(), method="POST",
                                 headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
print(urllib.request.urlopen(request, timeout=10).read().decode())
EOF
) || die "the probe batch failed"
[[ "$probe" == *'"recorded":1'* ]] || die "the probe batch was not recorded: $probe"

# 1. The floor: a bare route, same threads and connections.
wrk -t"$threads" -c"$connections" -d"$health_duration" --latency "$base/health" >"$work/health.txt"
health_rps=$(awk '/^Requests\/sec:/ { print $2 }' "$work/health.txt")
health_p99=$(awk '$1 == "99%" { print $2 }' "$work/health.txt")
health_bad=$(awk '/^  Non-2xx or 3xx responses:/ { print $NF }' "$work/health.txt")
health_socket=$(awk '/^  Socket errors:/ { n = 0; for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i; print n }' "$work/health.txt")
health_bad=${health_bad:-0}
health_socket=${health_socket:-0}

# 2. Ingestion, with VmRSS sampled every second.
rss_before=$(rss_kb "$pid")
anon_before=$(rss_pair "$pid" | cut -d' ' -f2)
: >"$work/rss.txt"
(while kill -0 "$pid" 2>/dev/null; do rss_pair "$pid" >>"$work/rss.txt"; sleep 1; done) &
sampler=$!
cpu_before=$(cpu_ticks "$pid")
started=$(date +%s.%N)
API_KEY=$key BATCH=$batch wrk -t"$threads" -c"$connections" -d"$duration" --timeout "$timeout" --latency \
    -s "$repo/scripts/bench/ingest.lua" "$base" >"$work/ingest.txt" 2>&1 || { cat "$work/ingest.txt" >&2; die "wrk failed"; }
ended=$(date +%s.%N)
cpu_after=$(cpu_ticks "$pid")
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
sampler=""
rss_end=$(rss_kb "$pid")
sleep 3
rss_after=$(rss_kb "$pid")
anon_after=$(rss_pair "$pid" | cut -d' ' -f2)
grep -q '^INGEST ' "$work/ingest.txt" || { cat "$work/ingest.txt" >&2; die "wrk printed no INGEST line"; }
cat "$work/ingest.txt"

read -r rss_min rss_max anon_min anon_max rss_series anon_series < <(awk '
    { v[NR] = $1; a[NR] = $2
      if (NR == 1 || $1 < min) min = $1; if ($1 > max) max = $1
      if (NR == 1 || $2 < amin) amin = $2; if ($2 > amax) amax = $2 }
    END { s = t = ""
          for (i = 1; i <= NR; i++) { s = s (i > 1 ? "," : "") sprintf("%.0f", v[i] / 1024); t = t (i > 1 ? "," : "") sprintf("%.0f", a[i] / 1024) }
          print min + 0, max + 0, amin + 0, amax + 0, s, t }
' "$work/rss.txt")
ticks=$(getconf CLK_TCK)
server_cores=$(awk -v a="$cpu_before" -v b="$cpu_after" -v t="$ticks" -v s="$started" -v e="$ended" \
    'BEGIN { printf "%.2f", (b - a) / t / (e - s) }')

# 3. SIGTERM: status 0 within 10 s.
kill -TERM "$pid"
stop_started=$(date +%s.%N)
stopped=""
for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || { stopped=yes; break; }
    sleep 0.1
done
server_status=0
if [ -n "$stopped" ]; then
    wait "$pid" || server_status=$?
    stop_seconds=$(awk -v s="$stop_started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
else
    server_status=timeout
    stop_seconds=">10"
fi
pid_stopped=$pid
pid=""

read -r rows distinct < <(python3 - "$db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
print(*db.execute("SELECT count(*), count(DISTINCT event_id) FROM audience_events WHERE event_id <> 'probe-1'").fetchone())
EOF
)

# 4. The floor: the same rows through Python's sqlite3, BATCH per transaction.
read -r floor_rows floor_seconds floor_eps sqlite_version < <(python3 - "$db" "$work/floor.sqlite" "$rows" "$batch" <<'EOF'
import os, sqlite3, sys, time
source, target, rows, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
schema = [sql for (sql,) in sqlite3.connect(f"file:{source}?mode=ro", uri=True).execute(
    "SELECT sql FROM sqlite_master WHERE tbl_name = 'audience_events' AND sql IS NOT NULL ORDER BY type = 'index'")]
db = sqlite3.connect(target, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = FULL")
for sql in schema:
    db.execute(sql)
insert = ("INSERT INTO audience_events (institution_id, event_id, kind, occurred_at, day, channel, device, offer_id, "
          "category_id, commune_code, age_band, visitor_key, received_at, first_visit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) "
          "ON CONFLICT (institution_id, day, event_id) DO NOTHING")
kinds = ["page-view"] * 6 + ["content-view", "content-view", "search", "play"]
devices = ["desktop", "mobile", "desktop", "mobile", "tablet", "other"]
reference = time.time() - 978307200  # seconds since 2001-01-01, like the server's columns
occurred = reference - 180
day = int((occurred + 978307200) // 86400)
spent, done, number = 0.0, 0, 0
while done < rows:
    size = min(batch, rows - done)
    chunk = []
    for _ in range(size):
        number += 1
        chunk.append(("floor-institution", f"floor-{number}", kinds[number % len(kinds)], occurred, day, "web",
                      devices[number % len(devices)], f"o-{number % 2000}", None, None, None, os.urandom(16).hex(), reference))
    start = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    db.executemany(insert, chunk)
    db.execute("COMMIT")
    spent += time.perf_counter() - start
    done += size
written = db.execute("SELECT count(*) FROM audience_events").fetchone()[0]
print(written, f"{spent:.3f}", f"{written / spent:.0f}" if spent > 0 else 0, sqlite3.sqlite_version)
EOF
)

# The figures and the checks.
requests=$(field requests "$work/ingest.txt")
sent=$(field sent_requests "$work/ingest.txt")
answered=$(field answered "$work/ingest.txt")
rps=$(field requests_per_s "$work/ingest.txt")
eps=$(field events_per_s "$work/ingest.txt")
p50=$(field p50_ms "$work/ingest.txt")
p99=$(field p99_ms "$work/ingest.txt")
non200=$(field non200 "$work/ingest.txt")
socket_errors=$(field socket_errors "$work/ingest.txt")
recorded=$(field recorded "$work/ingest.txt")
duplicates=$(field duplicates "$work/ingest.txt")
rejected=$(field rejected "$work/ingest.txt")
in_flight=$((sent - answered))
extra=$((rows - recorded))

failures=()
((non200 == 0)) || failures+=("$non200 non-200 responses")
((socket_errors == 0)) || failures+=("$socket_errors socket errors (connect/read/write/timeout)")
((duplicates == 0 && rejected == 0)) || failures+=("$duplicates duplicates and $rejected rejected events (ids are unique and events valid)")
((recorded == requests * batch)) || failures+=("the server recorded $recorded events of $((requests * batch)) answered")
((health_bad == 0 && health_socket == 0)) || failures+=("GET /health: $health_bad non-2xx, $health_socket socket errors")
((rows == distinct)) || failures+=("audience_events has $rows rows but $distinct distinct ids")
if ((extra < 0)); then
    failures+=("rows missing: $rows in audience_events, $recorded acknowledged")
elif ((extra % batch != 0 || extra / batch > in_flight)); then
    failures+=("$extra rows more than acknowledged, not whole batches of the $in_flight requests unanswered at the deadline")
fi
[ "$server_status" = 0 ] || failures+=("the server's exit after SIGTERM: $server_status (in $stop_seconds s)")

verdict=$(awk -v e="$eps" 'BEGIN { print (e >= 20000 ? "met" : "NOT met") }')
((${#failures[@]} == 0)) || verdict="void (see FAILED below)"
ratio=$(awk -v e="$eps" -v f="$floor_eps" 'BEGIN { if (f > 0) printf "%.0f %%", 100 * e / f; else print "n/a" }')
if ((extra == 0)); then
    rows_note="= $recorded recorded and acknowledged: none lost"
else
    rows_note="= $recorded acknowledged + $extra from $((extra / batch)) of the $in_flight batches wrk left unanswered at its deadline (the server finished them): none lost"
fi

cat <<EOF

== Observatory ingestion over HTTP (scripts/bench/ingest.sh) ==
run               wrk -t$threads -c$connections -d$duration --timeout $timeout, BATCH=$batch, $base, $(nproc) cores, load $load_before
events/s (HTTP)   $(printf '%.0f' "$eps")   target >= 20000: $verdict
requests/s        $rps   ($requests answered; $in_flight sent and unanswered at the deadline)
latency           p50 $p50 ms, p99 $p99 ms
failed requests   $non200 non-200, $socket_errors socket errors, $rejected rejected, $duplicates duplicates
server RSS (MB)   start $(mb "$rss_start"), before $(mb "$rss_before"), during min $(mb "$rss_min") / max $(mb "$rss_max"), end $(mb "$rss_end"), 3 s after $(mb "$rss_after")
  every second    $rss_series
server RssAnon    before $(mb "$anon_before"), during min $(mb "$anon_min") / max $(mb "$anon_max"), 3 s after $(mb "$anon_after")   (heap only)
  every second    $anon_series
server CPU        $server_cores cores busy on average during the run
rows              $rows in audience_events $rows_note
floor /health     $(printf '%.0f' "$health_rps") requests/s (p99 $health_p99), same -t/-c, ${health_duration}
floor sqlite3     $floor_eps events/s: Python executemany, $floor_rows rows in transactions of $batch, WAL + synchronous=FULL, SQLite $sqlite_version (${floor_seconds} s)
HTTP / floor      $ratio of the sqlite3 floor
shutdown          SIGTERM -> status $server_status in $stop_seconds s (pid $pid_stopped)
EOF

if ((${#failures[@]})); then
    printf 'FAILED: %s\n' "${failures[@]}"
    exit 1
fi
echo "OK"
