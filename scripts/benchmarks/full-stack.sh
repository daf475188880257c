#!/usr/bin/env bash
# Sluice as users run it beside the peers (issue 7): one run of the shared harness (../shared/bench)
# measures, with the same upstream and load, NGINX and the other peers, plain Sluice and Sluice with
# one feature added at a time; then this script measures the TLS rows itself (the harness accepts
# only http:// targets) with the same wrk / h2load settings, and prints one table with the cost of
# each feature (req/s ÷ plain Sluice) and every row ÷ NGINX (TLS rows also ÷ NGINX over TLS).
#
#   row            what                                                          measured by
#   sluice         scripts/benchmarks/sluice-bench.yaml as peers.sh runs it:      harness
#                  the defaults, so request metrics and tracing (1 % sampled +
#                  errors + slow) are ON; no admin port, access log off
#   sluice-bare    the same with node.metrics false and tracing off              harness
#                  (sluice-bench-bare.yaml): what metrics + tracing cost
#   sluice-limit   + a cluster-scope rate limit (client-ip, 1,000,000/s, burst    harness
#                  1,000,000: admits everything) on the route; cluster scope needs
#                  Hazelcast (a node without a cluster section treats every policy
#                  as local), so the node is a one-member cluster; + admin port
#   sluice-3nodes  + the node is one member of a three-member cluster on loopback;  harness
#                  the other two run on this same machine (idle: no traffic)
#   nginx-tls      the harness's NGINX peer with client-side TLS 1.3 (same cert)   this script
#   sluice-tls     sluice with a TLS 1.3 listener (h2 + http/1.1 by ALPN)          this script
#   sluice-full    TLS + metrics/tracing + the cluster rate limit + 3 members      this script
#
# Certificates: scripts/certs.sh dev-setup (EC P-256) into var/full-stack/certs. Ports: Sluice
# 9200-9252, admin 9271-9273, Hazelcast 25801-25803, NGINX TLS 9121; the harness's own (9001-9111).
# The admin ports are scraped for /metrics every 10 s (as Prometheus would) to check afterwards
# that the cluster had 3 members and the limiter admitted everything.
# Usage: full-stack.sh [--quick] [--scenarios "S1 S2 S3 H2"]   ~20 min (--quick: ~6 min, numbers
# meaningless). SLUICE_PEERS="" to compare with NGINX only (default: haproxy go scg-mvc scg-webflux).
set -euo pipefail
{ # the whole script is one compound command (as in run.sh): bash reads it completely before running,
  # so editing this file during a run cannot derail that run.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"
source "$SLUICE_ROOT/scripts/lib/build.sh"
BENCH=${SLUICE_BENCH_DIR:-$SLUICE_ROOT/../shared/bench}
[ -x "$BENCH/run.sh" ] || { echo "full-stack: harness not found at $BENCH (set SLUICE_BENCH_DIR)" >&2; exit 1; }
BENCH=$(cd "$BENCH" && pwd)
QUICK=0
SCENARIOS=${SCENARIOS:-"S1 S2 S3 H2"}
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --scenarios) SCENARIOS=$2; shift ;;
    -h|--help) sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "usage: $0 [--quick] [--scenarios \"S1 S2 S3 H2\"]   (unknown argument: $1)" >&2; exit 2 ;;
  esac
  shift
done
for b in nginx wrk h2load taskset curl openssl timeout; do command -v $b >/dev/null || { echo "full-stack: $b missing: run $BENCH/setup.sh" >&2; exit 1; }; done
ensure_built
[ -f "$BENCH/.setup-done" ] || { (cd "$BENCH" && ./setup.sh) && touch "$BENCH/.setup-done"; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# The load and warm-up of the harness (run.sh's defaults), reused for the rows measured here.
if [ "$QUICK" = 1 ]; then
  DURATION=3; PAUSE=1; WARM_JVM="S1:3*2 S2:2"; WARM_NATIVE="S1:1"; WARM_H2="H2:2"; RUN_QUICK=(--quick)
else
  DURATION=${DURATION:-10}; PAUSE=${PAUSE:-2}; WARM_JVM="S1:5*12 S2:5 S3:5"; WARM_NATIVE="S1:2 S2:2"; WARM_H2="H2:5"; RUN_QUICK=()
fi
WRK_CPUS=${WRK_CPUS:-1}; WRK_THREADS=${WRK_THREADS:-1}; WRK_TIMEOUT=${WRK_TIMEOUT:-2s}
S1_CONNS=${S1_CONNS:-64}; S2_CONNS=${S2_CONNS:-1000}; S3_CONNS=${S3_CONNS:-64}; H2_CLIENTS=${H2_CLIENTS:-16}; H2_STREAMS=${H2_STREAMS:-16}
WARMUP_TOL=10
export DURATION PAUSE WRK_CPUS WRK_THREADS WRK_TIMEOUT S1_CONNS S2_CONNS S3_CONNS H2_CLIENTS H2_STREAMS

# a port answered by a process from elsewhere (a node left over, say) would be measured in place of ours
for p in 9121 9200 9201 9210 9230 9240 9241 9242 9250 9251 9252 9271 9272 9273 25801 25802 25803; do
  (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && { echo "full-stack: port $p is in use by a process this run did not start" >&2; exit 1; }
done
VAR=$SLUICE_ROOT/var/full-stack
rm -rf "$VAR" && mkdir -p "$VAR/logs" "$VAR/raw" "$VAR/data" "$VAR/metrics"
CERTS=$VAR/certs
"$SLUICE_ROOT/scripts/certs.sh" dev-setup --dir "$CERTS" --nodes 3 >/dev/null
B=$SLUICE_ROOT/scripts/benchmarks
CP=$(server_classpath)
JVM=${SLUICE_BENCH_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch}
NODE_CMD="$JAVA_HOME/bin/java $JVM $SLUICE_NODE_FLAGS -cp '$CP' io.sluice.Main --config"
# the Sluice build measured: the checkout's commit, or .build-commit in a copy made without .git
BUILD=$(git -C "$SLUICE_ROOT" rev-parse --short HEAD 2>/dev/null || cat "$SLUICE_ROOT/.build-commit" 2>/dev/null || echo unknown)

# ---------------------------------------------------------------------------------------------
# Node configs: sluice-bench.yaml's node, listener, upstream and route, plus the features asked for.
# node_yaml ID PORT TLS(0|1) LIMIT(0|1) ADMIN_PORT|- CLUSTER|- MEMBER_PORT MEMBERS CERT_INDEX
node_yaml() {
  local id=$1 port=$2 tls=$3 limit=$4 admin=$5 cluster=$6 mport=$7 members=$8 n=$9
  echo "# rendered by scripts/benchmarks/full-stack.sh: sluice-bench.yaml + the features of '$id'"
  printf 'node:\n  id: %s\n  accessLog: false\n  maxConcurrentRequests: 20000\nlisteners:\n  - name: main\n    host: 127.0.0.1\n    port: %s\n' "$id" "$port"
  if [ "$tls" = 1 ]; then
    printf '    tls: {keyStore: %s/node-%s.p12, keyStorePassword: changeit}   # TLS 1.3; h2 + http/1.1 by ALPN\n' "$CERTS" "$n"
  else
    printf '    protocols: [http/1.1, h2c]\n'
  fi
  printf 'upstreams:\n  - id: origin\n    endpoints: [{url: "http://127.0.0.1:9001"}]\n    pool: {maxConnectionsPerEndpoint: 2048}\n'
  if [ "$limit" = 1 ]; then
    printf 'rateLimits:\n  - id: admit-all\n    rate: 1000000\n    per: 1s\n    burst: 1000000\n    key: client-ip\n    scope: cluster\n'
  fi
  printf 'routes:\n  - id: all\n    match: {pathPrefix: /}\n    upstream: origin\n'
  [ "$limit" = 1 ] && printf '    rateLimit: admit-all\n'
  if [ "$admin" != - ]; then
    printf 'admin:\n  host: 127.0.0.1\n  port: %s\n  tls: {keyStore: %s/node-%s.p12, keyStorePassword: changeit, trustStore: %s/truststore.p12, trustStorePassword: changeit}\n' \
      "$admin" "$CERTS" "$n" "$CERTS"
  fi
  if [ "$cluster" != - ]; then
    printf 'cluster:\n  name: %s\n  host: 127.0.0.1\n  port: %s\n  members: [%s]\n  dataDir: %s/data/%s\n' "$cluster" "$mport" "$members" "$VAR" "$id"
    printf '  identity: {keyStore: %s/node-%s.p12, keyStorePassword: changeit, trustStore: %s/truststore.p12, trustStorePassword: changeit}\n' "$CERTS" "$n" "$CERTS"
  fi
}
M3="127.0.0.1:25801, 127.0.0.1:25802, 127.0.0.1:25803"
sed 's/port: 9200/port: 9201/; s/id: bench$/id: bench-bare/' "$B/sluice-bench-bare.yaml" >"$VAR/sluice-bare.yaml"
node_yaml limit 9230 0 1 9271 fs-limit 25801 "127.0.0.1:25801" 1 >"$VAR/sluice-limit.yaml"
node_yaml 3nodes-1 9240 0 0 9272 fs-3nodes 25801 "$M3" 1 >"$VAR/sluice-3nodes-1.yaml"
node_yaml 3nodes-2 9241 0 0 - fs-3nodes 25802 "$M3" 2 >"$VAR/sluice-3nodes-2.yaml"
node_yaml 3nodes-3 9242 0 0 - fs-3nodes 25803 "$M3" 3 >"$VAR/sluice-3nodes-3.yaml"
node_yaml tls 9210 1 0 - - - - 1 >"$VAR/sluice-tls.yaml"
node_yaml full-1 9250 1 1 9273 fs-full 25801 "$M3" 1 >"$VAR/sluice-full-1.yaml"
node_yaml full-2 9251 1 1 - fs-full 25802 "$M3" 2 >"$VAR/sluice-full-2.yaml"
node_yaml full-3 9252 1 1 - fs-full 25803 "$M3" 3 >"$VAR/sluice-full-3.yaml"

# ---------------------------------------------------------------------------------------------
PIDS=()
stop_members() {  # members started by cluster-node.sh: by PID, and only if it is still our node
  local f p
  for f in "$VAR"/members-*/member-*.pid; do
    [ -f "$f" ] || continue
    p=$(cat "$f"); rm -f "$f"
    if tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q -- "--config $VAR/"; then
      kill -TERM "$p" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$p" 2>/dev/null || true
    fi
  done
}
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  stop_members
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Prometheus-like scrapes of the admin ports that are up, every 10 s; the last one per port is kept.
ADMIN=(--cacert "$CERTS/ca-bundle.pem" --cert "$CERTS/viewer.pem" --key "$CERTS/viewer.key")
( for _ in $(seq 1 480); do
    [ -f "$VAR/metrics/stop" ] && exit 0
    for p in 9271 9272 9273; do
      curl -s -m 3 -f "${ADMIN[@]}" -o "$VAR/metrics/.$p" "https://127.0.0.1:$p/metrics" 2>/dev/null && mv "$VAR/metrics/.$p" "$VAR/metrics/$p.txt"
    done
    sleep 10
  done ) & PIDS+=($!)

echo "== the harness: peers, sluice, sluice-bare, sluice-limit, sluice-3nodes (Sluice build $BUILD)"
set +e
(cd "$BENCH" && ./run.sh "${RUN_QUICK[@]}" --scenarios "$SCENARIOS" \
  ${SLUICE_PEERS-haproxy go scg-mvc scg-webflux} \
  --start "sluice=$NODE_CMD $B/sluice-bench.yaml" sluice=http://127.0.0.1:9200,h2c \
  --start "sluice-bare=$NODE_CMD $VAR/sluice-bare.yaml" sluice-bare=http://127.0.0.1:9201,h2c \
  --start "sluice-limit=$NODE_CMD $VAR/sluice-limit.yaml" sluice-limit=http://127.0.0.1:9230,h2c \
  --start "sluice-3nodes=$B/full-stack/cluster-node.sh $VAR/members-3nodes $VAR/sluice-3nodes-1.yaml $VAR/sluice-3nodes-2.yaml $VAR/sluice-3nodes-3.yaml" \
  sluice-3nodes=http://127.0.0.1:9240,h2c) 2>&1 | tee "$VAR/harness.out"
set -e
stop_members
RES=$(awk '/^Results: / {print $2}' "$VAR/harness.out" | tail -1)
[ -f "$RES/results.csv" ] || { echo "full-stack: the harness run failed (see $VAR/harness.out)" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# The TLS rows, measured here the way run.sh measures (same tools, pinning, connections, timeout,
# warm-up plans, pause and duration) against the same upstream, started here as run.sh starts it.
echo "== TLS rows (this script; the harness takes http:// targets only)"
CSV=$VAR/tls-results.csv
echo "target,scenario,round,rps,p50_ms,p99_ms,errors,requests,gw_cpu_pct,upstream_cpu_pct,loadgen_cpu_pct,other_cpu_pct,irq_cpu_pct,steal_pct,detail" >"$CSV"
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$VAR/tls.log"; }
mkdir -p "$VAR/upstream/html" "$VAR/upstream/tmp"
head -c 16384 /dev/zero | tr '\0' 'x' >"$VAR/upstream/html/16k.bin"
sed -e 's/^#ECHO# //' -e '/^#NOECHO# /d' "$BENCH/peers/upstream/nginx.conf.in" >"$VAR/upstream/nginx.conf"
for p in 9001 9002; do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && { echo "full-stack: port $p is in use" >&2; exit 1; }; done
nginx -p "$VAR/upstream/" -c "$VAR/upstream/nginx.conf" -e error.log >"$VAR/logs/upstream.log" 2>&1 & UP_PID=$!; PIDS+=($UP_PID)
wait_for_port 9001 10 || { echo "full-stack: upstream did not start" >&2; exit 1; }
PIN=(); [ "$WRK_CPUS" = none ] || PIN=(taskset -c "$WRK_CPUS")
CLK=$(getconf CLK_TCK)

tree_pids() { local p=$1 c; echo "$p"; for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do tree_pids "$c"; done; }
ticks() {  # utime+stime of the given PIDs and their descendants
  local t=0 p s
  for p in $(for r in "$@"; do tree_pids "$r"; done); do
    s=$(cat "/proc/$p/stat" 2>/dev/null) || continue; s=${s##*) }; set -- $s; t=$((t + ${12} + ${13}))
  done; echo $t
}
sys_ticks() { local l; read -r l </proc/stat; set -- $l; echo "$(($2 + $3 + $4)) $(($7 + $8)) ${9:-0}"; }
pct() { awk -v t="$1" -v s="$2" -v hz="$CLK" 'BEGIN { if (s <= 0) print "-"; else printf "%.0f", 100 * t / hz / s }'; }
scen_path() { case $1 in S1|H2) echo /small ;; S2) echo /delay ;; S3) echo /16k ;; esac; }
scen_conns() { case $1 in S1) echo "$S1_CONNS" ;; S2) echo "$S2_CONNS" ;; S3) echo "$S3_CONNS" ;; esac; }
run_load() {  # run_load SCEN BASE_URL SECS OUT: wrk (HTTP/1.1 over TLS) or h2load (h2 by ALPN), bounded
  local sc=$1 url=$2 secs=$3 out=$4
  (
    if [ "$sc" = H2 ]; then
      timeout -k 5 $((secs + 30)) "${PIN[@]}" h2load -t "$WRK_THREADS" -c "$H2_CLIENTS" -m "$H2_STREAMS" -D "$secs" \
        --warm-up-time 1 --log-file "$out.h2log" "$url$(scen_path H2)" >"$out" 2>&1
    else
      timeout -k 5 $((secs + 30)) "${PIN[@]}" wrk -t "$WRK_THREADS" -c "$(scen_conns "$sc")" -d "${secs}s" --timeout "$WRK_TIMEOUT" \
        -s "$BENCH/lib/wrk-report.lua" "$url$(scen_path "$sc")" >"$out" 2>&1
    fi
    read -r s <"/proc/$BASHPID/stat"; s=${s##*) }; set -- $s; echo $((${14} + ${15})) >"$out.ticks"
  ) || true
}
parse_result() {  # as run.sh: "rps p50 p99 errors requests detail"
  local out=$1 sc=$2
  if [ "$sc" = H2 ]; then
    local rps req failed errored tmo p50 p99 proto
    rps=$(awk '/^finished in/ {gsub(",", "", $4); printf "%.0f", $4}' "$out")
    read -r req failed errored tmo < <(awk '/^requests:/ {print $2, $10, $12, $14}' "$out")
    proto=$(awk '/^Application protocol:/ {print $3}' "$out")
    if [ -s "$out.h2log" ]; then
      read -r p50 p99 < <(cut -f3 "$out.h2log" | sort -n | awk '{a[NR] = $1} END { if (NR == 0) { print "- -"; exit }
        i50 = int(NR * 0.50); if (i50 < 1) i50 = 1; i99 = int(NR * 0.99); if (i99 < 1) i99 = 1; printf "%.2f %.2f\n", a[i50] / 1000, a[i99] / 1000 }')
      rm -f "$out.h2log"
    else p50=-; p99=-; fi
    [ -n "$rps" ] || { echo "- - - - - h2load_failed"; return; }
    echo "$rps $p50 $p99 $((${failed:-0} + ${errored:-0} + ${tmo:-0})) ${req:-0} failed=${failed:-0}/errored=${errored:-0}/timeout=${tmo:-0}/alpn=${proto:-?}"
  else
    local line; line=$(grep '^BENCH_RESULT' "$out" | tail -1)
    [ -n "$line" ] || { echo "- - - - - wrk_failed"; return; }
    echo "$line" | awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      err = v["err_connect"] + v["err_read"] + v["err_write"] + v["err_timeout"] + v["err_status"]
      printf "%.0f %.2f %.2f %d %d connect=%d/read=%d/write=%d/timeout=%d/non2xx=%d\n", v["requests"] / (v["duration_us"] / 1e6),
        v["p50_us"] / 1000, v["p99_us"] / 1000, err, v["requests"], v["err_connect"], v["err_read"], v["err_write"], v["err_timeout"], v["err_status"] }'
  fi
}
warmup() {  # warmup NAME URL PLAN: run.sh's plan syntax and plateau rule (SCEN:SECS*MAX: until < 10 % growth)
  local t=$1 url=$2 chunk sc secs max i r out last prev; local -a hist
  for chunk in $3; do
    sc=${chunk%%:*}; secs=${chunk#*:}; max=1
    case $secs in *'*'*) max=${secs#*\*}; secs=${secs%%\**} ;; esac
    hist=()
    for ((i = 1; i <= max; i++)); do
      out=$VAR/raw/$t.warmup.$sc.txt
      run_load "$sc" "$url" "$secs" "$out"
      read -r r _ < <(parse_result "$out" "$sc"); cat "$out" >>"$VAR/raw/$t.warmup.log"; rm -f "$out" "$out.ticks" "$out.h2log"
      [[ "$r" =~ ^[0-9]+$ ]] || r=0; hist+=("$r")
      log "  warm-up $t $sc ${secs}s #$i: $r req/s"
      if [ "$max" -gt 1 ] && [ "$i" -ge 4 ]; then
        last=$((hist[i - 1] + hist[i - 2])); prev=$((hist[i - 3] + hist[i - 4]))
        [ $((last * 100)) -lt $((prev * (100 + WARMUP_TOL))) ] && { log "  warm-up $t: plateau after $((i * secs)) s"; break; }
      fi
    done
  done
}
measure() {  # measure NAME URL GW_PID NATIVE(0|1): warm-up, then every scenario once, rows into $CSV
  local t=$1 url=$2 gw=$3 native=$4 sc out g0 g1 u0 u1 m0 m1 b0 b1 i0 i1 s0 s1 w0 w1 wall lg rps p50 p99 errs reqs detail other
  if [ "$native" = 1 ]; then warmup "$t" "$url" "$WARM_NATIVE"; else warmup "$t" "$url" "$WARM_JVM"; fi
  for sc in $SCENARIOS; do
    [ "$sc" = H2 ] && [ "$native" = 0 ] && warmup "$t" "$url" "$WARM_H2"
    sleep "$PAUSE"
    out=$VAR/raw/$t.$sc.1.txt
    g0=$(ticks "$gw"); u0=$(ticks "$UP_PID"); m0=$(ticks $(member_pids)); read -r b0 i0 s0 < <(sys_ticks); w0=$(date +%s%N)
    run_load "$sc" "$url" "$DURATION" "$out"
    g1=$(ticks "$gw"); u1=$(ticks "$UP_PID"); m1=$(ticks $(member_pids)); read -r b1 i1 s1 < <(sys_ticks); w1=$(date +%s%N)
    wall=$(awk -v a="$w0" -v b="$w1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    lg=$(cat "$out.ticks" 2>/dev/null || echo 0); rm -f "$out.ticks"
    other=$((b1 - b0 - (g1 - g0) - (u1 - u0) - lg - (m1 - m0))); [ "$other" -lt 0 ] && other=0
    read -r rps p50 p99 errs reqs detail < <(parse_result "$out" "$sc")
    [ "$m1" -gt "$m0" ] && detail="$detail/members_cpu=$(pct $((m1 - m0)) "$wall")%"
    echo "$t,$sc,1,$rps,$p50,$p99,$errs,$reqs,$(pct $((g1 - g0)) "$wall"),$(pct $((u1 - u0)) "$wall"),$(pct "$lg" "$wall"),$(pct "$other" "$wall"),$(pct $((i1 - i0)) "$wall"),$(pct $((s1 - s0)) "$wall"),$detail" >>"$CSV"
    log "  $sc: $rps req/s p50 ${p50}ms p99 ${p99}ms errors $errs (cpu%: gw $(pct $((g1 - g0)) "$wall"), other $(pct "$other" "$wall")) $detail"
  done
}
member_pids() { cat "$VAR"/members-*/member-*.pid 2>/dev/null || true; }
ready() {  # ready URL PID: the TLS listener proxies /small, /delay and /16k
  local t0=$SECONDS
  while [ $((SECONDS - t0)) -lt 120 ]; do
    kill -0 "$2" 2>/dev/null || return 1
    [ "$(curl -s -o /dev/null -m 2 --cacert "$CERTS/ca-bundle.pem" -w '%{http_code}' "$1/small")" = 200 ] && break
    sleep 0.5
  done
  log "  ready after $((SECONDS - t0)) s; /delay -> $(curl -s -o /dev/null -m 2 --cacert "$CERTS/ca-bundle.pem" -w '%{http_code}' "$1/delay"), /16k -> $(curl -s -o /dev/null -m 2 --cacert "$CERTS/ca-bundle.pem" -w '%{size_download}' "$1/16k") bytes"
  echo "$(basename "$1"): $(openssl s_client -connect "${1#https://}" -alpn h2,http/1.1 </dev/null 2>/dev/null | grep -E '^New,|^ALPN' | tr '\n' ' ')" >>"$VAR/tls-handshakes.txt"
}
stop() { kill -TERM "$1" 2>/dev/null || true; for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done; kill -KILL "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

log "== nginx-tls (https://127.0.0.1:9121, workers auto)"
# nginx reads ssl_certificate relative to the config file's folder: the config goes beside the copied key
mkdir -p "$VAR/nginx-tls/tmp"; cp "$CERTS/node-1.pem" "$VAR/nginx-tls/tls.pem"; cp "$CERTS/node-1.key" "$VAR/nginx-tls/tls.key"
cp "$B/full-stack/nginx-tls.conf" "$VAR/nginx-tls/nginx.conf"
nginx -p "$VAR/nginx-tls/" -c "$VAR/nginx-tls/nginx.conf" -e error.log -g "worker_processes auto;" >"$VAR/logs/nginx-tls.log" 2>&1 & P=$!; PIDS+=($P)
{ ready https://127.0.0.1:9121 "$P" || { log "  nginx-tls did not start (see $VAR/logs)"; false; }; } && measure nginx-tls https://127.0.0.1:9121 "$P" 1
stop "$P"

log "== sluice-tls (https://127.0.0.1:9210)"
eval "exec $NODE_CMD $VAR/sluice-tls.yaml" >"$VAR/logs/sluice-tls.log" 2>&1 & P=$!; PIDS+=($P)   # exec: $P is the JVM
{ ready https://127.0.0.1:9210 "$P" || { log "  sluice-tls did not start (see $VAR/logs)"; false; }; } && measure sluice-tls https://127.0.0.1:9210 "$P" 0
stop "$P"

log "== sluice-full (https://127.0.0.1:9250, member 1 of 3; metrics + tracing, cluster rate limit)"
"$B/full-stack/cluster-node.sh" "$VAR/members-full" "$VAR/sluice-full-1.yaml" "$VAR/sluice-full-2.yaml" "$VAR/sluice-full-3.yaml" \
  >"$VAR/logs/sluice-full.log" 2>&1 & P=$!; PIDS+=($P)
{ ready https://127.0.0.1:9250 "$P" || { log "  sluice-full did not start (see $VAR/logs)"; false; }; } && measure sluice-full https://127.0.0.1:9250 "$P" 0
sleep 11   # one more scrape of the admin port before the node stops
stop "$P"; stop_members
touch "$VAR/metrics/stop"

# ---------------------------------------------------------------------------------------------
# One table: harness rows + TLS rows; ratios to plain sluice, NGINX, and NGINX over TLS.
{ cat "$RES/results.csv"; tail -n +2 "$CSV"; } >"$VAR/results.csv"
TS=$(basename "$RES")
{
  echo "full-stack run $TS: harness $RES + TLS rows by scripts/benchmarks/full-stack.sh"
  echo "Sluice build: $BUILD"
  cat "$RES/env.txt"
  echo "TLS rows: same wrk/h2load settings, measured after the harness run against the same upstream config; handshakes:"
  cat "$VAR/tls-handshakes.txt" 2>/dev/null
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$VAR/env.txt"
awk -F, '
  NR == 1 { next }
  !($1 in seenT) { seenT[$1] = 1; T[++nt] = $1 }
  !($2 in seenS) { seenS[$2] = 1; S[++ns] = $2 }
  { rows[$1, $2] = $0 }
  END {
    printf "%-14s %-4s %9s %8s %8s %7s %6s %8s %6s %7s %9s %7s  %s\n", "target", "scen", "req/s", "p50(ms)", "p99(ms)", "errors", "gw%cpu", "req/core", "other%", "/nginx", "/nginx-tls", "/sluice", "note"
    for (j = 1; j <= ns; j++) {
      split(rows["nginx", S[j]], a, ","); ng = a[4]; split(rows["nginx-tls", S[j]], a, ","); nt_ = a[4]; split(rows["sluice", S[j]], a, ","); sl = a[4]
      for (i = 1; i <= nt; i++) {
        k = T[i] SUBSEP S[j]; if (!(k in rows)) continue
        split(rows[k], a, ","); r = a[4]
        q1 = (r != "-" && ng + 0 > 0) ? sprintf("%.2f", r / ng) : "-"
        q2 = (r != "-" && nt_ + 0 > 0 && (T[i] ~ /tls|full/)) ? sprintf("%.2f", r / nt_) : ""
        q3 = (r != "-" && sl + 0 > 0 && T[i] ~ /^sluice/) ? sprintf("%.2f", r / sl) : ""
        rc = (r != "-" && a[9] != "-" && a[9] + 0 > 0) ? sprintf("%.0f", r / (a[9] / 100)) : "-"
        note = (a[7] + 0 > 0 || a[4] == "-") ? a[15] : ""
        if (a[15] ~ /members_cpu/) { m = a[15]; sub(/.*members_cpu=/, "", m); sub(/\/.*/, "", m); note = note (note == "" ? "" : " ") "2 members: " m " cpu" }
        if (a[15] ~ /warmup_no_plateau/) note = note (note == "" ? "" : "; ") "JIT not settled"
        printf "%-14s %-4s %9s %8s %8s %7s %6s %8s %6s %7s %9s %7s  %s\n", T[i], S[j], r, a[5], a[6], a[7], a[9], rc, a[12], q1, q2, q3, note
      }
    }
  }' "$VAR/results.csv" >"$VAR/table.txt"
{
  echo "cost of each feature (req/s ÷ plain sluice, same run; 1 - ratio = cost):"
  awk -F, 'NR > 1 { v[$1, $2] = $4; s[$2] = 1 } END {
    for (sc in s) { b = v["sluice", sc]; if (b + 0 <= 0) continue
      printf "  %-3s metrics+tracing %.2f (sluice ÷ sluice-bare: %s ÷ %s)  limit %.2f  3nodes %.2f  tls %.2f  full %.2f   (tls ÷ nginx-tls %.2f, nginx-tls ÷ nginx %.2f)\n", sc,
        (v["sluice-bare", sc] > 0 ? b / v["sluice-bare", sc] : 0), b, v["sluice-bare", sc], v["sluice-limit", sc] / b, v["sluice-3nodes", sc] / b,
        v["sluice-tls", sc] / b, v["sluice-full", sc] / b, (v["nginx-tls", sc] > 0 ? v["sluice-tls", sc] / v["nginx-tls", sc] : 0), (v["nginx", sc] > 0 ? v["nginx-tls", sc] / v["nginx", sc] : 0) } }' "$VAR/results.csv" | sort
  echo "checks from the last /metrics scrapes (limit 9271, 3nodes 9272, full 9273):"
  for p in 9271 9272 9273; do
    [ -f "$VAR/metrics/$p.txt" ] && echo "  $p: $(grep -E '^sluice_cluster_members |^sluice_ratelimit_(admitted|limited|fallbacks)_total' "$VAR/metrics/$p.txt" | tr '\n' ' ')"
  done
  echo "cluster views in the node logs: $(grep -ho 'Members {size:[0-9]*' "$RES/logs/sluice-3nodes.log" "$VAR/logs/sluice-full.log" 2>/dev/null | sort | uniq -c | tr '\n' ' ')"
} >"$VAR/summary.txt"
cat "$VAR/env.txt"; echo; cat "$VAR/table.txt"; echo; cat "$VAR/summary.txt"
echo; echo "files: $VAR (table.txt, summary.txt, env.txt, results.csv, raw/, logs/); harness run: $RES"
exit 0
}
