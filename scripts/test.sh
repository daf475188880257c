#!/usr/bin/env bash
# Runs the whole test suite (unit + integration) with the project's own JDK finder and Maven wrapper.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
cd "$SLUICE_ROOT"
echo "sluice: testing with $(java -version 2>&1 | head -1) from $JAVA_HOME"
exec "$MVNW" -B -ntp verify "$@"
