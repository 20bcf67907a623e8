#!/usr/bin/env bash
# Starts pcscd (idempotent) so the integration tests reach the vpcd virtual readers.
# A pcscd that was killed can linger as a zombie holding its pid file; pcscd would then refuse to
# start ("another pcscd seems to be running"), so only a live process counts as running.
set -euo pipefail

live_pcscd() {
  local pid state
  for pid in $(pgrep -x pcscd || true); do
    state=$(ps -o stat= -p "$pid" 2>/dev/null || true)
    [[ -n $state && $state != Z* ]] && return 0
  done
  return 1
}

if live_pcscd; then
  echo "pcscd: already running"
  exit 0
fi
mkdir -p /run/pcscd
rm -f /run/pcscd/pcscd.pid /run/pcscd/pcscd.comm
pcscd
for _ in $(seq 1 50); do
  [ -S /run/pcscd/pcscd.comm ] && { echo "pcscd: started"; exit 0; }
  sleep 0.1
done
echo "pcscd: did not create /run/pcscd/pcscd.comm" >&2
exit 1
