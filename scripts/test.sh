#!/usr/bin/env bash
# The whole test suite, with everything it needs installed first: scripts/test.sh [pytest args]
# GRADER_CPU_HOG=N keeps N busy loops running beside the suite (a machine N+1 times slower on
# one core; 2 on this 2-core machine): every wait in the tests must tolerate it.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
source "$ROOT/scripts/system.sh"
cd "$ROOT"
# The sandboxes under test: bubblewrap, and a real Docker engine with the sandbox image
# (rebuilt only when its inputs change; a saved copy under the cache is reloaded).
# redis-server and PostgreSQL for the service's tests, which start their own on free ports;
# Chromium for its browser tests (Playwright drives Debian's, not a download of its own);
# docker-compose to validate docker-compose.yml and bring it up (tests/web/test_compose.py,
# marker compose, builds its images offline: about 2 minutes the first time).
need_packages bubblewrap docker.io mmdebstrap redis-server postgresql chromium docker-compose
start_docker
grader sandbox build
if [ "${GRADER_CPU_HOG:-0}" -gt 0 ]; then
    hogs=()
    for _ in $(seq "$GRADER_CPU_HOG"); do
        python3 -c 'while True: pass' &
        hogs+=($!)
    done
    trap 'kill "${hogs[@]}" 2>/dev/null || true' EXIT
    echo "test: $GRADER_CPU_HOG busy loops running beside the suite (pids ${hogs[*]})" >&2
    python -m pytest "$@"
    exit
fi
exec python -m pytest "$@"
