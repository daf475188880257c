# Sourced by every Sluice script: finds a JDK 25+ and the Maven wrapper so a newcomer exports nothing.
# Order: $JAVA_HOME if it is 25+, then the newest JDK 25+ under the usual install folders. The gateway
# itself needs 21 (virtual threads); the build needs 25 because the monitor's JavaFX 26 needs 24+.

SLUICE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

java_major() {  # java_major JAVA_BIN -> prints the feature version (17, 21, 25) or nothing
  "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}

find_jdk() {
  local cand major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 25 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for cand in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$cand/bin/javac" ] || continue
    major=$(java_major "$cand/bin/java")
    if [ "${major:-0}" -ge 25 ] && [ "$major" -gt "$best_major" ]; then best=$cand; best_major=$major; fi
  done
  [ -n "$best" ] && { echo "$best"; return 0; }
  return 1
}

# A script started by another Sluice script inherits the JDK found already (java -version costs ~0.2 s).
if [ -n "${SLUICE_JAVA_HOME:-}" ] && [ -n "${SLUICE_JAVA_MAJOR:-}" ] && [ -x "$SLUICE_JAVA_HOME/bin/java" ]; then
  :
elif ! SLUICE_JAVA_HOME=$(find_jdk); then
  cat >&2 <<'MSG'
sluice: no JDK 25 or newer found (JAVA_HOME is unset or older, and none under /usr/lib/jvm, /opt).
  Install one, for example on Debian/Ubuntu:  apt-get install openjdk-25-jdk-headless
  (or Temurin 25), or point JAVA_HOME at it. Nodes run on 21+, the monitor's JavaFX 26 needs 24+.
MSG
  exit 1
fi
export SLUICE_JAVA_HOME
export SLUICE_JAVA_MAJOR=${SLUICE_JAVA_MAJOR:-$(java_major "$SLUICE_JAVA_HOME/bin/java")}
export JAVA_HOME="$SLUICE_JAVA_HOME"
export PATH="$JAVA_HOME/bin:$PATH"
MVNW="$SLUICE_ROOT/mvnw"
# JDK 23+ warns about Maven's (Guice's) use of sun.misc.Unsafe; the flag that silences it does not exist before 23.
if [ "$SLUICE_JAVA_MAJOR" -ge 23 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
# Flags every gateway node JVM gets: the module opens Hazelcast documents for Java 17+ (kept in step
# with <hazelcast.opens> in pom.xml), plus the Unsafe flag on JDK 23+, plus a JFR stack depth of 128
# (default 64) so the profiles of the admin API reach from a request's handler down to its leaf frames.
SLUICE_NODE_FLAGS="-XX:FlightRecorderOptions:stackdepth=128 --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"
if [ "$SLUICE_JAVA_MAJOR" -ge 23 ]; then
  SLUICE_NODE_FLAGS="$SLUICE_NODE_FLAGS --sun-misc-unsafe-memory-access=allow"
fi
