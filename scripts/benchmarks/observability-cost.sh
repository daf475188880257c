#!/usr/bin/env bash
# What request metrics + tracing, and a running CPU profile, cost in requests/s: the shared
# harness's S1 (GET /small, 64 connections, wrk pinned) against three Sluice nodes in one run,
#   sluice-bare  node.metrics: false, node.tracing.enabled: false   (sluice-bench-bare.yaml)
#   sluice-obs   the defaults: metrics on, tracing on (1 % sampled + errors + slow)  (sluice-bench.yaml)
#   sluice-prof  sluice-obs while it records one 60 s CPU profile after another (profiled-node.sh)
# and then again in the reverse order, so drift on this shared machine hits both sides alike.
# Prints each pass's table and the ratios obs/bare and prof/obs averaged over both passes.
# About 12 minutes. REPEAT (default 3) measured runs per target and pass, median taken.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"
source "$SLUICE_ROOT/scripts/lib/build.sh"
BENCH=${SLUICE_BENCH_DIR:-$SLUICE_ROOT/../shared/bench}
[ -x "$BENCH/run.sh" ] || { echo "observability-cost: harness not found at $BENCH (set SLUICE_BENCH_DIR)" >&2; exit 1; }
ensure_built
[ -f "$BENCH/.setup-done" ] || { (cd "$BENCH" && ./setup.sh) && touch "$BENCH/.setup-done"; }
export JAVA="$JAVA_HOME/bin/java" CP SLUICE_ROOT
CP=$(server_classpath)
export SLUICE_BENCH_JVM="${SLUICE_BENCH_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch} -XX:FlightRecorderOptions:stackdepth=128"
WORK=$SLUICE_ROOT/var/bench-profiled
B=$SLUICE_ROOT/scripts/benchmarks
bare="sluice-bare=$JAVA $SLUICE_BENCH_JVM -cp '$CP' io.sluice.Main --config $B/sluice-bench-bare.yaml"
obs="sluice-obs=$JAVA $SLUICE_BENCH_JVM -cp '$CP' io.sluice.Main --config $B/sluice-bench.yaml"
prof="sluice-prof=bash $B/profiled-node.sh $WORK"
url=http://127.0.0.1:9200
out=$SLUICE_ROOT/var/observability-cost.txt
: >"$out"
pass() {  # pass NAME START... TARGET...
  echo "== pass $1" | tee -a "$out"
  shift
  (cd "$BENCH" && REPEAT=${REPEAT:-3} ./run.sh --no-baselines --scenarios S1 "$@") 2>&1 | tee -a "$out" | grep -E '^(target|sluice)'
}
pass forward --start "$bare" --start "$obs" --start "$prof" sluice-bare=$url sluice-obs=$url sluice-prof=$url
pass reverse --start "$prof" --start "$obs" --start "$bare" sluice-prof=$url sluice-obs=$url sluice-bare=$url
awk '/^sluice-(bare|obs|prof) +S1/ { rps[$1] += $3; n[$1]++ }
     END {
       for (t in rps) rps[t] /= n[t]
       printf "mean req/s over both passes: bare %.0f  obs %.0f  prof %.0f\n", rps["sluice-bare"], rps["sluice-obs"], rps["sluice-prof"]
       printf "metrics+tracing on / both off: %.3f (cost %.1f %%)\n", rps["sluice-obs"] / rps["sluice-bare"], 100 * (1 - rps["sluice-obs"] / rps["sluice-bare"])
       printf "CPU profile running / not:     %.3f (cost %.1f %%)\n", rps["sluice-prof"] / rps["sluice-obs"], 100 * (1 - rps["sluice-prof"] / rps["sluice-obs"])
     }' "$out" | tee -a "$out"
echo "full output: $out"
