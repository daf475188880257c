#!/usr/bin/env bash
# sluicectl: the admin API of a Sluice cluster from the shell (io.sluice.cli.Sluicectl). Every change
# goes through one node and reaches the whole cluster.
#   scripts/sluicectl.sh [--node URL|NODE_ID] [--json] COMMAND ...      scripts/sluicectl.sh --help
# Commands: status, nodes, routes, upstreams, limits, certificates, breakers [list],
#   trip|reset|auto BREAKER --reason TEXT (also breakers trip|reset|auto ...),
#   config show|get [VERSION] [--yaml] | apply FILE [--comment C] [--if-match N] | history | rollback VERSION [--comment C],
#   traces, tail, profile, threads, drain, metrics.
# The node: --node URL, else $SLUICE_ADMIN, else https://127.0.0.1:19080 (the demo's node-1).
# The admin API needs a client certificate from the cluster CA: $SLUICE_CERT and $SLUICE_KEY (PEM; role
# operator to act, viewer to read) and $SLUICE_CA (PEM bundle of trusted CAs), by default operator.pem,
# operator.key and ca-bundle.pem in $SLUICE_CERTS (default: var/demo/certs, the demo's); or --cert/--key/--ca,
# or --keystore FILE.p12 --password P. The acting operator recorded with each change is the certificate's
# common name. Exit: 0 ok, 1 refused or unreachable (the problem on stderr), 2 usage.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
source "$SLUICE_ROOT/scripts/lib/build.sh"

# Relative paths in SLUICE_CERTS' default are the repository's, wherever the script is run from.
export SLUICE_CERTS=${SLUICE_CERTS:-$SLUICE_ROOT/var/demo/certs}

ensure_built
# A short-lived client JVM: small heap, no optimising compiler warm-up, class data sharing on.
exec java -Xms16m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \
  -cp "$(server_classpath)" io.sluice.cli.Sluicectl "$@"
