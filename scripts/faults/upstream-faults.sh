#!/usr/bin/env bash
# Fault: one endpoint of an upstream dies, hangs, answers slowly, under steady load (issue 7).
# Upstream "demo" has two endpoints (round robin unless --lb): blue (DemoUpstream) and green
# (FaultUpstream.java: the demo upstream with a slow switch); responseHeaders timeout 1 s, health
# checks every 1 s (timeout 500 ms), outlier ejection and retries as by default, a pool of at most
# 256 connections per endpoint. wrk loads all three nodes for 100 s while green goes through:
#   10 s die (kill -9)          25 s back (started again)
#   35 s hang (SIGSTOP: the kernel still accepts connections, nothing answers)   50 s back (SIGCONT)
#   60 s slow 2 s per answer (past the 1 s timeout)                              75 s back
#   80 s slow 300 ms per answer (within the timeout: latency, no errors)         90 s back
# For each phase, from the nodes' access logs (ms timestamps): errors, when the last one reached a
# client after the fault began ("time until clients stop seeing errors"), p99 latency; per second
# errors from wrk; RSS and platform threads of every node JVM each second, and each node's in-flight
# and upstream-connection gauges. Exits 1 when errors go on past the goal (die 0.5 s, hang and
# slow 5 s, the recovery phases and the in-timeout slow phase 0 errors), or a node's threads or RSS
# grow past the bounds below. Raw output: var/faults/upstream-faults[-least-request]/.
#
# --lb least-request runs the same with the least-request balancer (round robin keeps sending a
# slow endpoint its half; least-request moves load away from it).
#   scripts/faults/upstream-faults.sh [--lb round-robin|least-request]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LB=round-robin
while [ $# -gt 0 ]; do
  case "$1" in
    --lb) LB=$2; shift ;;
    *) echo "usage: $0 [--lb round-robin|least-request]   (unknown argument: $1)" >&2; exit 2 ;;
  esac
  shift
done
case "$LB" in round-robin|least-request) ;; *) echo "$0: --lb is round-robin or least-request" >&2; exit 2 ;; esac
faults_init "upstream-faults$([ "$LB" = round-robin ] || echo "-$LB")"
POOL=256
cat >"$VAR/shared.yaml" <<YAML
upstreams:
  - id: demo
    loadBalancer: $LB
    endpoints:
      - url: http://127.0.0.1:$UP1
      - url: http://127.0.0.1:$UP2
    pool: {maxConnectionsPerEndpoint: $POOL, maxQueuedPerEndpoint: 512}
    timeouts: {connect: 1s, responseHeaders: 1s}
    healthCheck: {path: /small, interval: 1s, timeout: 500ms}
routes:
  - id: api
    match: {pathPrefix: /api}
    upstream: demo
    rewrite: {stripPrefix: true}
YAML

log "starting upstreams (green can fail) and a 3-node cluster (logs: $VAR/logs)"
start_upstream 1 blue
start_upstream 2 green fault
start_cluster 3

DURATION=100
log "load: wrk on each node, /api/small, ${DURATION}s, 8 connections, 10 ms pause after each answer"
sampler_start $((DURATION + 5))
( # the nodes' in-flight and upstream pool gauges, each second
  end=$((SECONDS + DURATION + 5))
  while [ $SECONDS -lt $end ]; do
    t=$(date +%s)
    for i in 1 2 3; do
      admin "$i" GET /metrics 2>/dev/null | awk -v t="$t" -v n="node-$i" '
        /^sluice_requests_in_flight / {f = $2}
        /^sluice_upstream_connections\{/ && /upstream="demo"/ && /state="active"/ {a = $2}
        /^sluice_upstream_connections\{/ && /upstream="demo"/ && /state="idle"/ {d = $2}
        END {printf "%s %s %d %d %d\n", t, n, f, a, d}'
    done
    sleep 1
  done
) >"$VAR/gauges.txt" 2>/dev/null &
PIDS+=($!)
T0=$(now_ms)
for i in 1 2 3; do load_start "node-$i" "http://127.0.0.1:$(http_port "$i")/api/small" "$DURATION" 8 10; done
at() { local wait_ms=$(($1 * 1000 - ($(now_ms) - T0))); [ "$wait_ms" -le 0 ] || sleep "$(awk -v m="$wait_ms" 'BEGIN {printf "%.3f", m / 1000}')"; }
fault() { curl -s -m 2 "http://127.0.0.1:$UP2/_fault?$1" >/dev/null; }
PHASES=()   # name|start_ms|end_ms|goal_ms (-1: no error allowed)
mark() { PHASES+=("$1|$2|$3|$4"); }

at 10; P=$(now_ms); kill -9 "${UP_PID[2]}"; log "t=10s: green dies (kill -9)"
at 25; Q=$(now_ms); start_upstream 2 green fault; log "t=25s: green back (started again)"
mark "die (kill -9)" "$P" "$Q" 500
at 35; R=$(now_ms); kill -STOP "${UP_PID[2]}"; log "t=35s: green hangs (SIGSTOP)"
mark "back after die" "$Q" "$R" -1
at 50; S=$(now_ms); kill -CONT "${UP_PID[2]}"; log "t=50s: green back (SIGCONT)"
mark "hang (SIGSTOP)" "$R" "$S" 5000
at 60; U=$(now_ms); fault "mode=slow&ms=2000"; log "t=60s: green answers after 2 s (timeout 1 s)"
mark "back after hang" "$S" "$U" -1
at 75; V=$(now_ms); fault "mode=normal"; log "t=75s: green back to normal"
mark "slow 2 s (past timeout)" "$U" "$V" 5000
at 80; W=$(now_ms); fault "mode=slow&ms=300"; log "t=80s: green answers after 300 ms (within the timeout)"
mark "back after slow" "$V" "$W" -1
at 90; X=$(now_ms); fault "mode=normal"; log "t=90s: green back to normal"
mark "slow 300 ms (in timeout)" "$W" "$X" -1
load_wait
END_MS=$(now_ms)
mark "back after slow 300 ms" "$X" "$END_MS" -1
access_table

status=0
echo
echo "upstream endpoint faults under load, 3 nodes, upstream demo = blue + green, $LB (raw output: $VAR)"
printf '  %-26s %8s %7s %8s %10s %22s %8s   %s\n' phase requests errors "to green" "p99 ms" "last error after start" goal "errors per second (all nodes, wrk)"
for p in "${PHASES[@]}"; do
  IFS='|' read -r name a b goal <<<"$p"
  line=$(awk -v a="$a" -v b="$b" -v ep="http://127.0.0.1:$UP2" '
    $1 >= a && $1 < b {n++; if ($4 == ep) g++; if ($3 >= 500) {e++; end = $1 + int($5 / 1000); if (end > last) last = end}}
    END {printf "%d %d %d %s\n", n, e, g, (e ? last - a : "-")}' "$VAR/access.txt")
  p99=$(awk -v a="$a" -v b="$b" '$1 >= a && $1 < b {print $5}' "$VAR/access.txt" | sort -n | awk '{v[NR] = $1} END {i = int(NR * 0.99); if (i < 1) i = 1; printf "%.0f", NR ? v[i] / 1000 : 0}')
  read -r n e g last <<<"$line"
  persec=$(cat "$VAR"/load-node-*.txt | awk -v a="$((a / 1000))" -v b="$((b / 1000))" '$1 == "SECOND" && $2 >= a && $2 <= b {bad[$2] += $4} END {for (s = a; s <= b; s++) printf "%d ", bad[s]}')
  goal_text=$([ "$goal" = -1 ] && echo "0 errors" || echo "<= ${goal} ms")
  printf '  %-26s %8s %7s %8s %10s %19s ms %8s   %s\n' "$name" "$n" "$e" "$g" "$p99" "$last" "$goal_text" "$persec"
  if [ "$goal" = -1 ]; then [ "$e" = 0 ] || status=1; else [ "$last" = - ] || [ "$last" -le "$goal" ] || status=1; fi
done
awk '$7 != "-" {c[$7]++} END {for (k in c) printf "  %-26s %d answered by the gateway as %s\n", "", c[k], k}' "$VAR/access.txt" | sort
for label in node-1 node-2 node-3; do
  printf '  %-26s %s answers, %s failed (non-2xx/3xx %s, socket errors %s, timeouts %s)\n' "wrk $label" "$(load_field "$label" requests)" \
    "$(load_field "$label" failed)" "$(load_field "$label" bad)" "$(( $(load_num "$label" connect) + $(load_num "$label" read) + $(load_num "$label" write) ))" "$(load_num "$label" timeout)"
done
# resources: the first 8 s (before any fault) against the whole run
first_s=$((T0 / 1000))
for i in 1 2 3; do
  awk -v n="node-$i" -v f="$first_s" '$2 == n {if ($1 < f + 8) {if ($3 > brss) brss = $3; if ($4 > bth) bth = $4}; if ($3 > rss) rss = $3; if ($4 > th) th = $4; lth = $4; lrss = $3}
    END {printf "%d %d %d %d %d %d\n", brss / 1024, rss / 1024, lrss / 1024, bth, th, lth}' "$VAR/samples.txt" | {
    read -r brss rss lrss bth th lth
    gauge=$(awk -v n="node-$i" '$2 == n {if ($3 > f) f = $3; if ($4 > a) a = $4} END {printf "in flight peak %d, upstream connections active peak %d", f, a}' "$VAR/gauges.txt")
    printf '  %-26s RSS %d MB before faults, peak %d, last %d; platform threads %d before, peak %d, last %d; %s\n' "node-$i" "$brss" "$rss" "$lrss" "$bth" "$th" "$lth" "$gauge"
    # bounds: threads never more than 50 above the fault-free peak and back within 10; RSS under -Xmx384m + 256 MB
    [ "$th" -le $((bth + 50)) ] && [ "$lth" -le $((bth + 10)) ] && [ "$rss" -le 640 ] || exit 1
  } || status=1
done
awk '$2 == "upstream-conns" {if (!f) f = $3; if ($3 > p) p = $3; l = $3} END {printf "  %-26s first %d, peak %d, last %d (both upstreams, server side, established)\n", "TCP conns to upstreams", f, p, l}' "$VAR/samples.txt"
awk '{if ($4 > a) a = $4} END {exit !(a <= '"$((POOL * 2))"')}' "$VAR/gauges.txt" || status=1
echo
[ "$status" = 0 ] && echo "upstream-faults: goals met" || echo "upstream-faults: GOAL MISSED (see above)" >&2
exit "$status"
