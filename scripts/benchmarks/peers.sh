#!/usr/bin/env bash
# Runs Sluice beside NGINX, HAProxy, the Go proxy and Spring Cloud Gateway (MVC, WebFlux) in one
# run of the shared harness (../shared/bench), same upstream, same wrk/h2load load, and prints the
# table (ratios /nginx are the numbers to quote). Takes ~15 min; --quick for a shorter smoke run;
# SLUICE_PEERS="" to compare with NGINX only.
# Extra arguments go to run.sh (for example: --scenarios "S1 S2" or a subset of peers).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"
source "$SLUICE_ROOT/scripts/lib/build.sh"
BENCH=${SLUICE_BENCH_DIR:-$SLUICE_ROOT/../shared/bench}
[ -x "$BENCH/run.sh" ] || { echo "sluice bench: harness not found at $BENCH (set SLUICE_BENCH_DIR)" >&2; exit 1; }
ensure_built
[ -f "$BENCH/.setup-done" ] || { (cd "$BENCH" && ./setup.sh) && touch "$BENCH/.setup-done"; }
JVM=${SLUICE_BENCH_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch}
cd "$BENCH"
exec ./run.sh --start "sluice=$JAVA_HOME/bin/java $JVM -cp '$(server_classpath)' io.sluice.Main --config $SLUICE_ROOT/scripts/benchmarks/sluice-bench.yaml" \
  sluice=http://127.0.0.1:9200,h2c ${SLUICE_PEERS-haproxy go scg-mvc scg-webflux} "$@"
