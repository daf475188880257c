#!/usr/bin/env bash
# Starts the desktop monitor. With no arguments it connects to the demo cluster (scripts/demo.sh,
# node-1's admin API on :19080) as the demo operator (var/demo/certs/operator.pem); any arguments
# are passed on instead (see --help). On a machine without GTK 3 or a display it says what to
# install, or to use scripts/monitor-snapshots.sh, instead of failing in native code.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
source "$SLUICE_ROOT/scripts/lib/build.sh"

if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  cat <<'USAGE'
usage: scripts/monitor.sh                 connect to the demo cluster as its operator
       scripts/monitor.sh --viewer        the same with the demo's read-only viewer certificate
       scripts/monitor.sh [OPTIONS]       --admin URL (--cert PEM --key KEY | --keystore P12 --password-env VAR)
                                          --ca CA [--name NAME] [--connect] [--snapshots DIR]
USAGE
  exit 0
fi

ARGS=("$@")
if [ $# -eq 0 ] || [ "${1:-}" = "--viewer" ]; then
  who=operator; [ "${1:-}" = "--viewer" ] && who=viewer
  CERTS="$SLUICE_ROOT/var/demo/certs"
  if [ ! -f "$CERTS/$who.pem" ]; then
    echo "sluice monitor: no demo certificates in $CERTS; start the demo first: scripts/demo.sh" >&2
    exit 1
  fi
  ADMIN=${SLUICE_ADMIN:-https://127.0.0.1:${SLUICE_DEMO_ADMIN_PORT:-19080}}
  ARGS=(--name "demo ($who)" --admin "$ADMIN" --cert "$CERTS/$who.pem" --key "$CERTS/$who.key"
        --ca "$CERTS/ca-bundle.pem" --connect)
fi

ensure_monitor_built
exec java ${SLUICE_MONITOR_OPTS:--Xmx512m} --enable-native-access=ALL-UNNAMED -cp "$(monitor_classpath)" io.sluice.monitor.app.Main "${ARGS[@]}"
