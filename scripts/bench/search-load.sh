#!/usr/bin/env bash
# Search under HTTP load from outside the server (wrk), and whether a bare route stalls meanwhile.
#
#   scripts/bench/search-load.sh DATABASE [PASSERELLE_BINARY]   # default binary .build-release/release/passerelle
#
# DATABASE is a catalogue with its search index, e.g. the one `passerelle bench search --offers N --keep FILE`
# leaves. Against one `passerelle serve` on it:
#   1. GET /health alone (WRK_DURATION): the floor;
#   2. scripts/bench/search.lua (eight search shapes in turn) with WRK_CONNECTIONS connections, and at the same time
#      GET /health with 4 connections: search throughput and latency, and /health's p99 while searches run.
# Environment: WRK_THREADS (1), WRK_CONNECTIONS (16), WRK_DURATION (15s), LOG_LEVEL (warning).
set -euo pipefail
cd "$(dirname "$0")/../.."
database=${1:?usage: scripts/bench/search-load.sh DATABASE [BINARY]}
binary=${2:-.build-release/release/passerelle}
threads=${WRK_THREADS:-1}
connections=${WRK_CONNECTIONS:-16}
duration=${WRK_DURATION:-15s}
command -v wrk > /dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk > /dev/null; } || { echo "search-load.sh: needs wrk" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
LOG_LEVEL=${LOG_LEVEL:-warning} "$binary" serve --database "$database" --port "$port" > "$log" 2>&1 &
server=$!
trap 'kill "$server" 2> /dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
echo "== floor: GET /health alone"
wrk -t"$threads" -c4 -d"$duration" --latency "$base/health" | grep -E "Requests/sec|  50%|  99%"
echo "== search ($connections connections) and GET /health (4 connections) at the same time"
wrk -t"$threads" -c4 -d"$duration" --latency "$base/health" > "$log.health" &
health=$!
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s scripts/bench/search.lua "$base" | grep -E "^search:"
wait "$health"
echo "/health meanwhile:"; grep -E "Requests/sec|  50%|  99%" "$log.health"
rm -f "$log.health"
