#!/usr/bin/env bash
# The action's last step: the job fails as driftgate did (EXIT_CODE, from run.sh's output).
set -euo pipefail
code=${EXIT_CODE:-1}
case $code in
  0) echo "driftgate: passed" ;;
  2) echo "driftgate: the gate failed (see the annotations and the job summary)" ;;
  *) echo "driftgate: error (exit $code)" ;;
esac
exit "$code"
