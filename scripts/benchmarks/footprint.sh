#!/usr/bin/env bash
# A node's footprint, as issue 7 asks: time from process start to serving (plain JVM, then with a
# JDK 25 AOT cache made by one training run), resident memory at idle and while holding 1,000
# connections, and requests/s with 10,000 concurrent connections to an upstream that answers in
# 20 ms. One node (scripts/benchmarks/sluice-bench.yaml's route, on port 9300) in front of the
# demo upstream (DemoUpstream, /delay?ms=20) on 9301; every process is started and stopped here
# by PID. Bounded: about 2 minutes. Usage: scripts/benchmarks/footprint.sh [STARTS (default 5)]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"
source "$SLUICE_ROOT/scripts/lib/build.sh"
STARTS=${1:-5}
for b in wrk curl; do command -v $b >/dev/null || { echo "footprint: $b missing (apt-get install $b)" >&2; exit 1; }; done
ensure_built
VAR=$SLUICE_ROOT/var/footprint
rm -rf "$VAR" && mkdir -p "$VAR/logs"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
PIDS=()
NODE=""
cleanup() { for p in "${PIDS[@]}" $NODE; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

CP=$(server_classpath)
java -Xms64m -Xmx256m -XX:+UseSerialGC -cp "$CP" io.sluice.demo.DemoUpstream 9301 origin >"$VAR/logs/upstream.log" 2>&1 & PIDS+=($!)
wait_for_port 9301 20 || { echo "footprint: upstream did not start" >&2; exit 1; }
sed -e 's/port: 9200/port: 9300/' -e 's#127.0.0.1:9001#127.0.0.1:9301#' -e 's/id: bench$/id: footprint/' \
  "$SLUICE_ROOT/scripts/benchmarks/sluice-bench.yaml" >"$VAR/node.yaml"
JVM=(${SLUICE_FOOTPRINT_JVM_OPTS:--Xms256m -Xmx1g -XX:+UseG1GC} $SLUICE_NODE_FLAGS)

now_ms() { date +%s%3N; }
serving_ms() {  # serving_ms EXTRA_JVM_FLAGS... -> sets MS (exec to the first proxied 200) and NODE (left running)
  local t0; t0=$(now_ms)
  java "${JVM[@]}" "$@" -cp "$CP" io.sluice.Main --config "$VAR/node.yaml" >>"$VAR/logs/node.log" 2>&1 & NODE=$!
  while ! curl -s -o /dev/null -m 1 -f "http://127.0.0.1:9300/small" 2>/dev/null; do
    kill -0 "$NODE" 2>/dev/null || { echo "footprint: the node died; see $VAR/logs/node.log" >&2; exit 1; }
    sleep 0.01
  done
  MS=$(( $(now_ms) - t0 ))
}
stop_node() { kill "$NODE"; wait "$NODE" 2>/dev/null || true; NODE=""; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

echo "start to serving, $STARTS starts each (ms from exec to the first proxied 200):"
plain=(); for _ in $(seq 1 "$STARTS"); do serving_ms; plain+=("$MS"); stop_node; done
echo "  plain JVM:       ${plain[*]}   median $(printf '%s\n' "${plain[@]}" | median)"
# JDK 25 (JEP 514/515): one training run records an AOT cache at exit; later runs load it.
serving_ms -XX:AOTCacheOutput="$VAR/node.aot"
for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:9300/small"; done
stop_node
if [ -f "$VAR/node.aot" ]; then
  aot=(); for _ in $(seq 1 "$STARTS"); do serving_ms -XX:AOTCache="$VAR/node.aot"; aot+=("$MS"); stop_node; done
  echo "  with AOT cache:  ${aot[*]}   median $(printf '%s\n' "${aot[@]}" | median)   ($(du -m "$VAR/node.aot" | cut -f1) MiB cache)"
else
  echo "  with AOT cache:  no cache was written (see $VAR/logs/node.log)"
fi

serving_ms
sleep 5
echo "resident memory (RSS) of the node:"
echo "  idle, 5 s after serving:            $(rss_mib "$NODE") MiB"
timeout 40 wrk -t2 -c1000 -d20s --timeout 5s "http://127.0.0.1:9300/delay?ms=20" >"$VAR/wrk-1000.txt" 2>&1 &
WRK=$!; sleep 15
echo "  holding 1,000 connections (20 ms upstream): $(rss_mib "$NODE") MiB"
wait "$WRK" || true
echo "10,000 concurrent connections to the 20 ms upstream (wrk -t2 -c10000 -d20s):"
timeout 60 wrk -t2 -c10000 -d20s --timeout 10s "http://127.0.0.1:9300/delay?ms=20" >"$VAR/wrk-10000.txt" 2>&1 || true
awk '/Requests\/sec|Latency|Socket errors|Non-2xx/ {print "  " $0}' "$VAR/wrk-10000.txt"
echo "  RSS after: $(rss_mib "$NODE") MiB (ideal at 10,000 connections x 20 ms: 500,000 req/s is far beyond one 2-vCPU box; wrk and the upstream share it)"
stop_node
