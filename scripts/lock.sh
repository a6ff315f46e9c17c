#!/usr/bin/env bash
# Re-locks every package (uv.lock, with hashes) after a change of pyproject.toml's pins:
#   scripts/lock.sh                 keep every locked version that still fits, add what is new
#   scripts/lock.sh --upgrade-package keras     move one transitive package to its newest release
# The next scripts/test.sh or scripts/grader installs the new lock into .venv/.
set -euo pipefail
source "$(dirname "$0")/uv.sh"
mkdir -p "$CACHE"
"$(uv_command)" lock --project "$ROOT" --python "$PYTHON" "$@"
