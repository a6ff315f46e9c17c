#!/usr/bin/env bash
# The pinned uv (requirements/uv.txt), installed under the cache folder on first use; sourced by
# scripts/setup.sh and scripts/lock.sh.  Sets ROOT (the checkout), PYTHON and CACHE.
#   uv_command      prints uv's path
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
CACHE=${GRADER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/optimization-grader}
# uv trusts the system's CA bundle, as pip and apt do: behind a TLS proxy (this kind of machine)
# its own built-in roots fail unless SSL_CERT_FILE happens to be set
export UV_SYSTEM_CERTS=${UV_SYSTEM_CERTS:-1} UV_PYTHON_DOWNLOADS=never

uv_command() {  # installs the pinned uv (hash-checked) under the cache first
    local version tool
    version=$(sed -n 's/^uv==\([^ ]*\).*/\1/p' "$ROOT/requirements/uv.txt")
    tool="$CACHE/uv-$version"
    if [ ! -x "$tool/bin/uv" ]; then
        rm -rf "$tool"
        "$PYTHON" -m venv "$tool" >&2
        if ! "$tool/bin/pip" install --quiet --require-hashes -r "$ROOT/requirements/uv.txt" \
                >"$CACHE/setup.log" 2>&1; then
            tail -n 20 "$CACHE/setup.log" >&2
            echo "setup: installing uv $version failed (log: $CACHE/setup.log)" >&2
            rm -rf "$tool"
            return 1
        fi
    fi
    echo "$tool/bin/uv"
}
