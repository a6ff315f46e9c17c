#!/usr/bin/env bash
# Prepares the Python environment both commands use; sourced by scripts/test.sh and scripts/grader.
# The virtualenv (numpy, TensorFlow: about 600 MB) is cached outside the checkout, keyed by the
# hash of pyproject.toml, so a fresh clone reuses it; any change of dependencies builds a new one.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
    echo "setup: Python 3.11 is needed (the pinned TensorFlow wheels are for it);" \
         "set PYTHON=/path/to/python3.11" >&2
    exit 1
fi
CACHE=${GRADER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/optimization-grader}
KEY=$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)
VENV="$CACHE/venv-$KEY"
if [ ! -f "$VENV/.complete" ]; then
    echo "setup: creating the virtualenv $VENV (numpy, TensorFlow; about a minute)" >&2
    rm -rf "$VENV"
    mkdir -p "$CACHE"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet -e "$ROOT[test]"
    touch "$VENV/.complete"
fi
# Point the editable install at this checkout (the cached venv may have served another clone).
"$VENV/bin/pip" install --quiet --no-deps --no-build-isolation -e "$ROOT" 2>/dev/null \
    || "$VENV/bin/pip" install --quiet --no-deps -e "$ROOT"
export PATH="$VENV/bin:$PATH"
