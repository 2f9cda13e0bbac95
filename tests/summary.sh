#!/usr/bin/env bash
# Sum what the test runners printed in a `make test` log (cmocka, node's test
# runner, the fuzz runs) into one closing line: "tests: N passed, N failed".
set -u
log=$1
awk '
  /^\[  PASSED  \] [0-9]+ test/ { pass += $4 }
  /^\[  FAILED  \] [0-9]+ test/ { fail += $4 }
  /^# pass [0-9]+$/             { pass += $3 }
  /^# fail [0-9]+$/             { fail += $3 }
  /^fuzz: [a-z_]+ ok:/          { pass += 1 }
  /^fuzz: [a-z_]+ FAILED/       { fail += 1 }
  END { printf "tests: %d passed, %d failed\n", pass, fail; exit (fail > 0 || pass == 0) }
' "$log"
