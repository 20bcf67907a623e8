#!/usr/bin/env bash
# Starts pcscd (idempotent) so the integration tests reach the vpcd virtual readers.
set -euo pipefail
if pgrep -x pcscd >/dev/null; then
  echo "pcscd: already running"
  exit 0
fi
mkdir -p /run/pcscd
pcscd
for _ in $(seq 1 50); do
  [ -S /run/pcscd/pcscd.comm ] && { echo "pcscd: started"; exit 0; }
  sleep 0.1
done
echo "pcscd: did not create /run/pcscd/pcscd.comm" >&2
exit 1
