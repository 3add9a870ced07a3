#!/usr/bin/env bash
# Culture-pass bookings over HTTP, driven from outside by wrk: target >= 500 bookings/s with p99 < 50 ms on distinct
# stocks (PostgreSQL), no failed request; the contention and sold-out cases measured beside it.
#
#   scripts/bench/bookings.sh BINARY [--postgres URL]
#
# One run: a fresh database (a SQLite file in a temporary directory, or with --postgres a new database
# bench_book_<hex> on that server, created with the URL's role, which needs CREATEDB, and dropped afterwards) and a
# free port; `passerelle institution create` for the key; BENEFICIARIES verified beneficiaries with 150 € each
# (`passerelle pass beneficiary create`, two at a time; their tokens in a file bookings.lua reads); `passerelle
# serve` with PASSERELLE_PASS_BOOKING_LIMIT=1000000/1m (the default 30/1m per beneficiary would answer 429 here);
# OFFERS offers holding STOCKS stocks of PLACES places at PRICE_CENTS (provider API, 50 listings a request), one
# "popular" offer with one stock of POPULAR_PLACES places and one with one stock of SOLDOUT_PLACES places. Then,
# against that one server, all with the same wrk -t/-c:
#   1. floor: wrk on GET /health for HEALTH_DURATION;
#   2. distinct: wrk with scripts/bench/bookings.lua for WRK_DURATION, every request a booking of one place, rotating
#      beneficiaries and stocks (consecutive requests on different offers), a fresh Idempotency-Key each; the
#      server's VmRSS sampled every second; every answer must be 201;
#   3. contention: the same for CONTENTION_DURATION, every request on the one popular stock; every answer 201;
#   4. sold-out: every request on the SOLDOUT_PLACES-place stock for SOLDOUT_DURATION: exactly SOLDOUT_PLACES x 201,
#      every other answer 409 sold-out (how fast a refusal comes back);
#   5. `passerelle pass audit` must find the ledger sound; each stock's booked count in the database must equal its
#      201s (plus at most the requests wrk left unanswered at its deadline, which the server may have finished);
#   6. SIGTERM, which must end the server with status 0 within 10 s;
#   7. on PostgreSQL, the database's floor: the same statements a booking sends, from pgbench (booking_floor.pgbench).
# Prints one summary block. Exits non-zero if a request failed where none may, a count is off, the audit fails or
# the server did not stop cleanly; missing the target is reported, not an error. The machine's cores are shared by
# the server, the database and wrk: the summary says how many there are and the load before the run.
#
# Environment: STOCKS (2000), OFFERS (200), PLACES (1000), PRICE_CENTS (10), BENEFICIARIES (200), POPULAR_PLACES
# (1000000), SOLDOUT_PLACES (100), WRK_THREADS (2), WRK_CONNECTIONS (16), WRK_DURATION (20s), CONTENTION_DURATION
# (10s), SOLDOUT_DURATION (5s), WRK_TIMEOUT (10s), HEALTH_DURATION (5s), WEBHOOK=1 subscribes the institution to
# booking notifications (each booking then writes its outbox event too; delivery stays off), LOG_LEVEL (the server's; default info, as
# shipped: one log line per request), KEEP=1 keeps the temporary directory (database, server log, wrk outputs) and
# the PostgreSQL database.
# Needs wrk (Debian package `wrk`; installed with apt-get when missing and root), python3, curl, and psql for --postgres.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

say() { printf 'bookings.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

binary=${1:-}
[ -n "$binary" ] || die "usage: scripts/bench/bookings.sh BINARY [--postgres URL]"
shift
postgres=""
while (($#)); do
    case "$1" in
        --postgres) postgres=${2:-}; [ -n "$postgres" ] || die "--postgres needs a URL"; shift 2 ;;
        *) die "unknown argument $1 (usage: scripts/bench/bookings.sh BINARY [--postgres URL])" ;;
    esac
done
[ -x "$binary" ] || die "no executable at $binary"
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")

stocks=${STOCKS:-2000}
offers=${OFFERS:-200}
places=${PLACES:-1000}
price=${PRICE_CENTS:-10}
beneficiaries=${BENEFICIARIES:-200}
popular_places=${POPULAR_PLACES:-1000000}
soldout_places=${SOLDOUT_PLACES:-100}
threads=${WRK_THREADS:-2}
connections=${WRK_CONNECTIONS:-16}
duration=${WRK_DURATION:-20s}
contention_duration=${CONTENTION_DURATION:-10s}
soldout_duration=${SOLDOUT_DURATION:-5s}
timeout=${WRK_TIMEOUT:-10s}
health_duration=${HEALTH_DURATION:-5s}
for pair in "STOCKS=$stocks" "OFFERS=$offers" "PLACES=$places" "PRICE_CENTS=$price" "BENEFICIARIES=$beneficiaries" \
            "POPULAR_PLACES=$popular_places" "SOLDOUT_PLACES=$soldout_places"; do
    [[ "${pair#*=}" =~ ^[0-9]+$ ]] && ((${pair#*=} >= 1)) || die "${pair%%=*} must be a positive integer"
done
((stocks % offers == 0 && stocks / offers <= 2000)) || die "STOCKS must be a multiple of OFFERS, at most 2000 stocks per offer"

if ! command -v wrk >/dev/null; then
    [ "$(id -u)" = 0 ] || die "wrk is missing (apt-get install -y wrk)"
    say "installing wrk"
    apt-get install -y wrk >&2 || { apt-get update >&2 && apt-get install -y wrk >&2; }
fi
command -v python3 >/dev/null || die "python3 is missing"
command -v curl >/dev/null || die "curl is missing"
[ -z "$postgres" ] || command -v psql >/dev/null || die "psql is missing (apt-get install -y postgresql-client)"

work=$(mktemp -d -t passerelle-bookings.XXXXXX)
pid=""
sampler=""
pg_database=""
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
    if [ "${KEEP:-}" = 1 ]; then
        say "kept $work${pg_database:+ and database $pg_database}"
    else
        [ -z "$pg_database" ] || psql -X -q "$postgres" -c "DROP DATABASE IF EXISTS \"$pg_database\"" >/dev/null 2>&1 \
            || say "could not drop database $pg_database"
        rm -rf "$work"
    fi
}
trap cleanup EXIT

if [ -n "$postgres" ]; then
    pg_database=bench_book_$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
    psql -X -q -v ON_ERROR_STOP=1 "$postgres" -c "CREATE DATABASE \"$pg_database\"" >/dev/null \
        || { pg_database=""; die "could not create a database on the PostgreSQL server (the role needs CREATEDB)"; }
    db=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' \
        "$postgres" "$pg_database")
    engine="PostgreSQL ($pg_database)"
else
    db=$work/bench.sqlite
    engine="SQLite ($db)"
fi

export PASSERELLE_PASS_POLICY=$repo/config/pass-policy.json
export PASSERELLE_PASS_BOOKING_LIMIT=1000000/1m
export PASSERELLE_WEBHOOKS=off
# The server and the CLI run in the temporary directory (no `.env` of the checkout) without PORT/HOST/DATABASE_URL.
run_cli() { (cd "$work" && env -u PORT -u HOST -u DATABASE_URL "$binary" "$@"); }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }
field() { # field NAME FILE: value of NAME=… on the BOOKINGS line
    awk -v name="$1" '$1 == "BOOKINGS" { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) value = kv[2] } }
        END { print value }' "$2"
}
sql() { # sql QUERY: one value per line (tab-separated columns)
    if [ -n "$postgres" ]; then
        psql -X -q -At -F $'\t' -v ON_ERROR_STOP=1 "$db" -c "$1"
    else
        python3 - "$db" "$1" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=30)
for row in db.execute(sys.argv[2]):
    print("\t".join("" if v is None else str(v) for v in row))
EOF
    fi
}

started_at=$(date +%s)
run_cli institution create "Bench theatre" --database "$db" >"$work/create.out" 2>"$work/create.err" \
    || { cat "$work/create.err" >&2; die "institution create failed"; }
key=$(tail -n 1 "$work/create.out")
[[ "$key" == psl_* ]] || die "no API key on the last line of institution create's output"

say "creating $beneficiaries beneficiaries (the first alone, then two at a time)"
mkdir -p "$work/tokens"
export work binary db
# The first alone: on PostgreSQL two first grants at once race on the State's funding account (a duplicate key).
create_one() { (cd "$work" && env -u PORT -u HOST -u DATABASE_URL "$binary" pass beneficiary create "bench-$1@bench.example.org" \
    --birthdate 2008-01-01 --database "$db" >"$work/tokens/$1.out" 2>&1) || { cat "$work/tokens/$1.out" >&2; die "pass beneficiary create failed"; }; }
create_one 1
seq 2 "$beneficiaries" | xargs -P2 -I{} sh -c \
    'cd "$work" && env -u PORT -u HOST -u DATABASE_URL "$binary" pass beneficiary create "bench-{}@bench.example.org" \
         --birthdate 2008-01-01 --database "$db" >"$work/tokens/{}.out" 2>&1 || { cat "$work/tokens/{}.out" >&2; exit 255; }' \
    || die "pass beneficiary create failed"
for f in "$work"/tokens/*.out; do tail -n 1 "$f"; done >"$work/tokens.txt"
[ "$(grep -c '^pss_' "$work/tokens.txt")" = "$beneficiaries" ] || die "not every beneficiary printed a session token"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
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
if [ "${WEBHOOK:-0}" = 1 ]; then
    # Subscribed: every booking also writes its booking.created event in the outbox, in its own transaction.
    # PASSERELLE_WEBHOOKS=off (below) keeps them there, so the figures are the booking with its event written,
    # not the delivery (192.0.2.1 is a documentation address, RFC 5737: public, never routed).
    curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $key" -H "Content-Type: application/json" \
        -d '{"url": "https://192.0.2.1/bench"}' "$base/api/v1/webhook" || die "the webhook subscription failed"
fi

# The catalogue: a venue, then the listings through the provider API (50 a request); stock ids interleaved across
# offers (line k holds stock k div OFFERS of offer k mod OFFERS), so consecutive lines are on different offers.
say "creating $stocks stocks on $offers offers, a popular stock and a $soldout_places-place one"
python3 - "$base" "$key" "$work" "$stocks" "$offers" "$places" "$price" "$popular_places" "$soldout_places" <<'EOF' \
    || die "seeding the catalogue failed"
import json, sys, urllib.request
base, key, work = sys.argv[1:4]
stocks, offers, places, price, popular, soldout = map(int, sys.argv[4:10])

def post(path, body):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())

venue = post("/api/v1/venues", {"name": "Salle Bench", "kind": "theatre", "communeCode": "75056", "address": {"city": "Paris"}})["id"]
def listing(name, count, quantity):
    return {"providerID": name,
            "offer": {"title": {"fr": "Bench " + name}, "categoryID": "live-performance.theatre", "access": "on-site", "venueID": venue},
            "stocks": [{"providerID": f"{name}-s{j}", "beginsAt": "2027-06-01T20:00:00Z", "quantity": quantity, "priceCents": price}
                       for j in range(count)]}
listings = [listing(f"offer-{i}", stocks // offers, places) for i in range(offers)]
listings += [listing("popular", 1, popular), listing("soldout", 1, soldout)]
ids = []
for start in range(0, len(listings), 50):
    answer = post("/api/v1/provider/listings", {"items": listings[start:start + 50]})
    for result in answer["results"]:
        if result["outcome"] != "created" or any(s["outcome"] != "created" for s in result["stocks"]):
            sys.exit(f"listing {result.get('providerID')} was {result['outcome']}: {result.get('errors')}")
        ids.append([s["id"] for s in result["stocks"]])
per_offer = stocks // offers
with open(f"{work}/stocks.txt", "w") as f:
    for j in range(per_offer):
        for i in range(offers):
            f.write(ids[i][j] + "\n")
with open(f"{work}/popular.txt", "w") as f:
    f.write(ids[offers][0] + "\n")
with open(f"{work}/soldout.txt", "w") as f:
    f.write(ids[offers + 1][0] + "\n")
EOF
popular=$(cat "$work/popular.txt")
soldout=$(cat "$work/soldout.txt")
[ "$(wc -l <"$work/stocks.txt")" = "$stocks" ] || die "stocks.txt does not hold $stocks stock ids"

# A first booking by hand: the route, the token and the body are right before wrk hammers them.
probe_status=$(curl -sS -o "$work/probe.json" -w '%{http_code}' -X POST "$base/api/v1/bookings" \
    -H "Authorization: Bearer $(head -n 1 "$work/tokens.txt")" -H "Idempotency-Key: probe-$(date +%s%N)" \
    -H "Content-Type: application/json" -d "{\"stockID\":\"$(head -n 1 "$work/stocks.txt")\",\"quantity\":1}")
[ "$probe_status" = 201 ] || die "the probe booking answered $probe_status: $(cat "$work/probe.json")"
seeded_seconds=$(($(date +%s) - started_at))
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# 1. The floor: a bare route, same threads and connections.
wrk -t"$threads" -c"$connections" -d"$health_duration" --latency "$base/health" >"$work/health.txt"
health_rps=$(awk '/^Requests\/sec:/ { print $2 }' "$work/health.txt")
health_p50=$(awk '$1 == "50%" { print $2 }' "$work/health.txt")
health_p99=$(awk '$1 == "99%" { print $2 }' "$work/health.txt")
health_bad=$(awk '/^  Non-2xx or 3xx responses:/ { print $NF }' "$work/health.txt")
health_socket=$(awk '/^  Socket errors:/ { n = 0; for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i; print n }' "$work/health.txt")
health_bad=${health_bad:-0}
health_socket=${health_socket:-0}

book() { # book NAME DURATION [VAR=VALUE…]: one wrk run of bookings.lua into $work/NAME.txt
    local name=$1 length=$2
    shift 2
    env TOKENS_FILE="$work/tokens.txt" "$@" wrk -t"$threads" -c"$connections" -d"$length" --timeout "$timeout" --latency \
        -s "$repo/scripts/bench/bookings.lua" "$base" >"$work/$name.txt" 2>&1 || { cat "$work/$name.txt" >&2; die "wrk failed ($name)"; }
    grep -q '^BOOKINGS ' "$work/$name.txt" || { cat "$work/$name.txt" >&2; die "wrk printed no BOOKINGS line ($name)"; }
}

# 2. Distinct stocks, with VmRSS sampled every second.
rss_before=$(rss_kb "$pid")
: >"$work/rss.txt"
(while kill -0 "$pid" 2>/dev/null; do rss_kb "$pid" >>"$work/rss.txt"; sleep 1; done) &
sampler=$!
cpu_before=$(cpu_ticks "$pid")
t0=$(date +%s.%N)
book distinct "$duration" STOCKS_FILE="$work/stocks.txt"
t1=$(date +%s.%N)
cpu_after=$(cpu_ticks "$pid")
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
sampler=""
rss_distinct=$(rss_kb "$pid")
server_cores=$(awk -v a="$cpu_before" -v b="$cpu_after" -v t="$(getconf CLK_TCK)" -v s="$t0" -v e="$t1" \
    'BEGIN { printf "%.2f", (b - a) / t / (e - s) }')
read -r rss_min rss_max rss_series < <(awk '
    { v[NR] = $1; if (NR == 1 || $1 < min) min = $1; if ($1 > max) max = $1 }
    END { s = ""; for (i = 1; i <= NR; i++) s = s (i > 1 ? "," : "") sprintf("%.0f", v[i] / 1024); print min + 0, max + 0, s }
' "$work/rss.txt")
cat "$work/distinct.txt"

# 3. Contention: every request on one popular stock.
book contention "$contention_duration" STOCK_ID="$popular"
rss_contention=$(rss_kb "$pid")
cat "$work/contention.txt"

# 4. Sold out: SOLDOUT_PLACES places, then refusals.
book soldout "$soldout_duration" STOCK_ID="$soldout" EXPECT_CODES=sold-out
rss_soldout=$(rss_kb "$pid")
cat "$work/soldout.txt"
sleep 3
rss_after=$(rss_kb "$pid")
hwm=$(hwm_kb "$pid")

# 5. The ledger and the stocks' counts (the server still runs: nothing is in flight any more).
audit_status=0
run_cli pass audit --database "$db" >"$work/audit.txt" 2>&1 || audit_status=$?
audit_line=$(tail -n 1 "$work/audit.txt")
stock_list=$(sed "s/.*/'&'/" "$work/stocks.txt" | paste -sd, -)
booked_distinct=$(sql "SELECT COALESCE(SUM(booked), 0) FROM stock_reservations WHERE stock_id IN ($stock_list)")
booked_popular=$(sql "SELECT COALESCE(SUM(booked), 0) FROM stock_reservations WHERE stock_id = '$popular'")
booked_soldout=$(sql "SELECT COALESCE(SUM(booked), 0) FROM stock_reservations WHERE stock_id = '$soldout'")
bookings_rows=$(sql "SELECT COUNT(*) FROM bookings WHERE status = 'active'")
over_capacity=$(sql "SELECT COUNT(*) FROM stock_reservations WHERE capacity IS NOT NULL AND booked > capacity")
# With WEBHOOK=1, every booking has its one booking.created event (written in the booking's transaction).
missing_events=0
[ "${WEBHOOK:-0}" = 1 ] && missing_events=$(sql "SELECT COUNT(*) FROM bookings b WHERE NOT EXISTS (SELECT 1 FROM webhook_events w WHERE w.booking_id = b.id AND w.event_type = 'booking.created')")

# 6. SIGTERM: status 0 within 10 s.
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

# 7. PostgreSQL only, the server stopped: the floor, the same statements a booking sends (booking_floor.pgbench)
#    driven by pgbench (C, libpq) with wrk's connection count for WRK_DURATION, on the same database: what the
#    database alone allows on this machine. Its bookings are the floor's own ('floor-…'); they are not audited.
floor_line="not measured (SQLite: no client/server floor; compare the /health floor)"
if [ -n "$postgres" ]; then
    pgbench_bin=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -n 1 || true)
    if [ -n "$pgbench_bin" ]; then
        sql "CREATE TABLE floor_sessions AS SELECT row_number() OVER (ORDER BY token_hash) AS n, token_hash FROM pass_sessions" >/dev/null
        sql "CREATE TABLE floor_stocks AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM stocks WHERE id IN ($stock_list)" >/dev/null
        floor_sessions=$(sql "SELECT COUNT(*) FROM floor_sessions")
        floor_status=0
        (cd "$work" && "$pgbench_bin" -n -M extended -c "$connections" -j "$threads" -T "${duration%s}" -l --log-prefix=floor \
            -D nstocks="$stocks" -D nsessions="$floor_sessions" -f "$repo/scripts/bench/booking_floor.pgbench" "$db") \
            >"$work/pgbench.txt" 2>&1 || floor_status=$?
        if ((floor_status == 0)); then
            floor_line=$(python3 - "$work" <<'PY'
import glob, sys
latencies = sorted(int(line.split()[2]) / 1000 for name in glob.glob(f"{sys.argv[1]}/floor.*") for line in open(name))
text = open(f"{sys.argv[1]}/pgbench.txt").read()
tps = next(l.split("=")[1].split()[0] for l in text.splitlines() if l.startswith("tps ="))
pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
print(f"{float(tps):.0f} bookings/s, p50 {pick(0.50):.1f} ms, p99 {pick(0.99):.1f} ms ({len(latencies)} transactions; pgbench -M extended, same -c/-j, booking_floor.pgbench)")
PY
)
        else
            floor_line="pgbench failed (exit $floor_status): $(tail -n 3 "$work/pgbench.txt" | tr '\n' ' ')"
        fi
    else
        floor_line="not measured: pgbench not found (Debian package postgresql)"
    fi
fi

# The figures and the checks.
failures=()
declare -A created unanswered
for run in distinct contention soldout; do
    f=$work/$run.txt
    created[$run]=$(field created "$f")
    unanswered[$run]=$(($(field sent_requests "$f") - $(field answered "$f")))
    ((unanswered[$run] >= 0)) || unanswered[$run]=0
    socket=$(field socket_errors "$f")
    unexpected=$(field unexpected "$f")
    ((unexpected == 0)) || failures+=("$run: $unexpected unexpected answers ($(field codes "$f"))")
    ((socket == 0)) || failures+=("$run: $socket socket errors (connect/read/write/timeout)")
done
((${created[soldout]} == soldout_places)) || failures+=("sold-out: ${created[soldout]} x 201 on a $soldout_places-place stock")
((booked_soldout == soldout_places)) || failures+=("sold-out: the database says $booked_soldout booked of $soldout_places")
# The probe booked one place of the distinct stocks; wrk abandons the requests in flight at its deadline (the server
# may still finish them, as it may the script check wrk sends first).
extra_distinct=$((booked_distinct - created[distinct] - 1))
((extra_distinct >= 0 && extra_distinct <= unanswered[distinct])) \
    || failures+=("distinct: the database says $booked_distinct booked, wrk got ${created[distinct]} x 201 (+1 probe, ${unanswered[distinct]} unanswered)")
extra_popular=$((booked_popular - created[contention]))
((extra_popular >= 0 && extra_popular <= unanswered[contention])) \
    || failures+=("contention: the database says $booked_popular booked, wrk got ${created[contention]} x 201 (${unanswered[contention]} unanswered)")
((over_capacity == 0)) || failures+=("$over_capacity stocks booked past their places")
((missing_events == 0)) || failures+=("$missing_events bookings without their booking.created outbox event")
((audit_status == 0)) || failures+=("pass audit exited $audit_status: $audit_line")
((health_bad == 0 && health_socket == 0)) || failures+=("GET /health: $health_bad non-2xx, $health_socket socket errors")
[ "$server_status" = 0 ] || failures+=("the server's exit after SIGTERM: $server_status (in $stop_seconds s)")

bps=$(field bookings_per_s "$work/distinct.txt")
p99=$(field p99_ms "$work/distinct.txt")
verdict=$(awk -v b="$bps" -v p="$p99" 'BEGIN { print (b >= 500 && p < 50 ? "met" : "NOT met") }')
((${#failures[@]} == 0)) || verdict="void (see FAILED below)"
line() { # line RUN: bookings/s, p50, p99, statuses
    local f=$work/$1.txt
    printf '%s/s (%s requests/s), p50 %s ms, p90 %s ms, p99 %s ms, max %s ms; %s x 201, non-2xx %s (%s), %s unanswered at the deadline' \
        "$(printf '%.0f' "$(field bookings_per_s "$f")")" "$(printf '%.0f' "$(field requests_per_s "$f")")" \
        "$(field p50_ms "$f")" "$(field p90_ms "$f")" "$(field p99_ms "$f")" "$(field max_ms "$f")" \
        "$(field created "$f")" "$(field non2xx "$f")" "$(field codes "$f")" "${unanswered[$1]}"
}
soldout_refused=$(field refused "$work/soldout.txt")
soldout_seconds=$(field duration_s "$work/soldout.txt")

cat <<EOF

== Culture-pass bookings over HTTP (scripts/bench/bookings.sh) ==
engine            $engine; $(nproc) cores shared by the server, the database and wrk; load before $load_before
notifications     $( [ "${WEBHOOK:-0}" = 1 ] && echo "subscribed: each booking writes its outbox event (delivery off)" || echo "none subscribed (WEBHOOK=1 to write an outbox event with each booking)")
run               wrk -t$threads -c$connections --timeout $timeout, $base; PASSERELLE_PASS_BOOKING_LIMIT=$PASSERELLE_PASS_BOOKING_LIMIT, LOG_LEVEL=${LOG_LEVEL:-info}
seeded            $beneficiaries beneficiaries (150 € each), $stocks stocks x $places places on $offers offers at $price cents, in ${seeded_seconds} s
distinct          $(line distinct)   [$duration]
  target          >= 500 bookings/s with p99 < 50 ms: $verdict
contention        $(line contention)   [$contention_duration, one stock of $popular_places places]
sold-out          $(line soldout)   [$soldout_duration, one stock of $soldout_places places]
  refusals        $soldout_refused x 409 sold-out, $(awk -v n="$soldout_refused" -v s="$soldout_seconds" 'BEGIN { printf "%.0f", n / s }')/s
floor database    $floor_line
floor /health     $(printf '%.0f' "$health_rps") requests/s, p50 $health_p50, p99 $health_p99, same -t/-c, ${health_duration}
server RSS (MB)   start $(mb "$rss_start"), before $(mb "$rss_before"), distinct min $(mb "$rss_min") / max $(mb "$rss_max"), after distinct $(mb "$rss_distinct"), after contention $(mb "$rss_contention"), after sold-out $(mb "$rss_soldout"), 3 s after $(mb "$rss_after"); VmHWM $(mb "$hwm")
  every second    $rss_series
server CPU        $server_cores cores busy on average during the distinct run
database          booked: distinct $booked_distinct (= ${created[distinct]} x 201 + 1 probe + $extra_distinct finished after wrk's deadline), popular $booked_popular, sold-out $booked_soldout; $bookings_rows active bookings; $over_capacity over capacity; $missing_events without their outbox event
audit             $audit_line (exit $audit_status)
shutdown          SIGTERM -> status $server_status in $stop_seconds s (pid $pid_stopped)
EOF

if ((${#failures[@]})); then
    printf 'FAILED: %s\n' "${failures[@]}"
    exit 1
fi
echo "OK"
