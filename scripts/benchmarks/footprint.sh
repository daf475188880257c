#!/usr/bin/env bash
# A node's footprint, as issue 7 asks: time from process start to serving (plain JVM, then with a
# JDK 25 AOT cache made by one training run), resident memory at idle and while holding 1,000
# connections, and requests/s with 10,000 concurrent connections to an upstream that answers in
# 20 ms. One node (scripts/benchmarks/sluice-bench.yaml's route, on port 9300) in front of the
# shared harness's upstream (NGINX, 1 worker, /delay answers after 20 ms) on 9301, or of the demo
# upstream (DemoUpstream, /delay?ms=20) when the harness is not there; every process is started and
# stopped here by PID. Bounded: about 3 minutes. Usage: scripts/benchmarks/footprint.sh [STARTS (default 5)]
#
# The 10,000-connection run is made twice and prints what the answers were (wrk counts them by
# status with scripts/faults/count.lua; the node's /metrics names the gateway failures):
#   as configured  sluice-bench.yaml's pool: 2,048 upstream connections, at most 4,096 requests
#                  waiting for one, each for at most timeouts.connect (2 s); the rest get 503
#                  UPSTREAM_OVERLOADED, which is Sluice shedding what it cannot serve in time
#   sized for 10k  the same with maxQueuedPerEndpoint 10,000 and timeouts.connect 10 s (the wait for
#                  a pooled connection is bounded by the connect timeout), wrk's timeout is 10 s too:
#                  every request waits for its turn, so the 2xx rate is what the box can carry
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"
source "$SLUICE_ROOT/scripts/lib/build.sh"
STARTS=${1:-5}
BENCH=${SLUICE_BENCH_DIR:-$SLUICE_ROOT/../shared/bench}
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
if [ -f "$BENCH/peers/upstream/nginx.conf.in" ] && [ -f /usr/lib/nginx/modules/ngx_http_echo_module.so ] && command -v nginx >/dev/null; then
  # the harness's upstream as run.sh renders it (with the echo module: /delay = 20 ms), moved to 9301/9302
  UPSTREAM="NGINX, 1 worker (the shared harness's upstream), /delay = 20 ms"
  mkdir -p "$VAR/upstream/tmp"
  sed -e 's/^#ECHO# //' -e '/^#NOECHO# /d' -e 's/127.0.0.1:9001/127.0.0.1:9301/' -e 's/127.0.0.1:9002/127.0.0.1:9302/' \
    "$BENCH/peers/upstream/nginx.conf.in" >"$VAR/upstream/nginx.conf"
  nginx -p "$VAR/upstream/" -c "$VAR/upstream/nginx.conf" -e error.log >"$VAR/logs/upstream.log" 2>&1 & PIDS+=($!)
else
  # DemoUpstream holds a virtual thread per connection: 512 MB keeps 2,048 of them (256 MB ran out at ~6,800)
  UPSTREAM="DemoUpstream (JVM, -Xmx512m), /delay?ms=20"
  java -Xms64m -Xmx512m -XX:+UseSerialGC -cp "$CP" io.sluice.demo.DemoUpstream 9301 origin >"$VAR/logs/upstream.log" 2>&1 & PIDS+=($!)
fi
wait_for_port 9301 20 || { echo "footprint: upstream did not start" >&2; exit 1; }
echo "upstream: $UPSTREAM"
sed -e 's/port: 9200/port: 9300/' -e 's#127.0.0.1:9001#127.0.0.1:9301#' -e 's/id: bench$/id: footprint/' \
  "$SLUICE_ROOT/scripts/benchmarks/sluice-bench.yaml" >"$VAR/node.yaml"
# the 10,000-connection nodes: the same plus an admin port (its /metrics names the failures)
CERTS=$VAR/certs
"$SLUICE_ROOT/scripts/certs.sh" dev-setup --dir "$CERTS" --nodes 1 >/dev/null
admin_yaml() { printf 'admin:\n  host: 127.0.0.1\n  port: 9279\n  tls: {keyStore: %s/node-1.p12, keyStorePassword: changeit, trustStore: %s/truststore.p12, trustStorePassword: changeit}\n' "$CERTS" "$CERTS"; }
{ cat "$VAR/node.yaml"; admin_yaml; } >"$VAR/node-10k-configured.yaml"
{ sed -e 's/pool: {maxConnectionsPerEndpoint: 2048}/pool: {maxConnectionsPerEndpoint: 2048, maxQueuedPerEndpoint: 10000}\n    timeouts: {connect: 10s}/' "$VAR/node.yaml"; admin_yaml; } >"$VAR/node-10k-sized.yaml"
grep -q 'maxQueuedPerEndpoint: 10000' "$VAR/node-10k-sized.yaml" || { echo "footprint: sluice-bench.yaml's pool line changed; update the 10k config here" >&2; exit 1; }
JVM=(${SLUICE_FOOTPRINT_JVM_OPTS:--Xms256m -Xmx1g -XX:+UseG1GC} $SLUICE_NODE_FLAGS)

now_ms() { date +%s%3N; }
serving_ms() {  # serving_ms EXTRA_JVM_FLAGS... -> sets MS (exec to the first proxied 200) and NODE (left running)
  local t0; t0=$(now_ms)
  java "${JVM[@]}" "$@" -cp "$CP" io.sluice.Main --config "${CONF:-$VAR/node.yaml}" >>"$VAR/logs/node.log" 2>&1 & NODE=$!
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
stop_node

ADMIN=(--cacert "$CERTS/ca-bundle.pem" --cert "$CERTS/viewer.pem" --key "$CERTS/viewer.key")
failures() { curl -s -m 5 "${ADMIN[@]}" https://127.0.0.1:9279/metrics | awk -F'[{}]' '/^sluice_request_failures_total/ { split($2, l, "failure=\""); split(l[2], f, "\""); n[f[1]] += $3 } END { for (k in n) print k, n[k] }'; }
ten_k() {  # ten_k LABEL CONFIG: wrk -t2 -c10000 -d20s against a fresh node, answers by status and failure
  local label=$1 out=$VAR/wrk-10000-$1.txt
  CONF=$2 serving_ms
  wait_for_port 9279 30 "$NODE" || { echo "footprint: the admin port did not open; see $VAR/logs/node.log" >&2; exit 1; }
  failures >"$VAR/failures-$label.before"
  echo "10,000 concurrent connections to the 20 ms upstream, $label (wrk -t2 -c10000 -d20s --timeout 10s):"
  timeout 60 wrk -t2 -c10000 -d20s --timeout 10s -s "$SLUICE_ROOT/scripts/faults/count.lua" "http://127.0.0.1:9300/delay?ms=20" >"$out" 2>&1 || true
  failures >"$VAR/failures-$label.after"
  awk '/Requests\/sec|Latency|Socket errors/ {print "  " $0}' "$out"
  awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
       /^STATUS/ { st = st sprintf(" %s: %d", $2, $3) }
       END { printf "  answers %d: 2xx/3xx %d (%.0f /s over 20 s), others %d;%s; socket errors connect %d read %d write %d timeout %d\n",
               v["requests"], v["ok"], v["ok"] / 20, v["bad"], st, v["connect"], v["read"], v["write"], v["timeout"] }' "$out"
  echo "  node's gateway failures in the run (sluice_request_failures_total): $(awk 'FILENAME == ARGV[1] { b[$1] = $2; next } { d = $2 - b[$1]; if (d > 0) { printf "%s %d  ", $1, d; n++ } } END { if (!n) printf "none" }' \
    "$VAR/failures-$label.before" "$VAR/failures-$label.after")"
  echo "  RSS after: $(rss_mib "$NODE") MiB"
  stop_node
}
ten_k configured "$VAR/node-10k-configured.yaml"
ten_k sized-for-10k "$VAR/node-10k-sized.yaml"
echo "(ideal at 10,000 connections x 20 ms: 500,000 req/s, far beyond one 2-vCPU box; wrk and the upstream share it)"
