#!/usr/bin/env bash
# Sluice PKI tool: create a CA, issue node/operator/client certificates, inspect stores, renew,
# trust bundles, TLS probes, dev setup.
# Builds the certs module on first use (and when its sources changed), then runs
# io.sluice.certs.CertsCli with your arguments (relative paths are relative to where you run it).  `scripts/certs.sh help` lists the commands.
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

# A short-lived CLI: the C1 compiler alone starts and finishes it sooner (the rotation scripts run several).
CLI_FLAGS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

# SLUICE_CERTS_CLASSPATH runs the tool from that class path instead (the certs module's own tests
# use it to run the rotation scripts against the classes under test).
if [ -n "${SLUICE_CERTS_CLASSPATH:-}" ]; then
  exec "$JAVA_HOME/bin/java" $CLI_FLAGS -cp "$SLUICE_CERTS_CLASSPATH" io.sluice.certs.CertsCli "$@"
fi

jar=$(certs_jar)
if [ -n "$jar" ] && [ -n "$(find "$SLUICE_ROOT/pom.xml" "$SLUICE_ROOT/certs/pom.xml" "$SLUICE_ROOT/certs/src/main" \
      -newer "$jar" -type f 2>/dev/null | head -1)" ]; then
  jar=""  # sources changed since the jar was built
fi
if [ -z "$jar" ] || [ ! -d "$SLUICE_ROOT/certs/target/lib" ]; then
  echo "sluice: building the certs module (first use or sources changed)..." >&2
  (cd "$SLUICE_ROOT" && "$MVNW" -q -B -ntp -pl certs -am install -DskipTests) >&2
  jar=$(certs_jar)
  [ -n "$jar" ] || { echo "sluice: build finished but no certs/target/certs-*.jar was produced" >&2; exit 1; }
  touch "$jar"  # Maven keeps an up-to-date jar as it was; mark it checked so the next run starts at once
fi

exec "$JAVA_HOME/bin/java" $CLI_FLAGS -cp "$jar:$SLUICE_ROOT/certs/target/lib/*" io.sluice.certs.CertsCli "$@"
