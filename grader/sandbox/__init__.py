"""Sandboxes for the untrusted harness: ``docker``, ``bwrap`` and ``none``, behind one interface.

``create(name, limits)`` returns a Sandbox; its ``start()`` gives a Session for one
submission.  ``name`` None means the configured default: ``GRADER_SANDBOX`` if set, else
``docker`` where a Docker engine answers, else ``bwrap``.  ``none`` is never a default.
"""
from __future__ import annotations

import os

from grader.limits import Limits
from grader.sandbox.base import Sandbox, SandboxError, Session

BACKENDS = ("docker", "bwrap", "none")

__all__ = ["BACKENDS", "Sandbox", "SandboxError", "Session", "check", "create", "default_name"]


def _docker_answers() -> bool:
    try:
        from grader.sandbox.docker import client
        client()
        return True
    except SandboxError:
        return False


def default_name() -> str:
    configured = os.environ.get("GRADER_SANDBOX", "").strip()
    if configured:
        return configured
    return "docker" if _docker_answers() else "bwrap"


def create(name: str | None = None, limits: Limits = Limits()) -> Sandbox:
    """The named backend, ready to start sessions; SandboxError if it cannot run here."""
    name = name or default_name()
    if name == "docker":
        from grader.sandbox.docker import DockerSandbox
        return DockerSandbox(limits)
    if name == "bwrap":
        from grader.sandbox.bwrap import BwrapSandbox
        sandbox = BwrapSandbox(limits)
        sandbox.check()
        return sandbox
    if name == "none":
        from grader.sandbox.none import NoneSandbox
        return NoneSandbox(limits)
    raise SandboxError(f"unknown sandbox {name!r}: choose one of {', '.join(BACKENDS)}")


def check(name: str | None = None) -> str:
    """Start the named (or default) sandbox once and see the harness come up; its name, or
    SandboxError saying what is wrong."""
    chosen = create(name)
    session = chosen.start(tensorflow=False)
    try:
        ready = b'"ready"' in session.readline(1 << 16)
    finally:
        session.close()
    if not ready:
        raise SandboxError(f"the {chosen.name} sandbox started but the harness did not: "
                           f"{session.errors().strip()[-2000:]}")
    return chosen.name
