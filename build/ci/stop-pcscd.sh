#!/usr/bin/env bash
# Stops the running pcscd, by the pid in its pid file, and waits until it is gone.
# `stop-pcscd.sh KILL` kills it the hard way (the crash the card-reader restart test simulates).
# Start it again with build/ci/start-pcscd.sh.
set -euo pipefail
signal=${1:-TERM}
pidfile=/run/pcscd/pcscd.pid
if [ ! -s "$pidfile" ]; then
  echo "pcscd: not running (no $pidfile)"
  exit 0
fi
pid=$(tr -dc "0-9" < "$pidfile")
if [ "$(ps -o comm= -p "$pid" 2>/dev/null || true)" != "pcscd" ]; then
  echo "pcscd: pid $pid in $pidfile is not pcscd; nothing stopped" >&2
  exit 0
fi
kill -s "$signal" "$pid"
for _ in $(seq 1 50); do
  state=$(ps -o stat= -p "$pid" 2>/dev/null || true)
  # Gone, or a zombie nobody has reaped yet: either way it serves nothing any more.
  [[ -z $state || $state == Z* ]] && { echo "pcscd: stopped ($signal)"; exit 0; }
  sleep 0.1
done
echo "pcscd: pid $pid still running after SIG$signal" >&2
exit 1
