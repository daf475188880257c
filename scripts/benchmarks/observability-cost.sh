#!/usr/bin/env bash
# What request metrics + tracing, and a running CPU profile, cost in requests/s, measured so that
# this shared, noisy machine's drift hits every side alike: two warm nodes side by side, measured
# in alternation, round after round, in a rotating order.
#   bare  node.metrics: false, node.tracing.enabled: false        (sluice-bench-bare.yaml, port 9200)
#   obs   the defaults: metrics on, tracing on (1 % sampled + errors + slow)  (sluice-bench.yaml on 9201)
#   prof  obs while it records a CPU profile through its admin API (POST /admin/v1/profiles)
# Load: the harness's S1 (GET /small, 100 B, 64 keep-alive connections, wrk -t1 pinned to cpu 1)
# against the harness's upstream (nginx, 1 worker, the same config as ../shared/bench renders),
# started here on 127.0.0.1:9001. Every process is started here and stopped here by PID.
# Usage: observability-cost.sh [ROUNDS (default 6)]   ~1 min + ROUNDS x 40 s
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"
source "$SLUICE_ROOT/scripts/lib/build.sh"
ROUNDS=${1:-6}
SECS=${SECS:-10}
BENCH=${SLUICE_BENCH_DIR:-$SLUICE_ROOT/../shared/bench}
for b in nginx wrk taskset curl; do command -v $b >/dev/null || { echo "observability-cost: $b missing: run $BENCH/setup.sh" >&2; exit 1; }; done
ensure_built
VAR=$SLUICE_ROOT/var/observability-cost
rm -rf "$VAR" && mkdir -p "$VAR/upstream/tmp" "$VAR/logs"
CERTS=$VAR/certs
"$SLUICE_ROOT/scripts/certs.sh" dev-setup --dir "$CERTS" --nodes 1 >/dev/null
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# the harness's upstream, rendered as its run.sh does (the variant without the echo module: S1 needs only /small)
sed -e 's/^#NOECHO# //' -e '/^#ECHO# /d' "$BENCH/peers/upstream/nginx.conf.in" >"$VAR/upstream/nginx.conf"
nginx -p "$VAR/upstream/" -c "$VAR/upstream/nginx.conf" -e "$VAR/upstream/error.log" & PIDS+=($!)
wait_for_port 9001 10 || { echo "observability-cost: upstream did not start (see $VAR/upstream/error.log)" >&2; exit 1; }

JVM="${SLUICE_BENCH_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch} -XX:FlightRecorderOptions:stackdepth=128"
B=$SLUICE_ROOT/scripts/benchmarks
{ sed 's/port: 9200/port: 9201/; s/id: bench/id: bench-obs/' "$B/sluice-bench.yaml"
  printf 'admin:\n  host: 127.0.0.1\n  port: 9290\n  tls:\n    keyStore: %s\n    keyStorePassword: changeit\n    trustStore: %s\n    trustStorePassword: changeit\n' \
    "$CERTS/node-1.p12" "$CERTS/truststore.p12"; } >"$VAR/obs.yaml"
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" $JVM -cp "$(server_classpath)" io.sluice.Main --config "$B/sluice-bench-bare.yaml" >"$VAR/logs/bare.log" 2>&1 & PIDS+=($!)
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" $JVM -cp "$(server_classpath)" io.sluice.Main --config "$VAR/obs.yaml" >"$VAR/logs/obs.log" 2>&1 & PIDS+=($!)
wait_for_port 9200 30 && wait_for_port 9201 30 && wait_for_port 9290 30 || { echo "observability-cost: a node did not start (see $VAR/logs)" >&2; exit 1; }

ADMIN=(--cacert "$CERTS/ca-bundle.pem" --cert "$CERTS/operator.pem" --key "$CERTS/operator.key")
rps() {  # rps PORT -> requests/s of one S1 run
  timeout $((SECS + 15)) taskset -c 1 wrk -t1 -c64 -d${SECS}s --timeout 2s "http://127.0.0.1:$1/small" \
    | awk '/Requests\/sec/ { printf "%.0f", $2 }'
}
measure() {  # measure bare|obs|prof
  sleep 2
  case $1 in
    bare) rps 9200 ;;
    obs) rps 9201 ;;
    prof)
      curl -s -o "$VAR/profile.json" -m $((SECS + 30)) "${ADMIN[@]}" -H 'Content-Type: application/json' \
        -d "{\"kind\":\"cpu\",\"seconds\":$((SECS + 2))}" https://127.0.0.1:9290/admin/v1/profiles & local c=$!
      sleep 1  # the recording runs before the load starts and after it ends
      rps 9201
      wait $c ;;
  esac
}
echo "warm-up: 4 x ${SECS}s per node (JIT)"
for _ in 1 2 3 4; do measure bare >/dev/null; measure obs >/dev/null; done
measure prof >/dev/null
grep -q '"kind":"cpu"' "$VAR/profile.json" || { echo "observability-cost: the profile call failed: $(head -c 300 "$VAR/profile.json")" >&2; exit 1; }

orders=("bare obs prof" "obs prof bare" "prof bare obs")
out=$VAR/rounds.txt
printf '%-6s %8s %8s %8s\n' round bare obs prof | tee "$out"
for r in $(seq 1 "$ROUNDS"); do
  declare -A v=()
  for k in ${orders[$(((r - 1) % 3))]}; do v[$k]=$(measure "$k"); done
  printf '%-6s %8s %8s %8s\n' "$r" "${v[bare]}" "${v[obs]}" "${v[prof]}" | tee -a "$out"
done
awk 'NR > 1 { b += $2; o += $3; p += $4; n++; ro[n] = $3 / $2; rp[n] = $4 / $3 }
     function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
     END {
       printf "mean req/s over %d rounds: bare %.0f  obs %.0f  prof %.0f\n", n, b / n, o / n, p / n
       printf "metrics+tracing on / both off: %.3f (cost %.1f %%; median of per-round ratios %.3f)\n", o / b, 100 * (1 - o / b), median(ro, n)
       printf "CPU profile running / not:     %.3f (cost %.1f %%; median of per-round ratios %.3f)\n", p / o, 100 * (1 - p / o), median(rp, n)
     }' "$out" | tee -a "$out"
