#!/usr/bin/env bash
# Measures the three upstream-client designs (see ClientChoice.java) beside NGINX in one run of the
# shared harness, S1 and S2. ~4 min. Result table: docs/BENCHMARKS.md "Upstream client choice".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../lib/env.sh"
source "$SLUICE_ROOT/scripts/lib/build.sh"
BENCH=${SLUICE_BENCH_DIR:-$SLUICE_ROOT/../shared/bench}
ensure_built
SRC="$SLUICE_ROOT/scripts/benchmarks/client-choice/ClientChoice.java"
CP="$SLUICE_ROOT/server/target/lib/*"
J="$JAVA_HOME/bin/java -Xms1g -Xmx1g -XX:+UseG1GC -cp '$CP' $SRC"
cd "$BENCH"
exec ./run.sh --scenarios "${SCENARIOS:-S1 S2}" "$@" \
  --start "jetty-client=$J jetty 9211 9001" jetty-client=http://127.0.0.1:9211 \
  --start "jdk-client=$J jdk 9212 9001" jdk-client=http://127.0.0.1:9212 \
  --start "socket-client=$J socket 9213 9001" socket-client=http://127.0.0.1:9213 nginx
