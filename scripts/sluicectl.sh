#!/usr/bin/env bash
# sluicectl: the admin API of a Sluice node from the shell (curl). Every change goes through one node
# and reaches the whole cluster.
#   scripts/sluicectl.sh [--node https://127.0.0.1:19080] COMMAND ...
# Commands:
#   nodes                                   every node, its admin address and the config version it runs
#   config get [--yaml]                     the cluster's current config (JSON with the text, or the YAML only)
#   config apply FILE [--comment TEXT] [--if-match VERSION]
#                                           validate FILE and make it the next version (YAML: upstreams, routes, rateLimits)
#   config history                          the last 50 versions: who, when, why
#   config rollback VERSION [--comment TEXT]
#   breakers                                every breaker on every node
#   breakers trip|reset|auto NAME --reason TEXT
#                                           force open, force closed, or back to automatic, cluster-wide
#   limits                                  rate-limit usage on this node
#   certificates                            the certificates this node uses, with days left
# The admin API needs a client certificate from the cluster CA: $SLUICE_CERT and $SLUICE_KEY (PEM; role
# operator to act, viewer to read) and $SLUICE_CA (PEM bundle of trusted CAs), by default operator.pem,
# operator.key and ca-bundle.pem in $SLUICE_CERTS (default: var/demo/certs, the demo's). The acting
# operator recorded with each change is the certificate's common name. Exit: 0 ok, 1 refused, 2 usage.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NODE=${SLUICE_ADMIN:-https://127.0.0.1:19080}
CERTS=${SLUICE_CERTS:-$ROOT/var/demo/certs}
CERT=${SLUICE_CERT:-$CERTS/operator.pem}
KEY=${SLUICE_KEY:-$CERTS/operator.key}
CA=${SLUICE_CA:-$CERTS/ca-bundle.pem}
usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

[ "${1:-}" = "--node" ] && { NODE=$2; shift 2; }
[ $# -ge 1 ] || usage
for f in "$CERT" "$KEY" "$CA"; do
  [ -r "$f" ] || { echo "sluicectl: cannot read $f (set SLUICE_CERT, SLUICE_KEY and SLUICE_CA, or SLUICE_CERTS)" >&2; exit 2; }
done
API="$NODE/admin/v1"

call() {  # call METHOD PATH [curl args...]: prints the body; exit 1 on a 4xx/5xx answer
  local method=$1 path=$2; shift 2
  local out status
  out=$(curl -sS -m 30 --cert "$CERT" --key "$KEY" --cacert "$CA" -X "$method" -w '\n%{http_code}' "$@" "$API$path") || {
    echo "sluicectl: cannot reach $NODE over mutual TLS (is the node running? set --node or SLUICE_ADMIN; is the certificate from the cluster CA?)" >&2; exit 1; }
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  if [ "$status" -ge 400 ]; then echo "sluicectl: refused ($status): $out" >&2; exit 1; fi
  if command -v jq >/dev/null 2>&1 && [[ "$out" == [\[{]* ]]; then echo "$out" | jq .; else echo "$out"; fi
}

opt() {  # opt NAME DEFAULT ARGS...: the value after --NAME
  local name=$1 def=$2; shift 2
  while [ $# -gt 0 ]; do [ "$1" = "--$name" ] && { echo "$2"; return; }; shift; done
  echo "$def"
}

json_string() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }

case "$1" in
  nodes) call GET /nodes ;;
  certificates) call GET /certificates ;;
  config)
    case "${2:-}" in
      get) if [ "${3:-}" = "--yaml" ]; then call GET "/config?format=yaml"; else call GET /config; fi ;;
      apply)
        [ -n "${3:-}" ] && [ -f "$3" ] || { echo "sluicectl: config apply needs a readable FILE" >&2; exit 2; }
        args=(-H "Content-Type: application/yaml" --data-binary "@$3" -H "X-Sluice-Comment: $(opt comment "applied from $(basename "$3")" "$@")")
        m=$(opt if-match "" "$@"); [ -n "$m" ] && args+=(-H "If-Match: \"$m\"")
        call PUT /config "${args[@]}" ;;
      history) call GET /config/history ;;
      rollback)
        [[ "${3:-}" =~ ^[0-9]+$ ]] || { echo "sluicectl: config rollback needs a VERSION number" >&2; exit 2; }
        call POST /config/rollback -H "Content-Type: application/json" \
          --data "{\"version\":$3,\"comment\":$(json_string "$(opt comment "" "$@")")}" ;;
      *) usage ;;
    esac ;;
  breakers)
    case "${2:-list}" in
      list) call GET /breakers ;;
      trip|reset|auto)
        [ -n "${3:-}" ] || { echo "sluicectl: breakers $2 needs a breaker NAME" >&2; exit 2; }
        reason=$(opt reason "" "$@")
        [ -n "$reason" ] || { echo "sluicectl: breakers $2 needs --reason TEXT (it is recorded with your name)" >&2; exit 2; }
        mode=$(case "$2" in trip) echo forced-open ;; reset) echo forced-closed ;; auto) echo auto ;; esac)
        call POST /breakers/overrides -H "Content-Type: application/json" \
          --data "{\"breaker\":$(json_string "$3"),\"mode\":\"$mode\",\"reason\":$(json_string "$reason")}" ;;
      *) usage ;;
    esac ;;
  limits) call GET /limits ;;
  -h|--help|help) usage ;;
  *) echo "sluicectl: unknown command $1" >&2; usage ;;
esac
