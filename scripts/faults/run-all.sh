#!/usr/bin/env bash
# Runs Passerelle's fault-injection tests one after another against BINARY and prints their summaries.
#
#   scripts/faults/run-all.sh [BINARY]        # default: .build/debug/passerelle (copied aside before use)
#
# Needs root (a tmpfs mount; a throwaway PostgreSQL cluster run as `postgres` in /tmp/passerelle-faults-pg,
# port 55499 — never the test suite's). Each test has its own hard timeout and cleans up after itself; this
# runner adds an outer `timeout` per test as a last resort. Exit status: 0 when every test passed.
# Select tests with FAULTS="pg-outage pg-sigkill sqlite-disk-full booking-sigkill hold-sigkill" (the default: all five).
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
BINARY=${1:-$HERE/../../.build/debug/passerelle}
BINARY=$(cd "$(dirname "$BINARY")" 2>/dev/null && pwd)/$(basename "$BINARY")
TESTS=${FAULTS:-"pg-outage pg-sigkill sqlite-disk-full booking-sigkill hold-sigkill"}

declare -A SCRIPT=([pg-outage]=pg_outage.py [pg-sigkill]=pg_sigkill.py [sqlite-disk-full]=sqlite_disk_full.py
                  [booking-sigkill]=booking_sigkill.py [hold-sigkill]=hold_sigkill.py)
declare -A LIMIT=([pg-outage]=1000 [pg-sigkill]=1600 [sqlite-disk-full]=700 [booking-sigkill]=700 [hold-sigkill]=400)

status=0
summary=()
for name in $TESTS; do
    script=${SCRIPT[$name]:-}
    [ -n "$script" ] || { echo "unknown test: $name" >&2; exit 2; }
    echo "======== faults-$name ($(date -u +%H:%M:%S)) ========"
    start=$(date +%s)
    # -k: SIGKILL 30 s after the SIGTERM if the test's own clean-up hangs.
    timeout -k 30 "${LIMIT[$name]}" python3 "$HERE/$script" "$BINARY" 2>&1 | tee "/tmp/passerelle-faults-$name.log"
    rc=${PIPESTATUS[0]}
    took=$(( $(date +%s) - start ))
    line=$(grep -E "^faults-$name: " "/tmp/passerelle-faults-$name.log" | tail -n 1)
    summary+=("${line:-faults-$name: no summary (exit $rc)} [exit $rc, ${took} s]")
    [ "$rc" = 0 ] || status=1
    echo
done
echo "======== summary ========"
printf '%s\n' "${summary[@]}"
exit $status
