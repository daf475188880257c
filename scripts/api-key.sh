#!/usr/bin/env bash
# Makes a new API key for a route's auth.apiKeys: prints a random 32-byte key (give it to the caller,
# once; Sluice never stores it) and the config line with its SHA-256 (what goes into the config).
#   scripts/api-key.sh [ID]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
source "$SLUICE_ROOT/scripts/lib/build.sh"
ensure_built >&2
exec "$JAVA_HOME/bin/java" -cp "$(server_classpath)" io.sluice.auth.ApiKeys "$@"
