#!/usr/bin/env bash
# Sluice PKI tool: create a CA, issue node/client certificates, inspect stores, dev setup.
# Builds the certs module on first use, then runs io.sluice.certs.CertsCli with your arguments
# (relative paths are relative to where you run it).  `scripts/certs.sh help` lists the commands.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"

certs_jar() {  # prints the module jar (not sources/javadoc/tests jars), or nothing
  local jar
  for jar in "$SLUICE_ROOT"/certs/target/certs-*.jar; do
    case "$jar" in *-sources.jar|*-javadoc.jar|*-tests.jar) continue ;; esac
    [ -f "$jar" ] && { echo "$jar"; return 0; }
  done
  return 0
}

jar=$(certs_jar)
if [ -z "$jar" ] || [ ! -d "$SLUICE_ROOT/certs/target/lib" ]; then
  echo "sluice: building the certs module (first use)..." >&2
  (cd "$SLUICE_ROOT" && "$MVNW" -q -B -ntp -pl certs -am install -DskipTests) >&2
  jar=$(certs_jar)
  [ -n "$jar" ] || { echo "sluice: build finished but no certs/target/certs-*.jar was produced" >&2; exit 1; }
fi

exec "$JAVA_HOME/bin/java" -cp "$jar:$SLUICE_ROOT/certs/target/lib/*" io.sluice.certs.CertsCli "$@"
