#!/usr/bin/env bash
# Rotates the node and operator certificates of a certs directory while the cluster keeps serving:
# each is renewed with a NEW key and serial but the same name, role, SANs and key usages, signed by
# the CA in CERTDIR/ca. Running nodes watch their key store files and reload them within about a
# second; for each --check target the script then waits (up to 15 s, polling) until a real TLS
# handshake with that node shows its new serial, and prints a table of what changed.
#
# usage: scripts/rotate-certs.sh --dir CERTDIR [--nodes node-1,node-2,...] [--operators operator,viewer]
#            [--check node-1=127.0.0.1:19080,node-2=127.0.0.1:19081,...] [--password PW] [--ca CADIR]
#
#   --dir        the certs directory (the dev-setup layout: ca/ca.p12, node-N.p12/.pem/.key,
#                operator.p12, viewer.p12, truststore.p12)
#   --nodes      node certificates to renew, as CERTDIR/NAME.p12 (default: every CERTDIR/node-*.p12)
#   --operators  operator certificates to renew (default: operator and viewer, those that exist)
#   --check      NAME=HOST:PORT of a node's TLS port that asks for a client certificate (its admin
#                port); the probe presents CERTDIR/operator.p12 and trusts CERTDIR/truststore.p12
#   --password   key store password (default changeit, development only)
#   --ca         the CA directory to sign with (default CERTDIR/ca; rotate-ca.sh phase2 passes
#                CERTDIR/ca-next)
#
# Every file is renewed by one `certs renew` (nothing is replaced unless all can be; previous files
# are kept as *.bak-<UTC time>) and all checks run in one `certs probe`: two JVM starts in all.
# Exit codes: 0 renewed (and every check saw its new serial), 1 failure or a check that did not see
# the new serial in time, 2 bad arguments. SLUICE_ROTATE_WAIT overrides the 15 s wait.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"

CERTS="$SLUICE_ROOT/scripts/certs.sh"
USAGE="usage: scripts/rotate-certs.sh --dir CERTDIR [--nodes node-1,node-2,...] [--operators operator,viewer]
           [--check NAME=HOST:PORT,...] [--password PW] [--ca CADIR]   (see the header of this script)"
WAIT_SECONDS=${SLUICE_ROTATE_WAIT:-15}

die_usage() { echo "rotate-certs: $1" >&2; echo "$USAGE" >&2; exit 2; }
die() { echo "rotate-certs: $1" >&2; exit 1; }

DIR="" NODES="" NODES_SET=0 OPERATORS="" OPERATORS_SET=0 CHECKS="" PASSWORD=changeit CA_DIR=""
while [ $# -gt 0 ]; do
  opt=$1 value=""
  case "$opt" in
    --*=*) value=${opt#*=}; opt=${opt%%=*} ;;
    -h|--help) echo "$USAGE"; exit 0 ;;
    --dir|--nodes|--operators|--check|--password|--ca)
      [ $# -ge 2 ] || die_usage "option $opt needs a value"
      value=$2; shift ;;
    *) die_usage "unknown argument '$opt'" ;;
  esac
  shift
  case "$opt" in
    --dir) DIR=$value ;;
    --nodes) NODES=$value; NODES_SET=1 ;;
    --operators) OPERATORS=$value; OPERATORS_SET=1 ;;
    --check) CHECKS=$value ;;
    --password) PASSWORD=$value ;;
    --ca) CA_DIR=$value ;;
    *) die_usage "unknown option $opt" ;;
  esac
done

[ -n "$DIR" ] || die_usage "missing required option --dir"
[ -d "$DIR" ] || die_usage "--dir $DIR is not a directory"
if [ -z "$CA_DIR" ]; then
  CA_DIR="$DIR/ca"
  if [ -d "$DIR/ca-next" ]; then
    die "a CA rotation is in progress ($DIR/ca-next exists): renewing with the old CA would undo it.
  Finish it with scripts/rotate-ca.sh --dir $DIR phase2 / phase3, or pass --ca $DIR/ca-next."
  fi
fi
[ -f "$CA_DIR/ca.p12" ] || die_usage "no CA at $CA_DIR/ca.p12"

valid_name() { [[ $1 =~ ^[A-Za-z0-9_][A-Za-z0-9._-]*$ ]]; }

# The certificates to renew, in order: nodes first, then operators.
NAMES=() KINDS=()
if [ $NODES_SET -eq 1 ]; then
  IFS=',' read -r -a list <<<"$NODES"
else
  list=()
  for f in "$DIR"/node-*.p12; do [ -f "$f" ] && list+=("$(basename "$f" .p12)"); done
fi
for name in "${list[@]}"; do
  [ -n "$name" ] || continue
  valid_name "$name" || die_usage "invalid node name '$name'"
  [ -f "$DIR/$name.p12" ] || die_usage "--nodes $name: $DIR/$name.p12 not found"
  NAMES+=("$name") KINDS+=(node)
done
if [ $OPERATORS_SET -eq 1 ]; then
  IFS=',' read -r -a list <<<"$OPERATORS"
  for name in "${list[@]}"; do
    [ -n "$name" ] || continue
    valid_name "$name" || die_usage "invalid operator name '$name'"
    [ -f "$DIR/$name.p12" ] || die_usage "--operators $name: $DIR/$name.p12 not found"
    NAMES+=("$name") KINDS+=(operator)
  done
else
  for name in operator viewer; do
    [ -f "$DIR/$name.p12" ] && { NAMES+=("$name"); KINDS+=(operator); }
  done
fi
[ ${#NAMES[@]} -gt 0 ] || die "nothing to renew in $DIR (no node-*.p12, operator.p12 or viewer.p12)"
for ((i = 0; i < ${#NAMES[@]}; i++)); do
  for ((j = i + 1; j < ${#NAMES[@]}; j++)); do
    [ "${NAMES[$i]}" != "${NAMES[$j]}" ] || die_usage "'${NAMES[$i]}' named twice"
  done
done

index_of() {  # index_of NAME -> position in NAMES, or nothing
  local i
  for ((i = 0; i < ${#NAMES[@]}; i++)); do [ "${NAMES[$i]}" = "$1" ] && { echo "$i"; return 0; }; done
  return 0
}

# --check NAME=HOST:PORT,... -> CHECK_NAMES / CHECK_TARGETS
CHECK_NAMES=() CHECK_TARGETS=()
if [ -n "$CHECKS" ]; then
  IFS=',' read -r -a list <<<"$CHECKS"
  for item in "${list[@]}"; do
    [ -n "$item" ] || continue
    [[ $item =~ ^([^=]+)=(.+:[0-9]+)$ ]] || die_usage "invalid --check '$item': expected NAME=HOST:PORT"
    name=${BASH_REMATCH[1]}
    [ -n "$(index_of "$name")" ] || die_usage "--check $name: $name is not among the certificates being renewed (${NAMES[*]})"
    CHECK_NAMES+=("$name") CHECK_TARGETS+=("${BASH_REMATCH[2]}")
  done
  [ -f "$DIR/operator.p12" ] || die_usage "--check needs $DIR/operator.p12 to present to the nodes' admin ports"
  [ -f "$DIR/truststore.p12" ] || die_usage "--check needs $DIR/truststore.p12 to verify the nodes"
fi

# 1. Renew everything in one JVM.
FILES=()
for name in "${NAMES[@]}"; do FILES+=("$DIR/$name.p12"); done
echo "rotate-certs: renewing ${NAMES[*]} with the CA in $CA_DIR"
if ! RENEWED=$("$CERTS" renew "${FILES[@]}" --ca-dir "$CA_DIR" --password "$PASSWORD"); then
  die "renewal failed (see above); no certificate was replaced"
fi
echo "$RENEWED"

OLD=() NEW=() NOT_AFTER=() SERVED=()
RENEWED_LINE='^renewed (.+): serial ([0-9a-f]+) -> ([0-9a-f]+), not-after ([^,]+),'  # see io.sluice.certs.Renewal
while IFS= read -r line; do
  [[ $line =~ $RENEWED_LINE ]] || continue
  i=$(index_of "$(basename "${BASH_REMATCH[1]}" .p12)")
  [ -n "$i" ] || continue
  OLD[$i]=${BASH_REMATCH[2]} NEW[$i]=${BASH_REMATCH[3]} NOT_AFTER[$i]=${BASH_REMATCH[4]}
done <<<"$RENEWED"
for ((i = 0; i < ${#NAMES[@]}; i++)); do
  [ -n "${NEW[$i]:-}" ] || die "certs renew did not report ${NAMES[$i]} (output format changed?)"
  if [ "${KINDS[$i]}" = operator ]; then SERVED[$i]="-"; else SERVED[$i]="not checked"; fi
done

# 2. Wait until each checked node serves its new certificate (one JVM polls them all).
FAILED=0
if [ ${#CHECK_NAMES[@]} -gt 0 ]; then
  expected=""
  for name in "${CHECK_NAMES[@]}"; do expected="$expected${expected:+,}${NEW[$(index_of "$name")]}"; done
  echo "rotate-certs: waiting up to ${WAIT_SECONDS}s until each of ${CHECK_NAMES[*]} serves its new certificate"
  PROBE_ERR=$(mktemp)
  trap 'rm -f "$PROBE_ERR"' EXIT
  PROBED=$("$CERTS" probe "${CHECK_TARGETS[@]}" --cert "$DIR/operator.p12" --trust "$DIR/truststore.p12" \
      --password "$PASSWORD" --expect-serial "$expected" --wait "$WAIT_SECONDS" --json 2>"$PROBE_ERR") || true
  n=0
  while IFS= read -r line; do
    [[ $line == \{* ]] || continue
    name=${CHECK_NAMES[$n]} i=$(index_of "${CHECK_NAMES[$n]}")
    if [[ $line =~ \"served\":true ]]; then
      SERVED[$i]="yes"
    else
      SERVED[$i]="no"
      FAILED=1
      reason="did not serve ${NEW[$i]}"
      if [[ $line =~ \"error\":\"(([^\"\\]|\\.)*)\" ]]; then
        reason=${BASH_REMATCH[1]}
      elif [[ $line =~ \"serial\":\"([0-9a-f]+)\" ]]; then
        reason="still serves serial ${BASH_REMATCH[1]}, not ${NEW[$i]}, after ${WAIT_SECONDS}s"
      fi
      echo "rotate-certs: $name (${CHECK_TARGETS[$n]}): $reason" >&2
    fi
    n=$((n + 1))
  done <<<"$PROBED"
  if [ $n -ne ${#CHECK_NAMES[@]} ]; then
    cat "$PROBE_ERR" >&2
    echo "rotate-certs: the probe reported $n of ${#CHECK_NAMES[@]} checks" >&2
    FAILED=1
  fi
fi

# 3. The table.
echo
printf '%-14s %-34s %-34s %-22s %s\n' NAME "OLD SERIAL" "NEW SERIAL" "NOT AFTER" "SERVED BY NODE"
for ((i = 0; i < ${#NAMES[@]}; i++)); do
  printf '%-14s %-34s %-34s %-22s %s\n' "${NAMES[$i]}" "${OLD[$i]}" "${NEW[$i]}" "${NOT_AFTER[$i]}" "${SERVED[$i]}"
done
if [ $FAILED -ne 0 ]; then
  echo
  die "a node did not serve its new certificate within ${WAIT_SECONDS}s (the files are renewed; is the node watching its key store?)"
fi
