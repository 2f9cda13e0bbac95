#!/usr/bin/env bash
# Run each cmocka binary given; fail if any fails. Prints cmocka's own lines.
set -u
status=0
for t in "$@"; do
  "$t" || status=1
done
exit $status
