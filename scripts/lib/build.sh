# Sourced after env.sh: builds the runnable jars once, and again only when sources changed.
ensure_built() {
  build_if_stale "$SLUICE_ROOT/server/target/sluice-server.jar" "$SLUICE_ROOT/certs/target/lib" \
    "shared-model,certs,server" "" pom.xml shared-model certs server
}

# The monitor: its jar and the runtime classpath Maven wrote beside it (shared-model, Jackson, JavaFX).
ensure_monitor_built() {
  build_if_stale "$SLUICE_ROOT/monitor-app/target/monitor-app-0.1.0-SNAPSHOT.jar" \
    "$SLUICE_ROOT/monitor-app/target/classpath.txt" "monitor-app" " the monitor" pom.xml shared-model monitor-app
}

# build_if_stale STAMP ALSO_NEEDED MODULES WHAT SOURCE_DIRS...: installs MODULES (and what they need)
# unless STAMP and ALSO_NEEDED exist and no file under SOURCE_DIRS is newer than STAMP.
build_if_stale() {
  local stamp=$1 needed=$2 modules=$3 what=$4; shift 4
  local dirs=(); for d in "$@"; do dirs+=("$SLUICE_ROOT/$d"); done
  if [ -f "$stamp" ] && [ -e "$needed" ] && \
     [ -z "$(find "${dirs[@]}" -path '*/target' -prune -o -newer "$stamp" -type f -print 2>/dev/null | head -1)" ]; then
    return 0
  fi
  echo "sluice: building$what (first run or sources changed; later runs start at once)..." >&2
  (cd "$SLUICE_ROOT" && "$MVNW" -q -B -ntp -DskipTests -pl "$modules" -am install) >&2
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

monitor_classpath() {
  echo "$SLUICE_ROOT/monitor-app/target/monitor-app-0.1.0-SNAPSHOT.jar:$(cat "$SLUICE_ROOT/monitor-app/target/classpath.txt")"
}
