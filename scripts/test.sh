#!/usr/bin/env bash
# The whole test suite, with everything it needs installed first: scripts/test.sh [pytest args]
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
exec python -m pytest "$@"
