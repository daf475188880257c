#!/usr/bin/env bash
# A bench node (sluice-bench.yaml's settings plus an admin port with mTLS) that profiles itself
# the whole time: it asks its own admin API for one CPU profile after another until it is
# stopped. observability-cost.sh starts it through the harness to measure what a running CPU
# profile costs. Between two profiles there is a gap of about the time to parse a recording
# (well under a second per 30 s), so the measured cost is, if anything, slightly low.
# Usage: profiled-node.sh WORK_DIR   (JAVA, CP and SLUICE_ROOT from the caller's environment)
set -uo pipefail
work=$1
certs=$work/certs
mkdir -p "$work"
[ -f "$certs/node-1.p12" ] || "$SLUICE_ROOT/scripts/certs.sh" dev-setup --dir "$certs" --nodes 1 >/dev/null
cat >"$work/node.yaml" <<YAML
$(sed -n '/^node:/,/^listeners:/p' "$SLUICE_ROOT/scripts/benchmarks/sluice-bench.yaml" | sed '$d')
admin:
  host: 127.0.0.1
  port: 9290
  tls:
    keyStore: $certs/node-1.p12
    keyStorePassword: changeit
    trustStore: $certs/truststore.p12
    trustStorePassword: changeit
$(sed -n '/^listeners:/,$p' "$SLUICE_ROOT/scripts/benchmarks/sluice-bench.yaml")
YAML
# shellcheck disable=SC2086
"$JAVA" $SLUICE_BENCH_JVM -cp "$CP" io.sluice.Main --config "$work/node.yaml" & node=$!
loop=
trap 'kill $loop $node 2>/dev/null; wait $node 2>/dev/null; exit 0' TERM INT EXIT
(
  until curl -s -o /dev/null --cacert "$certs/ca-bundle.pem" --cert "$certs/operator.pem" --key "$certs/operator.key" \
      https://127.0.0.1:9290/admin/v1/node; do sleep 0.2; done
  while kill -0 $node 2>/dev/null; do
    curl -s -o /dev/null -m 70 --cacert "$certs/ca-bundle.pem" --cert "$certs/operator.pem" --key "$certs/operator.key" \
      -H 'Content-Type: application/json' -d '{"kind":"cpu","seconds":60}' https://127.0.0.1:9290/admin/v1/profiles \
      || sleep 1
  done
) & loop=$!
wait $node
