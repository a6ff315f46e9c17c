#!/usr/bin/env bash
# The whole test suite, with everything it needs installed first: scripts/test.sh [pytest args]
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$ROOT"
exec python -m pytest "$@"
