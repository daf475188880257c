#!/usr/bin/env bash
# Starts a three-member Sluice cluster on this machine and becomes (exec) its first member, the one
# the benchmark measures. full-stack.sh hands this to the shared harness as a `--start` command, so
# the harness's PID, its gw%cpu and its stop are the measured node alone. The two other members are
# detached from this process tree (so their heartbeats and lease calls are not in gw%cpu); their PIDs
# go to DIR/member-*.pid and full-stack.sh stops them by PID once the harness is done.
#   cluster-node.sh DIR NODE1.yaml NODE2.yaml NODE3.yaml   (member JVMs: -Xms256m -Xmx512m G1)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../lib/env.sh"
source "$SLUICE_ROOT/scripts/lib/build.sh"
DIR=$1; NODE1=$2; shift 2
CP=$(server_classpath)
mkdir -p "$DIR"
i=1
for cfg in "$@"; do
  i=$((i + 1))
  # shellcheck disable=SC2086
  ( "$JAVA_HOME/bin/java" -Xms256m -Xmx512m -XX:+UseG1GC $SLUICE_NODE_FLAGS -cp "$CP" io.sluice.Main --config "$cfg" \
      >"$DIR/member-$i.log" 2>&1 & echo $! >"$DIR/member-$i.pid" )
done
# the members' own listeners answer once each node is up (its Hazelcast member started before them)
for cfg in "$@"; do
  port=$(awk '/^listeners:/ {l = 1} l && /port:/ {print $2; exit}' "$cfg")
  wait_for_port "$port" 60 || { echo "cluster-node: member $cfg did not start (see $DIR)" >&2; exit 1; }
done
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" ${SLUICE_BENCH_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch} $SLUICE_NODE_FLAGS \
  -cp "$CP" io.sluice.Main --config "$NODE1"
