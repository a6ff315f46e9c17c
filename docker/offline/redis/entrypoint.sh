#!/bin/sh
# `redis-server ARGS` with protected mode off, as in the official image: without a config file
# Redis would refuse clients from other containers.  The compose network is the boundary (no
# port is published); ARGS come after, so a command can still turn it back on.
set -e
if [ "$1" = redis-server ]; then
    shift
    set -- redis-server --protected-mode no "$@"
fi
exec "$@"
