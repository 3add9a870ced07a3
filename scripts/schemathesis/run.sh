#!/usr/bin/env bash
# Bounded schemathesis run against a throwaway Passerelle server on 127.0.0.1, for CI.
#
#   scripts/schemathesis/run.sh [path/to/passerelle]      # default: .build/debug/passerelle
#
# What it does:
#   1. copies the executable into a temporary folder (the original may be relinked while this runs);
#   2. installs schemathesis (scripts/schemathesis/requirements.txt, PyPI only) into the git-ignored
#      .venv-schemathesis/ at the repository root, once (again when requirements.txt changes);
#   3. serves a fresh SQLite database on a free loopback port, waits for GET /ready = 200, creates an
#      institution with `passerelle institution create` to get an API key, and stores one venue, work, offer
#      and stock under fixed ids (st-venue, st-work, st-offer, st-stock) that schemathesis.toml hands to the
#      generator;
#   4. runs `st run --checks all` against /openapi.json: without credentials, then with the key as
#      `Authorization: Bearer …` (all but the two operations that revoke or rotate keys), then — when the
#      document has `keys` operations — those operations alone with a second institution's key (see below why).
#      Every request is bounded to 127.0.0.1 (--url, no redirects, and the loopback_only.py hooks refuse any
#      other host); each run has a timeout guard (SCHEMATHESIS_RUN_TIMEOUT);
#   5. stops the server (trap), prints one closing line ("schemathesis: N passed, N failed, N skipped", counted
#      per operation and run from the JUnit reports), and exits non-zero when any run found a failure.
#
# Knobs (environment):
#   SCHEMATHESIS_MAX_EXAMPLES  test cases per operation and phase (default 50)
#   SCHEMATHESIS_SEED          default fixed, so CI is reproducible; change it to vary the inputs
#   SCHEMATHESIS_WORKERS       1 or 2 (default 1, see below)
#   SCHEMATHESIS_RUN_TIMEOUT   seconds per run (default 240, so three runs stay under 12 minutes; a run takes
#                              20-60 s on an idle 2-core machine with the 40 operations, and went past 100 s when
#                              the machine was loaded with two builds)
#   SCHEMATHESIS_REPORT_DIR    JUnit XML and the server's log (default .build/schemathesis-report)
#   SCHEMATHESIS_KEEP_TMP=1    keeps the temporary folder (database, logs, schemathesis' crash store)
#
# Documented exceptions (a check turned off or widened for an operation) live in schemathesis.toml beside this
# script, each with its reason. There are three:
#   - batchOffers (POST /api/v1/offers:batch) and recordEvents (the observatory's batch), negative_data_rejection:
#     413 also counts as a rejection. A batch
#     over maxItems (500) gets the documented 413 TooLarge, which the check's fixed list of rejection codes lacks.
#   - the same two, negative_data_rejection: 200 also counts (bad items are rejected one by one in the 200 body).
#   - every write (the observatory's beacon and batch included), positive_data_acceptance: 404, 409 and 422 also
#     count (references, ownership, cross-field rules, a beacon's institution that must exist).
# No check is turned off for any operation. Generation settings and their reasons are in schemathesis.toml too.
set -euo pipefail

started=$SECONDS
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/scripts/schemathesis"

binary="${1:-$root/.build/debug/passerelle}"
if [[ ! -x "$binary" ]]; then
    echo "schemathesis: no executable at $binary (build it with 'swift build' first)" >&2
    exit 2
fi

max_examples="${SCHEMATHESIS_MAX_EXAMPLES:-50}"
seed="${SCHEMATHESIS_SEED:-20251201}"
# One worker by default: with two, hypothesis (inside schemathesis) may call ast.parse from two threads at once,
# and the CPython here (3.11.7) then sometimes fails with "SystemError: AST constructor recursion depth mismatch"
# (a CPython thread-safety bug of older 3.11/3.12 patch releases), which schemathesis reports as an error of
# whichever API operation it was generating for. Seen once in a run with two workers; one worker costs ~10 s.
workers="${SCHEMATHESIS_WORKERS:-1}"
run_timeout="${SCHEMATHESIS_RUN_TIMEOUT:-240}"
report_dir="${SCHEMATHESIS_REPORT_DIR:-$root/.build/schemathesis-report}"
if [[ "$workers" != 1 && "$workers" != 2 ]]; then
    echo "schemathesis: SCHEMATHESIS_WORKERS must be 1 or 2 (the machine has 2 cores), got '$workers'" >&2
    exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/passerelle-schemathesis.XXXXXX")"
server_pid=""
cleanup() {
    local status=$?
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [[ -f "$work/server.log" ]]; then
        mkdir -p "$report_dir" && cp "$work/server.log" "$report_dir/server.log" 2>/dev/null || true
    fi
    if [[ "${SCHEMATHESIS_KEEP_TMP:-}" == 1 ]]; then
        echo "schemathesis: kept $work" >&2
    else
        rm -rf "$work"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. A private copy of the executable, run from the temporary folder (so no .env of the work tree is read).
cp "$binary" "$work/passerelle"
chmod +x "$work/passerelle"

# 2. schemathesis in its own venv, reinstalled only when the pinned requirements change.
venv="$root/.venv-schemathesis"
requirements="$here/requirements.txt"
stamp="$venv/.requirements.sha256"
wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/st" || ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
    echo "schemathesis: installing $(grep -v '^#' "$requirements" | tr '\n' ' ')into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    echo "$wanted" >"$stamp"
fi

# 3. The server, on a free loopback port, with a fresh database (bcrypt at its lowest allowed cost, 10: sign-ups and
#    sign-ins are a few hundred requests, and the check is what they answer, not how slowly; and limits no run
#    reaches, since every request comes from one address: else most answers would be 429 and the logic behind them
#    untested. The limits themselves are tested in PassAccountAPITests).
port="$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
base="http://127.0.0.1:$port"
database="$work/st.sqlite"
(cd "$work" && PASSERELLE_PASS_POLICY="$root/config/pass-policy.json" PASSERELLE_PASS_BCRYPT_COST=10 \
    PASSERELLE_PASS_SIGNUP_LIMIT=100000/1h PASSERELLE_PASS_LOGIN_LIMIT=100000/15m PASSERELLE_PASS_LOGIN_ADDRESS_LIMIT=100000/15m exec ./passerelle serve --host 127.0.0.1 --port "$port" --database "$database" --log-level warning) \
    >"$work/server.log" 2>&1 &
server_pid=$!

ready=""
for _ in $(seq 1 120); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "schemathesis: the server exited before it was ready; its log:" >&2
        cat "$work/server.log" >&2
        exit 1
    fi
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/ready" || true)" == 200 ]]; then
        ready=yes
        break
    fi
    sleep 0.5
done
if [[ -z "$ready" ]]; then
    echo "schemathesis: GET $base/ready was not 200 within 60 s; the server's log:" >&2
    cat "$work/server.log" >&2
    exit 1
fi

key="$(cd "$work" && ./passerelle institution create "Schemathesis Test" --database "$database" 2>"$work/institution.log" | tail -n 1)"
if [[ ! "$key" =~ ^psl_[A-Za-z0-9]{8}_[^[:space:]]+$ ]]; then
    echo "schemathesis: 'passerelle institution create' printed no API key; its log:" >&2
    cat "$work/institution.log" >&2
    exit 1
fi
# Known records, whose ids schemathesis.toml hands to the generator (so lists have items and item reads 200).
seed_record() {
    local method=$1 path=$2 body=$3 code
    code="$(curl -s -o "$work/seed.out" -w '%{http_code}' --max-time 10 -X "$method" "$base$path" \
        -H "Authorization: Bearer $key" -H 'Content-Type: application/json' --data-binary "$body" || true)"
    if [[ "$code" != 201 ]]; then
        echo "schemathesis: seeding $method $path answered $code, not 201:" >&2
        cat "$work/seed.out" >&2
        echo >&2
        exit 1
    fi
}
seed_record PUT /api/v1/venues/st-venue '{"name": "Salle Schemathesis", "kind": "museum",
    "address": {"street": "1 rue de Rivoli", "postalCode": "75001", "city": "Paris"}, "communeCode": "75056",
    "departementCode": "75", "regionCode": "11", "coordinates": {"latitude": 48.86, "longitude": 2.34},
    "accessibility": [], "website": "https://example.org/", "description": {"fr": "Une salle"}}'
seed_record PUT /api/v1/works/st-work '{"title": {"fr": "Une œuvre"}, "categoryID": "live-performance.theatre",
    "creators": ["Molière"], "languages": ["fr"]}'
seed_record PUT /api/v1/offers/st-offer '{"title": {"fr": "Une représentation"}, "description": {"fr": "Au théâtre"},
    "categoryID": "live-performance.theatre", "access": "hybrid", "venueID": "st-venue", "workID": "st-work",
    "onlineURL": "https://example.org/live", "bookingURL": "https://example.org/book",
    "price": {"minCents": 0, "maxCents": 2500}, "startsAt": "2026-01-01T20:00:00Z", "endsAt": "2099-12-31T22:00:00Z",
    "languages": ["fr"]}'
seed_record POST /api/v1/offers/st-offer/stocks '{"id": "st-stock", "beginsAt": "2099-06-01T20:00:00Z", "quantity": 100,
    "priceCents": 1500, "bookingLimit": "2099-06-01T18:00:00Z"}'
echo "schemathesis: server on $base (pid $server_pid), institution and 4 records created, seed $seed, $max_examples examples per operation" >&2

# 4. The runs. Proxies are dropped so nothing leaves the machine; the hooks refuse any host but 127.0.0.1.
mkdir -p "$report_dir"
rm -f "$report_dir"/*.junit.xml
run_st() {
    local name=$1
    shift
    echo >&2
    echo "== schemathesis: $name" >&2
    local status=0
    (
        cd "$work"
        exec env -u http_proxy -u HTTP_PROXY -u https_proxy -u HTTPS_PROXY -u all_proxy -u ALL_PROXY \
            NO_PROXY=127.0.0.1 SCHEMATHESIS_HOOKS="$here/loopback_only.py" \
            timeout --signal=INT --kill-after=20 "$run_timeout" \
            "$venv/bin/st" --config-file "$here/schemathesis.toml" run "$base/openapi.json" \
            --url "$base" \
            --checks all \
            --max-examples "$max_examples" \
            --seed "$seed" \
            --workers "$workers" \
            --generation-database none \
            --max-redirects 0 \
            --request-timeout 10 \
            --report junit --report-junit-path "$report_dir/$name.junit.xml" \
            --no-color \
            "$@"
    ) || status=$?
    if [[ $status -eq 124 || $status -eq 130 || $status -eq 137 ]]; then
        echo "schemathesis: the $name run hit its ${run_timeout} s guard" >&2
    fi
    return "$status"
}

# Operations that revoke or replace an API key (DELETE /api/v1/keys/{id}, POST /api/v1/keys/{id}/rotation) would
# revoke the very key the authenticated run sends (the stateful phase finds its id in GET /api/v1/keys), and
# every later request would be a 401. So the authenticated run leaves them out, and a third run tests the `keys`
# operations, with every check, last, with a key of a second institution that nothing else uses. This is an
# ordering of the runs, not an exception: no operation goes untested and no check is turned off.
key_operations="$("$venv/bin/python" - "$base/openapi.json" <<'PY'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=10) as answer:
    document = json.load(answer)
print(sum(1 for item in document.get("paths", {}).values() for operation in item.values()
          if isinstance(operation, dict) and "keys" in operation.get("tags", [])))
PY
)"
runs=(unauthenticated authenticated)
statuses=()
status=0
run_st unauthenticated || status=$?
statuses+=("$status")
status=0
run_st authenticated -H "Authorization: Bearer $key" \
    --exclude-operation-id revokeKey --exclude-operation-id rotateKey || status=$?
statuses+=("$status")
if [[ "$key_operations" -gt 0 ]]; then
    keys_key="$(cd "$work" && ./passerelle institution create "Schemathesis Key Lifecycle" --database "$database" \
        2>>"$work/institution.log" | tail -n 1)"
    if [[ ! "$keys_key" =~ ^psl_[A-Za-z0-9]{8}_[^[:space:]]+$ ]]; then
        echo "schemathesis: the second 'passerelle institution create' printed no API key; its log:" >&2
        cat "$work/institution.log" >&2
        exit 1
    fi
    runs+=(key-lifecycle)
    status=0
    run_st key-lifecycle -H "Authorization: Bearer $keys_key" --include-tag keys || status=$?
    statuses+=("$status")
fi

# 5. One closing line, counted from the JUnit reports (one test case per operation and run).
reports=()
for name in "${runs[@]}"; do reports+=("$report_dir/$name.junit.xml"); done
summary="$("$venv/bin/python" - "${reports[@]}" <<'PY'
import sys
import xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        cases = ET.parse(path).getroot().iter("testcase")
    except (OSError, ET.ParseError):
        failed += 1  # a run that left no readable report counts as one failure
        continue
    for case in cases:
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
)" || summary="0 passed, ${#runs[@]} failed"
elapsed=$((SECONDS - started))
echo >&2
line="schemathesis runs in ${elapsed} s (exit codes):"
for i in "${!runs[@]}"; do line+=" ${runs[$i]} ${statuses[$i]}"; done
echo "$line; reports in $report_dir"
echo "schemathesis: $summary"
for status in "${statuses[@]}"; do
    [[ "$status" -eq 0 ]] || exit 1
done
# A run that exited 0 but whose report shows a failure still fails.
[[ "$summary" == *" 0 failed"* ]]
