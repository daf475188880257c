#!/usr/bin/env bash
# Certificate rotation under load: starts the three-node demo cluster, loads every node's TLS
# listener with h2load (h2, TLS 1.3) and wrk (HTTP/1.1 over TLS) for --duration seconds, and while
# that runs rotates every certificate: all node and operator certificates (scripts/rotate-certs.sh),
# then with --ca the CA itself in its three phases (scripts/rotate-ca.sh). Prints what each load
# tool counted (failed/errored requests, socket errors, non-2xx answers) and exits 1 unless all of
# them are 0. Bounded in time; stops everything it started, by PID.
#   scripts/benchmarks/rotation-under-load.sh [--duration SECONDS (default 20)] [--ca]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"

DURATION=20
CA=0
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift ;;
    --ca) CA=1 ;;
    *) echo "usage: $0 [--duration SECONDS] [--ca]   (unknown argument: $1)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$DURATION" =~ ^[0-9]+$ ]] && [ "$DURATION" -ge 10 ] || { echo "$0: --duration needs 10 or more seconds" >&2; exit 2; }
for tool in h2load wrk curl; do
  command -v "$tool" >/dev/null || { echo "$0: needs $tool (apt-get install nghttp2-client wrk curl)" >&2; exit 1; }
done

VAR="$SLUICE_ROOT/var/demo"
OUT="$SLUICE_ROOT/var/rotation-under-load"
mkdir -p "$OUT"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

echo "starting the demo cluster (log: $OUT/demo.log)..."
"$SLUICE_ROOT/scripts/demo.sh" >"$OUT/demo.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 240); do
  grep -q '^Try:' "$OUT/demo.log" 2>/dev/null && break
  kill -0 "${PIDS[0]}" 2>/dev/null || { echo "the demo stopped; its log:" >&2; tail -30 "$OUT/demo.log" >&2; exit 1; }
  sleep 0.5
done
grep -q '^Try:' "$OUT/demo.log" || { echo "the demo did not come up in 120 s" >&2; exit 1; }

CHECK="node-1=127.0.0.1:19080,node-2=127.0.0.1:19081,node-3=127.0.0.1:19082"
echo "load for ${DURATION}s: h2load on node-1 and node-3 (h2), wrk on node-2 (HTTP/1.1), all over TLS"
h2load -D "$DURATION" -c 16 -m 8 -t 1 "https://localhost:18443/api/small" >"$OUT/h2load-node-1.txt" 2>&1 &
PIDS+=($!); H2A=$!
h2load -D "$DURATION" -c 16 -m 8 -t 1 "https://localhost:18463/api/small" >"$OUT/h2load-node-3.txt" 2>&1 &
PIDS+=($!); H2B=$!
wrk -t 1 -c 32 -d "${DURATION}s" "https://localhost:18453/api/small" >"$OUT/wrk-node-2.txt" 2>&1 &
PIDS+=($!); WRK=$!

# h2load and wrk keep their connections, so they handshake once; this loop opens a new TLS
# connection for every request (trusting ca-bundle.pem as it is at that moment), so that
# handshakes happen throughout the rotation.
: >"$OUT/handshakes.txt"
rm -f "$OUT/stop-handshakes"
(
  n=0
  while [ ! -f "$OUT/stop-handshakes" ]; do
    port=$((18443 + 10 * (n % 3)))
    code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' --cacert "$VAR/certs/ca-bundle.pem" "https://localhost:$port/api/small" 2>&1) || true
    echo "$port $code" >>"$OUT/handshakes.txt"
    n=$((n + 1))
  done
) &
PIDS+=($!); LOOP=$!

sleep 3
echo "rotating every node and operator certificate..."
"$SLUICE_ROOT/scripts/rotate-certs.sh" --dir "$VAR/certs" --check "$CHECK" | tee "$OUT/rotate-certs.txt"
if [ "$CA" = 1 ]; then
  for phase in phase1 phase2 phase3; do
    sleep 2
    echo "CA rotation $phase..."
    "$SLUICE_ROOT/scripts/rotate-ca.sh" --dir "$VAR/certs" "$phase" --check "$CHECK" | tee "$OUT/rotate-ca-$phase.txt"
  done
fi
wait "$H2A" "$H2B" "$WRK" || true
touch "$OUT/stop-handshakes"
wait "$LOOP" || true

status=0
report() {  # report NAME FILE
  local name=$1 file=$2
  if [[ "$name" == h2load* ]]; then
    local line codes
    line=$(grep -E '^requests:' "$file" || echo "requests: (no summary)")
    codes=$(grep -E '^status codes:' "$file" || echo "status codes: (none)")
    printf '  %-15s %s\n  %-15s %s\n' "$name" "$line" "" "$codes"
    local failed errored timeout non2xx
    failed=$(echo "$line" | grep -oE '[0-9]+ failed' | cut -d' ' -f1)
    errored=$(echo "$line" | grep -oE '[0-9]+ errored' | cut -d' ' -f1)
    timeout=$(echo "$line" | grep -oE '[0-9]+ timeout' | cut -d' ' -f1)
    non2xx=$(echo "$codes" | grep -oE '[0-9]+ (3|4|5)xx' | awk '{s+=$1} END {print s+0}')
    [ "${failed:-1}" = 0 ] && [ "${errored:-1}" = 0 ] && [ "${timeout:-1}" = 0 ] && [ "$non2xx" = 0 ] || status=1
  else
    local total errors non2xx
    total=$(grep -E 'requests in' "$file" | sed 's/^ *//' || true)
    errors=$(grep -E 'Socket errors' "$file" | sed 's/^ *//' || echo "Socket errors: none")
    non2xx=$(grep -E 'Non-2xx' "$file" | sed 's/^ *//' || echo "Non-2xx or 3xx responses: 0")
    printf '  %-15s %s; %s; %s\n' "$name" "$total" "$errors" "$non2xx"
    [ "$errors" = "Socket errors: none" ] && [ "$non2xx" = "Non-2xx or 3xx responses: 0" ] || status=1
  fi
}
echo
echo "Load during the rotation (raw output in $OUT):"
report "h2load node-1" "$OUT/h2load-node-1.txt"
report "h2load node-3" "$OUT/h2load-node-3.txt"
report "wrk node-2" "$OUT/wrk-node-2.txt"
total=$(wc -l <"$OUT/handshakes.txt")
bad=$(awk '$2 != "200"' "$OUT/handshakes.txt" | wc -l)
printf '  %-15s %d requests on a new TLS connection each, %d failed\n' "curl loop" "$total" "$bad"
[ "$bad" = 0 ] && [ "$total" -gt 0 ] || status=1
echo
[ "$status" = 0 ] && echo "rotation under load: 0 failed requests, 0 socket errors" || echo "rotation under load: FAILURES (see above)" >&2
exit "$status"
