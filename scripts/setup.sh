#!/usr/bin/env bash
# Prepares the Python environment both commands use; sourced by scripts/test.sh and scripts/grader.
# The virtualenv is the checkout's own (.venv/, so a second clone never changes the code this one
# imports), installed by uv from uv.lock (every package, pinned with its hashes) and stamped with
# the digest of what it was built from: when nothing changed, no installer runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/uv.sh"
VENV="$ROOT/.venv"
# What the virtualenv is built from: the lock, the project's metadata, uv's pin, this script, the
# interpreter, and where the checkout is (a moved or copied one installs itself again).
STAMP=$(cat "$ROOT/uv.lock" "$ROOT/pyproject.toml" "$ROOT/requirements/uv.txt" "$ROOT/scripts/setup.sh" \
        | { sha256sum; echo "$PYTHON"; echo "$ROOT"; } | sha256sum | cut -c1-16)

build_venv() {
    local base uv
    # the interpreter itself, even when PYTHON is another virtualenv's python
    if ! base=$("$PYTHON" -c 'import sys; sys.version_info[:2] == (3, 11) or sys.exit(1); print(sys._base_executable)' 2>/dev/null); then
        echo "setup: Python 3.11 is needed (the locked TensorFlow wheels are for it);" \
             "set PYTHON=/path/to/python3.11" >&2
        return 1
    fi
    echo "setup: installing the locked packages into $VENV (numpy, TensorFlow...: about a minute the first time)" >&2
    uv=$(uv_command)
    rm -f "$VENV/.grader-stamp"
    # --locked: uv.lock must agree with pyproject.toml (else: re-lock with scripts/lock.sh);
    # sync is exact: a package that left the lock leaves the virtualenv.  --compile-bytecode
    # once here, as pip does: where PYTHONDONTWRITEBYTECODE is set, every command would
    # otherwise compile numpy's and TensorFlow's sources again (1 s more per `grader --help`).
    if ! UV_PROJECT_ENVIRONMENT="$VENV" \
            "$uv" sync --project "$ROOT" --locked --all-extras --compile-bytecode --python "$base" \
            >"$CACHE/setup.log" 2>&1; then
        tail -n 30 "$CACHE/setup.log" >&2
        echo "setup: uv sync failed (full log: $CACHE/setup.log); when pyproject.toml changed," \
             "re-lock first: scripts/lock.sh" >&2
        return 1
    fi
    echo "$STAMP" >"$VENV/.grader-stamp"
}

mkdir -p "$CACHE"
if [ "$(cat "$VENV/.grader-stamp" 2>/dev/null)" != "$STAMP" ]; then
    build_venv
fi
export PATH="$VENV/bin:$PATH"
