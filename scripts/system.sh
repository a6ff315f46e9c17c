#!/usr/bin/env bash
# System parts the sandboxes need, installed and started if missing; sourced by the two commands.
#   need_packages PKG...   install Debian packages that are not installed yet (root, apt-get)
#   start_docker           start a Docker engine unless one answers already
# CACHE must be set (setup.sh sets it).

need_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" \
            || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        echo "setup: please install ${missing[*]} (as root: apt-get install ${missing[*]})" >&2
        return 1
    fi
    echo "setup: installing ${missing[*]} (Debian packages)" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
            >"$CACHE/apt.log" 2>&1; then
        tail -n 20 "$CACHE/apt.log" >&2
        echo "setup: apt-get install ${missing[*]} failed (full log: $CACHE/apt.log)" >&2
        return 1
    fi
}

start_docker() {
    docker_answers && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: no Docker engine answers; start one (sudo dockerd &)" >&2
        return 1
    fi
    echo "setup: starting the Docker engine (log: $CACHE/dockerd.log)" >&2
    nohup dockerd >"$CACHE/dockerd.log" 2>&1 &
    for _ in $(seq 60); do
        docker_answers && return 0
        sleep 0.5
    done
    tail -n 20 "$CACHE/dockerd.log" >&2
    echo "setup: the Docker engine did not start (log: $CACHE/dockerd.log)" >&2
    return 1
}

docker_answers() {
    # /usr/bin/docker is Debian's client, matched to its engine; the SDK is checked later anyway
    timeout 10 /usr/bin/docker info >/dev/null 2>&1
}
