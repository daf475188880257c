#!/usr/bin/env bash
# Renders a PNG of each main view of the monitor into docs/images (or DIR): starts the demo cluster
# (scripts/demo.sh), sends light steady traffic through all three nodes (some of it failing, so the
# error charts and the failed traces have something to show), runs the monitor headlessly (JavaFX's
# headless platform: no display, no GTK needed) as the demo operator, and stops everything it
# started, by PID. Usage: scripts/monitor-snapshots.sh [DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
source "$SLUICE_ROOT/scripts/lib/build.sh"

OUT=$(realpath -m "${1:-$SLUICE_ROOT/docs/images}")
LOGS="$SLUICE_ROOT/var/monitor-snapshots"
mkdir -p "$LOGS" "$OUT"
ensure_built
ensure_monitor_built

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$SLUICE_ROOT/scripts/demo.sh" >"$LOGS/demo.log" 2>&1 & PIDS+=($!)
for _ in $(seq 1 1200); do
  grep -q '^Try: ' "$LOGS/demo.log" 2>/dev/null && break
  kill -0 "${PIDS[0]}" 2>/dev/null || { echo "monitor-snapshots: the demo stopped; its output:" >&2; cat "$LOGS/demo.log" >&2; exit 1; }
  sleep 0.1
done
grep -q '^Try: ' "$LOGS/demo.log" || { echo "monitor-snapshots: the demo did not come up in 120 s" >&2; exit 1; }

traffic() {  # ~60 requests/s over the three nodes for at most 3 minutes; a few slow, a few failing
  local end=$((SECONDS + 180)) n=0
  while [ $SECONDS -lt $end ]; do
    n=$((n + 1))
    for port in 18080 18090 18100; do
      curl -s -m 3 -o /dev/null "http://127.0.0.1:$port/api/small" &
    done
    curl -s -m 3 -o /dev/null "http://127.0.0.1:18090/shop/small" &
    [ $((n % 5)) = 0 ] && curl -s -m 3 -o /dev/null "http://127.0.0.1:18100/api/delay?ms=$((20 + n % 80))" &
    [ $((n % 7)) = 0 ] && curl -s -m 3 -o /dev/null "http://127.0.0.1:18080/broken" &
    [ $((n % 11)) = 0 ] && curl -s -m 3 -o /dev/null "http://127.0.0.1:18090/limited/small" &
    wait
    sleep 0.05
  done
}
traffic & PIDS+=($!)

CERTS="$SLUICE_ROOT/var/demo/certs"
java ${SLUICE_MONITOR_OPTS:--Xmx512m} --enable-native-access=ALL-UNNAMED -cp "$(monitor_classpath)" io.sluice.monitor.app.Main \
  --name demo --admin "https://127.0.0.1:${SLUICE_DEMO_ADMIN_PORT:-19080}" \
  --cert "$CERTS/operator.pem" --key "$CERTS/operator.key" --ca "$CERTS/ca-bundle.pem" --snapshots "$OUT"
echo "monitor-snapshots: pictures in $OUT"
