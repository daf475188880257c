#!/usr/bin/env bash
# Fault: 100 config changes a second for a minute under steady load (issue 7). Starts its own
# cluster, loads every node with wrk, and runs ConfigChurn.java: PUT /admin/v1/config through the
# three nodes' admin APIs in turn (operator certificate), open loop at --rate per second for
# --seconds, alternating two configs (canary weights 90/10 and 50/50 on /shop) with the change
# number in a response header of /api, so that each change is new text and a client can see which
# one a node runs. With --replace-upstreams the two configs also differ in the loaded upstream's
# settings, so every change replaces that upstream (new pools, health, breaker) on every node.
# Afterwards every node must run the last accepted version and answer with its header.
# --no-load leaves wrk out (the writer and the nodes alone: what the churn costs without traffic).
# --warmup N (default 0) first runs the same churn for N s, reported on its own line and not in the
# figures: the nodes start fresh here, and the config write path (YAML, JSON, signatures, the
# Hazelcast calls) runs interpreted for its first ~20 s, which a cluster that has been up does not.
# Prints a table; exits 1 when wrk saw a failed request (goal 0), a node is not on the last
# version within 10 s of the writer's end, or fewer than 90 % of the offered changes were accepted.
# Raw output: var/faults/config-churn[-replace][-wN]/. FAULTS_UPSTREAM_OPTS sets the upstream JVMs'
# options (default -Xmx128m, as in the demo).
#   scripts/faults/config-churn.sh [--rate N (100)] [--seconds N (60)] [--writers N (4)] [--warmup N (0)] [--replace-upstreams] [--no-load]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RATE=100 CHURN_SECS=60 REPLACE=0 WRITERS=4 LOAD=1 WARMUP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE=$2; shift ;;
    --seconds) CHURN_SECS=$2; shift ;;
    --replace-upstreams) REPLACE=1 ;;
    --writers) WRITERS=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --no-load) LOAD=0 ;;
    *) echo "usage: $0 [--rate N] [--seconds N] [--writers N] [--warmup N] [--replace-upstreams] [--no-load]   (unknown argument: $1)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$RATE" =~ ^[0-9]+$ && "$WRITERS" =~ ^[0-9]+$ && "$CHURN_SECS" =~ ^[0-9]+$ && "$CHURN_SECS" -le 120 && "$WARMUP" =~ ^[0-9]+$ && "$WARMUP" -le 60 ]] || { echo "$0: --rate, --writers, --seconds and --warmup are whole numbers, --seconds at most 120, --warmup at most 60" >&2; exit 2; }

faults_init "config-churn$([ "$REPLACE" = 1 ] && echo -replace || true)$([ "$WRITERS" = 4 ] || echo "-w$WRITERS")$([ "$LOAD" = 1 ] || echo -noload)$([ "$WARMUP" = 0 ] || echo -warm)"
template() {  # template WEIGHT_BLUE RESPONSE_HEADERS_TIMEOUT
  cat <<YAML
upstreams:
$(demo_upstream_yaml "$2")
  - id: blue
    endpoints: [{url: "http://127.0.0.1:$UP1"}]
  - id: green
    endpoints: [{url: "http://127.0.0.1:$UP2"}]
routes:
  - id: api
    match: {pathPrefix: /api}
    upstream: demo
    rewrite: {stripPrefix: true, responseHeaders: {set: {X-Config-Rev: "__REV__"}}}
  - id: shop
    match: {pathPrefix: /shop}
    split: [{upstream: blue, weight: $1}, {upstream: green, weight: $((100 - $1))}]
    rewrite: {stripPrefix: true}
YAML
}
template 90 5s >"$VAR/template-a.yaml"
if [ "$REPLACE" = 1 ]; then template 50 6s >"$VAR/template-b.yaml"; else template 50 5s >"$VAR/template-b.yaml"; fi
sed 's/__REV__/start/' "$VAR/template-a.yaml" >"$VAR/shared.yaml"

log "starting upstreams and a 3-node cluster (logs: $VAR/logs)"
start_upstream 1 blue
start_upstream 2 green
start_cluster 3

LOAD_SECS=$((CHURN_SECS + WARMUP + 20))
sampler_start $((LOAD_SECS + 5))
if [ "$LOAD" = 1 ]; then
  log "load: wrk on each node (/api/small on all three, /shop/small on node-1), ${LOAD_SECS}s, 10 ms pause after each answer"
  for i in 1 2 3; do load_start "node-$i" "http://127.0.0.1:$(http_port "$i")/api/small" "$LOAD_SECS" 8 10; done
  load_start "shop-node-1" "http://127.0.0.1:$(http_port 1)/shop/small" "$LOAD_SECS" 4 10
fi
sleep 5
churn_run() {  # churn_run SECONDS CSV OUT
  java -Xmx256m -cp "$CP" "$FAULTS_DIR/ConfigChurn.java" "$VAR/certs" "$RATE" "$1" "$WRITERS" \
    "$VAR/template-a.yaml" "$VAR/template-b.yaml" "$2" \
    "$(admin_url 1)" "$(admin_url 2)" "$(admin_url 3)" >"$3" 2>&1 || true
}
if [ "$WARMUP" -gt 0 ]; then
  log "warm-up: the same churn for ${WARMUP}s (not counted)"
  churn_run "$WARMUP" "$VAR/warmup.csv" "$VAR/warmup.txt"
fi
log "churn: $RATE changes/s for ${CHURN_SECS}s, at most $WRITERS in flight, through the admin APIs of node-1, node-2, node-3 in turn$([ "$REPLACE" = 1 ] && echo ', each replacing upstream demo' || true)"
churn_run "$CHURN_SECS" "$VAR/changes.csv" "$VAR/churn.txt"
CHURN_END=$(now_ms)
# what the nodes' platform threads are, right when the writer stops (jcmd thread dumps)
DUMPS=()
for i in 1 2 3; do DUMPS[i]=$(thread_names "$i" "$VAR/threads-node-$i.txt"); done
grep -v '^CHURN' "$VAR/churn.txt" | head -5 || true
churn() { grep -m1 '^CHURN' "$VAR/churn.txt" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
LAST=$(churn last_version); LAST_REV=$(churn last_rev)

# every node on the last version: where each stands when the writer stops, then poll until all
# three run it (at most 45 s; the load goes on for the first 15 s of that)
AT_END=()
for i in 1 2 3; do AT_END[i]=$(node_version "$i"); done
CONVERGED=""
for _ in $(seq 1 600); do
  if [ "$(node_version 1)" = "$LAST" ] && [ "$(node_version 2)" = "$LAST" ] && [ "$(node_version 3)" = "$LAST" ]; then
    CONVERGED=$(($(now_ms) - CHURN_END)); break
  fi
  [ $(($(now_ms) - CHURN_END)) -lt 45000 ] || break
  sleep 0.1
done
load_wait

status=0
echo
echo "config churn $([ "$LOAD" = 1 ] && echo "under load" || echo "without client load") (raw output: $VAR)"
if [ "$WARMUP" -gt 0 ]; then
  printf '  %-28s %s changes/s accepted over %s s, PUT p50 %s ms (not counted below)\n' "warm-up" \
    "$(grep -m1 '^CHURN' "$VAR/warmup.txt" | tr ' ' '\n' | awk -F= '$1 == "achieved_per_s" {print $2}')" "$WARMUP" \
    "$(grep -m1 '^CHURN' "$VAR/warmup.txt" | tr ' ' '\n' | awk -F= '$1 == "p50_ms" {print $2}')"
fi
offered=$(churn offered); ok=$(churn ok)
printf '  %-28s offered %s, sent %s, accepted %s, refused/failed %s in %s s: %s changes/s accepted (goal %s/s)\n' \
  "changes (PUT /config)" "${offered:-?}" "$(churn sent)" "${ok:-?}" "$(churn failed)" "$(churn seconds)" "$(churn achieved_per_s)" "$RATE"
printf '  %-28s latency p50 %s ms, p99 %s ms, max %s ms; %s times all %s writers were busy when a change was due\n' \
  "" "$(churn p50_ms)" "$(churn p99_ms)" "$(churn max_ms)" "$(churn waited_for_slot)" "$WRITERS"
awk -F, 'NR > 1 && $5 == 200 {s = int($3 / 1000); n[s]++} END {min = -1; for (s in n) {if (min < 0 || n[s] < min) min = n[s]; if (n[s] > max) max = n[s]}; printf "  %-28s accepted per second: lowest %d, highest %d\n", "", min, max}' "$VAR/changes.csv"
awk -F, 'NR > 1 && $5 != 200 {c[$5 " " $7]++} END {for (k in c) printf "  %-28s refused: %d x %s\n", "", c[k], k}' "$VAR/changes.csv"
[ -n "$ok" ] && [ "$ok" -ge $((offered * 9 / 10)) ] || status=1
for i in 1 2 3; do
  v=$(node_version "$i")
  rev=$({ curl -s -m 5 -o /dev/null -D - "http://127.0.0.1:$(http_port "$i")/api/small" || true; } | tr -d '\r' | awk -F': ' 'tolower($1) == "x-config-rev" {print $2}')
  applied=$(grep -c 'runs config version' "$VAR/logs/node-$i.log" || true)
  printf '  %-28s at the writer'"'"'s end v%s (%s behind); now v%s (last accepted v%s), X-Config-Rev %s (last %s); applied %s versions\n' \
    "node-$i" "${AT_END[i]}" "$(awk -v l="$LAST" -v e="${AT_END[i]}" 'BEGIN {print (e ~ /^[0-9]+$/ && l ~ /^[0-9]+$/) ? l - e : "?"}')" "$v" "$LAST" "${rev:-none}" "$LAST_REV" "$applied"
  [ "$v" = "$LAST" ] && [ "$rev" = "$LAST_REV" ] || status=1
done
printf '  %-28s %s (goal: within 10 s)\n' "all nodes on the last" "$([ -n "$CONVERGED" ] && echo "${CONVERGED} ms after the writer finished" || echo "NOT within 45 s of the writer's end")"
[ -n "$CONVERGED" ] && [ "$CONVERGED" -le 10000 ] || status=1
for label in $([ "$LOAD" = 1 ] && echo node-1 node-2 node-3 shop-node-1); do
  req=$(load_field "$label" requests); failed=$(load_field "$label" failed)
  printf '  %-28s %s answers, %s failed (goal 0): non-2xx/3xx %s, socket errors %s, timeouts %s; p99 %s ms\n' "wrk $label" "${req:-?}" "${failed:-?}" \
    "$(load_field "$label" bad)" "$(( $(load_num "$label" connect) + $(load_num "$label" read) + $(load_num "$label" write) ))" \
    "$(load_field "$label" timeout)" "$(us_to_ms "$(load_field "$label" p99_us)")"
  [ "${failed:-1}" = 0 ] || status=1
done
awk '$2 ~ /^node-/ {if (!($2 in first)) {first[$2] = $3; firstt[$2] = $4}; last[$2] = $3; lastt[$2] = $4; if ($3 > rss[$2]) rss[$2] = $3; if ($4 > th[$2]) th[$2] = $4}
  END {for (n in rss) printf "  %-28s RSS first %d MB, peak %d MB, last %d MB; platform threads first %d, peak %d, last %d\n", n, first[n] / 1024, rss[n] / 1024, last[n] / 1024, firstt[n], th[n], lastt[n]}' "$VAR/samples.txt" | sort
awk '$2 == "upstream-conns" {if (!f) f = $3; if ($3 > p) p = $3; l = $3} END {printf "  %-28s first %d, peak %d, last %d (both upstreams, server side, established)\n", "TCP connections to upstreams", f, p, l}' "$VAR/samples.txt"
for i in 1 2 3; do printf '  %-28s %s\n' "node-$i threads at the end" "${DUMPS[i]}"; done
grep -l 'OutOfMemoryError' "$VAR"/logs/upstream-*.log 2>/dev/null | sed 's/^/  OutOfMemoryError in: /' || true
grep -h 'could not\|ERROR' "$VAR"/logs/node-*.log | grep -v '"route"' | head -5 | sed 's/^/  node log: /' || true
echo
[ "$status" = 0 ] && echo "config-churn: goals met" || echo "config-churn: GOAL MISSED (see above)" >&2
exit "$status"
