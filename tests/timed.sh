#!/usr/bin/env bash
# Run a command, then print how long it took ("time: NAME N s") for the
# make test log; the command's exit status is kept.
name=$1
shift
start=$(date +%s)
rc=0
"$@" || rc=$?
echo "time: $name $(($(date +%s) - start)) s"
exit "$rc"
