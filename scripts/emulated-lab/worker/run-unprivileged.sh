#!/bin/sh
# Runs a program in the worker as nobody (uid 65534), its output in LOG (for the host to read through the guest agent),
# stopped with SIGINT after SECONDS at the latest so testpmd prints its final statistics (the host stops it sooner, after
# its test time, with kill -INT of this pid: timeout passes the signal on). Arguments stay a list; no shell parses them.
#   run-unprivileged LOG SECONDS PROGRAM [ARGS...]
log=$1
seconds=$2
shift 2
export HOME=/tmp XDG_RUNTIME_DIR=/tmp
exec /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups timeout -s INT "$seconds" "$@" > "$log" 2>&1
