#!/usr/bin/env bash
# The monitor's UI-thread stall under a trace flood: the real traces view model and view, drained
# four times a second as in the app, fed synthetic traces through the session's event path at
# 5,000/s and at 20,000/s, on JavaFX's headless platform (no display needed). Prints each run's
# summary line; the goal is a longest stall under 50 ms at 5,000 traces/s. Bounded: about 1 minute.
# Usage: scripts/benchmarks/monitor-stall.sh [SECONDS per run, default 20]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"
source "$SLUICE_ROOT/scripts/lib/build.sh"
SECONDS_PER_RUN=${1:-20}
ensure_monitor_built
for rate in 5000 20000; do
  echo "== $rate traces/s for ${SECONDS_PER_RUN} s (after 5 s warm-up)"
  java ${SLUICE_MONITOR_OPTS:--Xmx512m} --enable-native-access=ALL-UNNAMED -Dglass.platform=Headless -Dprism.order=sw \
    -cp "$(monitor_classpath)" io.sluice.monitor.bench.TraceFloodBench \
    --rate "$rate" --seconds "$SECONDS_PER_RUN" --warmup 5 2>&1 | grep -v -e '^WARNING' -e 'PlatformImpl startup' | tail -1
done
