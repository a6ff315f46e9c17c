#!/usr/bin/env bash
# Prepares the Python environment both commands use; sourced by scripts/test.sh and scripts/grader.
# The virtualenv (numpy, TensorFlow: about 600 MB) is cached outside the checkout, keyed by the
# hash of pyproject.toml's dependencies, so a fresh clone reuses it; a change of them builds a new one.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
    echo "setup: Python 3.11 is needed (the pinned TensorFlow wheels are for it);" \
         "set PYTHON=/path/to/python3.11" >&2
    exit 1
fi
CACHE=${GRADER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/optimization-grader}
KEY=$("$PYTHON" - "$ROOT/pyproject.toml" <<'PY' | sha256sum | cut -c1-16
import json, sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
print(json.dumps([project["dependencies"], project.get("optional-dependencies")], sort_keys=True))
PY
)
VENV="$CACHE/venv-$KEY"
LOG="$CACHE/pip.log"
pip_install() {  # quiet unless it fails: then show the end of pip's log
    if ! "$VENV/bin/pip" install "$@" >"$LOG" 2>&1; then
        tail -n 30 "$LOG" >&2
        echo "setup: pip install $* failed (full log: $LOG)" >&2
        exit 1
    fi
}
mkdir -p "$CACHE"
if [ ! -f "$VENV/.complete" ]; then
    echo "setup: creating the virtualenv $VENV (numpy, TensorFlow; about a minute)" >&2
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    pip_install --upgrade pip
    pip_install -e "$ROOT[test,service]"
    touch "$VENV/.complete"
fi
# Point the editable install at this checkout (the cached venv may have served another clone).
pip_install --no-deps -e "$ROOT"
export PATH="$VENV/bin:$PATH"
