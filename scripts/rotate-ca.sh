#!/usr/bin/env bash
# Replaces the cluster's CA while it keeps serving, in three phases run one after the other. Each
# phase checks that the one before it is done and refuses to run out of order.
#
#   phase1  Creates the next CA in CERTDIR/ca-next (CERTDIR/ca stays the CA that signs) and rewrites
#           CERTDIR/truststore.p12 and CERTDIR/ca-bundle.pem to trust BOTH CAs. Nodes reload their
#           trust store. With --check the script then waits until every node accepts a client
#           certificate from the new CA (a throwaway viewer certificate): do not start phase2 before
#           every node does, or nodes that still trust only the old CA will reject renewed peers.
#   phase2  Renews every node and operator certificate in CERTDIR with the new CA (this is
#           scripts/rotate-certs.sh --ca CERTDIR/ca-next). Both CAs are trusted, so nodes that have
#           not reloaded yet and nodes that have still talk to each other. With --check it waits
#           until each node serves its new certificate.
#   phase3  Once every certificate in CERTDIR is issued by the new CA: removes the old CA from
#           truststore.p12 and ca-bundle.pem, keeps the old CA directory as CERTDIR/ca.bak-<UTC time>
#           and makes CERTDIR/ca-next the CA (CERTDIR/ca). With --check it waits until each node
#           completes a handshake that trusts only the new CA.
#
# Certificates the old CA issued outside CERTDIR (callers' client certificates, other trust
# stores) stop being trusted after phase3: reissue them from CERTDIR/ca-next during phase2.
#
# usage: scripts/rotate-ca.sh --dir CERTDIR [--check node-1=127.0.0.1:19080,...] [--password PW]
#            [--cn NAME] [--nodes a,b] [--operators a,b] phase1|phase2|phase3
#
#   --dir        the certs directory (the dev-setup layout)
#   --check      NAME=HOST:PORT of each node's admin port (client certificate required), as for
#                rotate-certs.sh; the probe trusts CERTDIR/truststore.p12
#   --password   key store password (default changeit, development only)
#   --cn         phase1: the new CA's name (default "Sluice CA <UTC date and time>")
#   --nodes, --operators   phase2: passed to rotate-certs.sh (default: all found)
#
# Exit codes: 0 phase done, 1 failure or refused (out of order), 2 bad arguments.
# SLUICE_ROTATE_WAIT overrides the 15 s that --check waits.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"

CERTS="$SLUICE_ROOT/scripts/certs.sh"
USAGE="usage: scripts/rotate-ca.sh --dir CERTDIR [--check NAME=HOST:PORT,...] [--password PW] [--cn NAME]
           [--nodes a,b] [--operators a,b] phase1|phase2|phase3   (see the header of this script)"
WAIT_SECONDS=${SLUICE_ROTATE_WAIT:-15}

die_usage() { echo "rotate-ca: $1" >&2; echo "$USAGE" >&2; exit 2; }
die() { echo "rotate-ca: $1" >&2; exit 1; }

DIR="" PHASE="" CHECKS="" PASSWORD=changeit CN="" PASS_THROUGH=()
while [ $# -gt 0 ]; do
  opt=$1 value=""
  case "$opt" in
    phase1|phase2|phase3)
      [ -z "$PHASE" ] || die_usage "give one phase, not '$PHASE' and '$opt'"
      PHASE=$opt; shift; continue ;;
    -h|--help) echo "$USAGE"; exit 0 ;;
    --*=*) value=${opt#*=}; opt=${opt%%=*} ;;
    --dir|--check|--password|--cn|--nodes|--operators)
      [ $# -ge 2 ] || die_usage "option $opt needs a value"
      value=$2; shift ;;
    *) die_usage "unknown argument '$opt'" ;;
  esac
  shift
  case "$opt" in
    --dir) DIR=$value ;;
    --check) CHECKS=$value ;;
    --password) PASSWORD=$value ;;
    --cn) CN=$value ;;
    --nodes|--operators) PASS_THROUGH+=("$opt" "$value") ;;
    *) die_usage "unknown option $opt" ;;
  esac
done

[ -n "$PHASE" ] || die_usage "missing phase: phase1, phase2 or phase3"
[ -n "$DIR" ] || die_usage "missing required option --dir"
[ -d "$DIR" ] || die_usage "--dir $DIR is not a directory"
[ -z "$CN" ] || [ "$PHASE" = phase1 ] || die_usage "--cn is for phase1 only"
[ ${#PASS_THROUGH[@]} -eq 0 ] || [ "$PHASE" = phase2 ] || die_usage "--nodes and --operators are for phase2 only"

CA="$DIR/ca" NEXT="$DIR/ca-next" TRUST="$DIR/truststore.p12" BUNDLE="$DIR/ca-bundle.pem"
[ -f "$CA/ca.p12" ] || die "no CA at $CA/ca.p12 (create one with scripts/certs.sh dev-setup or create-ca)"

pem_bodies() {  # pem_bodies FILE: each CERTIFICATE block of a PEM file as one line of base64
  awk '/-----BEGIN CERTIFICATE-----/ {b = ""; on = 1; next}
       /-----END CERTIFICATE-----/ {print b; on = 0; next}
       on {gsub(/[\r\t ]/, ""); b = b $0}' "$1"
}
pem_contains() {  # pem_contains FILE CERT.pem: true if FILE holds the (first) certificate of CERT.pem
  local want
  [ -f "$1" ] && [ -f "$2" ] || return 1
  want=$(pem_bodies "$2" | head -1)
  [ -n "$want" ] && pem_bodies "$1" | grep -qxF "$want"
}

# The node and operator certificates of CERTDIR (what rotate-certs.sh renews by default).
leaf_names() {
  local f
  for f in "$DIR"/node-*.p12 "$DIR/operator.p12" "$DIR/viewer.p12"; do [ -f "$f" ] && basename "$f" .p12; done
  return 0
}

# --check NAME=HOST:PORT,... -> CHECK_NAMES / CHECK_TARGETS
CHECK_NAMES=() CHECK_TARGETS=()
if [ -n "$CHECKS" ]; then
  IFS=',' read -r -a items <<<"$CHECKS"
  for item in "${items[@]}"; do
    [ -n "$item" ] || continue
    [[ $item =~ ^([^=]+)=(.+:[0-9]+)$ ]] || die_usage "invalid --check '$item': expected NAME=HOST:PORT"
    CHECK_NAMES+=("${BASH_REMATCH[1]}") CHECK_TARGETS+=("${BASH_REMATCH[2]}")
  done
fi

# wait_for_handshakes CERT WHAT: polls every --check target, presenting CERT and trusting the
# trust bundle, until each completes a handshake (or the wait runs out); exit 1 naming the others.
wait_for_handshakes() {
  local cert=$1 what=$2 probed line n=0 failed=0 reason
  [ ${#CHECK_TARGETS[@]} -gt 0 ] || return 0
  echo "rotate-ca: waiting up to ${WAIT_SECONDS}s until ${CHECK_NAMES[*]} $what"
  probed=$("$CERTS" probe "${CHECK_TARGETS[@]}" --cert "$cert" --trust "$TRUST" --password "$PASSWORD" \
      --wait "$WAIT_SECONDS" --json 2>/dev/null) || true
  while IFS= read -r line; do
    [[ $line == \{* ]] || continue
    if [[ $line =~ \"ok\":true ]]; then
      printf '  %-14s %-24s yes\n' "${CHECK_NAMES[$n]}" "${CHECK_TARGETS[$n]}"
    else
      reason="no answer"
      [[ $line =~ \"error\":\"(([^\"\\]|\\.)*)\" ]] && reason=${BASH_REMATCH[1]}
      printf '  %-14s %-24s NO: %s\n' "${CHECK_NAMES[$n]}" "${CHECK_TARGETS[$n]}" "$reason"
      failed=1
    fi
    n=$((n + 1))
  done <<<"$probed"
  [ $n -eq ${#CHECK_TARGETS[@]} ] || { echo "rotate-ca: the probe reported $n of ${#CHECK_TARGETS[@]} checks" >&2; failed=1; }
  return $failed
}

phase1() {
  if [ -d "$NEXT" ]; then
    pem_contains "$BUNDLE" "$NEXT/ca.pem" && \
        die "phase1 is already done ($NEXT exists and $BUNDLE trusts it): run phase2"
    [ -f "$NEXT/ca.p12" ] || die "$NEXT exists but holds no ca.p12: remove it and run phase1 again"
    echo "rotate-ca: $NEXT exists but the trust bundle does not trust it yet: finishing phase1"
  else
    "$CERTS" create-ca --dir "$NEXT" --cn "${CN:-Sluice CA $(date -u +%Y-%m-%dT%H:%MZ)}" --password "$PASSWORD"
  fi
  "$CERTS" trust-bundle --out "$TRUST" --add "$CA/ca.pem" "$NEXT/ca.pem" --pem "$BUNDLE" --password "$PASSWORD"

  if [ ${#CHECK_TARGETS[@]} -gt 0 ]; then
    CHECK_DIR=$(mktemp -d)
    trap 'rm -rf "$CHECK_DIR"' EXIT
    "$CERTS" issue-operator --ca-dir "$NEXT" --name rotate-ca-check --role viewer --days 1 \
        --password "$PASSWORD" --out "$CHECK_DIR" >/dev/null
    wait_for_handshakes "$CHECK_DIR/rotate-ca-check.p12" "accept a certificate from the new CA" || \
        die "not every node trusts the new CA yet (does it reload its trust store?); do not run phase2 until it does"
  fi
  echo "rotate-ca: phase1 done: $TRUST and $BUNDLE trust both CAs. Next: once every node has reloaded"
  echo "  its trust store (--check shows it), run: scripts/rotate-ca.sh --dir $DIR phase2"
}

phase2() {
  [ -f "$NEXT/ca.p12" ] || die "phase2 needs the new CA in $NEXT: run phase1 first"
  pem_contains "$BUNDLE" "$NEXT/ca.pem" || \
      die "$BUNDLE does not trust the new CA yet: run phase1 again to finish it"
  local args=(--dir "$DIR" --ca "$NEXT" --password "$PASSWORD" "${PASS_THROUGH[@]}")
  [ -z "$CHECKS" ] || args+=(--check "$CHECKS")
  "$SLUICE_ROOT/scripts/rotate-certs.sh" "${args[@]}"
  echo "rotate-ca: phase2 done: node and operator certificates are issued by the new CA. Next:"
  echo "  scripts/rotate-ca.sh --dir $DIR phase3"
}

phase3() {
  [ -f "$NEXT/ca.p12" ] || die "phase3 needs the new CA in $NEXT: run phase1 and phase2 first"
  local name stale=()
  for name in $(leaf_names); do
    pem_contains "$DIR/$name.pem" "$NEXT/ca.pem" || stale+=("$name")
  done
  [ ${#stale[@]} -eq 0 ] || die "not yet issued by the new CA (their .pem chain does not end in it): ${stale[*]}.
  Run phase2 first (scripts/rotate-ca.sh --dir $DIR phase2); removing the old CA now would cut them off."

  if pem_contains "$BUNDLE" "$CA/ca.pem"; then
    "$CERTS" trust-bundle --out "$TRUST" --remove "$CA/ca.pem" --pem "$BUNDLE" --password "$PASSWORD"
  else
    echo "rotate-ca: $BUNDLE no longer trusts the old CA"
  fi
  local backup
  backup="$DIR/ca.bak-$(date -u +%Y%m%dT%H%M%SZ)"
  mv "$CA" "$backup"
  if ! mv "$NEXT" "$CA"; then
    mv "$backup" "$CA"
    die "could not move $NEXT to $CA (the old CA is back in place)"
  fi
  echo "rotate-ca: the new CA is $CA; the old one is kept in $backup"

  if [ ${#CHECK_TARGETS[@]} -gt 0 ]; then
    [ -f "$DIR/operator.p12" ] || die "--check needs $DIR/operator.p12 to present to the nodes"
    wait_for_handshakes "$DIR/operator.p12" "complete a handshake trusting only the new CA" || \
        die "a node did not complete a handshake trusting only the new CA"
  fi
  echo "rotate-ca: phase3 done: the rotation is complete."
}

"$PHASE"
