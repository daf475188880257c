#!/usr/bin/env bash
# Soak: one node in front of the demo upstream held at 70 % of its measured peak for MINUTES
# minutes (default 10); once a minute it records heap after a full GC, RSS, threads, open file
# descriptors and that minute's p99. Flat columns are the goal. Not part of CI. Every process is
# started and stopped here by PID; writes var/soak/soak.tsv.
# Usage: scripts/benchmarks/soak.sh [MINUTES]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"
source "$SLUICE_ROOT/scripts/lib/build.sh"
MINUTES=${1:-10}
CONNS=64
for b in wrk curl jcmd; do command -v $b >/dev/null || { echo "soak: $b missing" >&2; exit 1; }; done
ensure_built
VAR=$SLUICE_ROOT/var/soak
rm -rf "$VAR" && mkdir -p "$VAR/logs"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

CP=$(server_classpath)
java -Xms64m -Xmx256m -XX:+UseSerialGC -cp "$CP" io.sluice.demo.DemoUpstream 9401 origin >"$VAR/logs/upstream.log" 2>&1 & PIDS+=($!)
sed -e 's/port: 9200/port: 9400/' -e 's#127.0.0.1:9001#127.0.0.1:9401#' -e 's/id: bench$/id: soak/' \
  "$SLUICE_ROOT/scripts/benchmarks/sluice-bench.yaml" >"$VAR/node.yaml"
# shellcheck disable=SC2086
java ${SLUICE_SOAK_JVM_OPTS:--Xms512m -Xmx512m -XX:+UseG1GC} $SLUICE_NODE_FLAGS -cp "$CP" io.sluice.Main --config "$VAR/node.yaml" \
  >"$VAR/logs/node.log" 2>&1 & NODE=$!; PIDS+=($NODE)
wait_for_port 9401 30 && wait_for_port 9400 60 || { echo "soak: did not start (see $VAR/logs)" >&2; exit 1; }

URL="http://127.0.0.1:9400/small"
wrk -t1 -c$CONNS -d15s "$URL" >/dev/null 2>&1 || true   # JIT warm-up
PEAK=$(wrk -t1 -c$CONNS -d15s "$URL" | awk '/Requests\/sec/ {printf "%.0f", $2}')
TARGET=$((PEAK * 70 / 100))
# wrk has no rate option: each connection pauses before each request (Lua delay). A connection's
# cycle is its pause plus the request's latency, so the pause is corrected after every minute from
# the rate reached: latency = CONNS/achieved - pause, next pause = CONNS/TARGET - latency.
DELAY_MS=$(awk -v c=$CONNS -v r=$TARGET 'BEGIN {printf "%.3f", c * 1000 / r}')
pace() { printf 'function delay() return %s end\n' "$DELAY_MS" >"$VAR/pace.lua"; }
pace
echo "soak: peak $PEAK req/s (wrk -t1 -c$CONNS, 15 s); holding $TARGET req/s (70 %) for $MINUTES min"
printf 'minute\treq/s\tp99_ms\terrors\theap_after_gc_MiB\trss_MiB\tthreads\tfds\n' | tee "$VAR/soak.tsv"
for m in $(seq 1 "$MINUTES"); do
  kill -0 "$NODE" 2>/dev/null || { echo "soak: the node exited during minute $m (see $VAR/logs/node.log)" >&2; exit 1; }
  if ! out=$(wrk -t1 -c$CONNS -d60s --latency -s "$VAR/pace.lua" "$URL" 2>&1); then
    echo "soak: wrk failed in minute $m: $(tail -3 <<<"$out" | tr '\n' ' ')" >&2
  fi
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub("us","",v); v/=1000} else if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /s$/) {sub("s","",v); v*=1000}; printf "%.1f", v}' <<<"$out")
  errs=$(awk '/Non-2xx|Socket errors/ {n += $NF} END {print n + 0}' <<<"$out")
  jcmd "$NODE" GC.run >/dev/null || echo "soak: jcmd GC.run failed in minute $m" >&2
  heap=$( (jcmd "$NODE" GC.heap_info || true) | awk '/garbage-first heap|def new generation|used/ && /used/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K,?","",v); printf "%.0f", v/1024; exit}}')
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$NODE/status")
  threads=$(awk '/^Threads/ {print $2}' "/proc/$NODE/status")
  fds=$(ls "/proc/$NODE/fd" | wc -l)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$m" "$rps" "$p99" "$errs" "$heap" "$rss" "$threads" "$fds" | tee -a "$VAR/soak.tsv"
  DELAY_MS=$(awk -v c=$CONNS -v t=$TARGET -v a="${rps:-0}" -v d="$DELAY_MS" \
    'BEGIN {if (a <= 0) {print d; exit}; l = c * 1000 / a - d; n = c * 1000 / t - l; printf "%.3f", (n < 0 ? 0 : n)}')
  pace
done
