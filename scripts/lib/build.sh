# Sourced after env.sh: builds the runnable jars once, and again only when sources changed.
ensure_built() {
  local stamp="$SLUICE_ROOT/server/target/sluice-server.jar"
  if [ -f "$stamp" ] && [ -d "$SLUICE_ROOT/certs/target/lib" ] && \
     [ -z "$(find "$SLUICE_ROOT"/{pom.xml,shared-model,certs,server}/ -path '*/target' -prune -o -newer "$stamp" -type f -print 2>/dev/null | head -1)" ]; then
    return 0
  fi
  echo "sluice: building (first run or sources changed; later runs start at once)..." >&2
  (cd "$SLUICE_ROOT" && "$MVNW" -q -B -ntp -DskipTests -pl shared-model,certs,server -am install) >&2
}

server_classpath() {
  echo "$SLUICE_ROOT/server/target/sluice-server.jar:$SLUICE_ROOT/server/target/lib/*"
}

wait_for_port() {  # wait_for_port PORT SECONDS PID
  local port=$1 deadline=$((SECONDS + $2)) pid=${3:-}
  while [ $SECONDS -lt $deadline ]; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}

# The monitor: its jar and the runtime classpath Maven wrote beside it (shared-model, Jackson, JavaFX).
ensure_monitor_built() {
  local jar="$SLUICE_ROOT/monitor-app/target/monitor-app-0.1.0-SNAPSHOT.jar"
  if [ -f "$jar" ] && [ -f "$SLUICE_ROOT/monitor-app/target/classpath.txt" ] && \
     [ -z "$(find "$SLUICE_ROOT"/{pom.xml,shared-model,monitor-app}/ -path '*/target' -prune -o -newer "$jar" -type f -print 2>/dev/null | head -1)" ]; then
    return 0
  fi
  echo "sluice: building the monitor (first run or sources changed)..." >&2
  (cd "$SLUICE_ROOT" && "$MVNW" -q -B -ntp -DskipTests -pl monitor-app -am install) >&2
}

monitor_classpath() {
  echo "$SLUICE_ROOT/monitor-app/target/monitor-app-0.1.0-SNAPSHOT.jar:$(cat "$SLUICE_ROOT/monitor-app/target/classpath.txt")"
}
