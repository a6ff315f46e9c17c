"""The ``docker`` backend: one fresh container per submission, from the project's sandbox image.

No network, user nobody, every capability dropped, no-new-privileges, a read-only root, the
harness as pid 1 (no other process holds the result channel),
size-capped tmpfs for /submission and /tmp, and cgroup limits on memory and processes.  Nothing
of the host is mounted: the job arrives on the container's stdin, the results leave on its
stdout, through the Docker API's attach stream.  A container is removed (with everything
written in it) as soon as its submission is graded, and never reused.
"""
from __future__ import annotations

import os
import socket
import struct
import threading

from grader.limits import Limits
from grader.sandbox import image as images
from grader.sandbox.base import Sandbox, SandboxError, Session, clean_env, harness_args

LABEL = "optimization-grader.sandbox"


def owner() -> str:
    """The label value of this process's containers: each grader knows its own."""
    return f"{socket.gethostname()}:{os.getpid()}"


def sweep(engine) -> list[str]:
    """Remove the containers of this host's graders that died without cleaning up (a worker
    killed outright, or a pre-started sandbox whose process ended before its pool was closed)."""
    host, removed = socket.gethostname(), []
    for container in engine.containers.list(all=True, filters={"label": LABEL}):
        owner_host, _, pid = container.labels.get(LABEL, "").partition(":")
        if owner_host != host or not pid.isdigit() or os.path.exists(f"/proc/{pid}"):
            continue  # another host's, or a live grader's (or a reused pid's: left alone)
        try:
            container.remove(force=True)
            removed.append(container.name)
        except Exception:  # noqa: BLE001 - gone already, or being removed by another sweep
            pass
    return removed


WORKDIR = "/submission"


def client():
    """A Docker client that answers, or SandboxError saying how to get one."""
    try:
        import docker
        from docker.errors import DockerException
    except ImportError as exc:
        raise SandboxError("the Docker SDK is not installed (pip install docker)") from exc
    try:
        engine = docker.from_env(timeout=60)
        engine.ping()
        return engine
    except DockerException as exc:
        raise SandboxError(f"no Docker engine answers ({exc}); start it (`dockerd &` as root, "
                           "or `systemctl start docker`), or choose --sandbox bwrap") from exc


class _Frames:
    """Demultiplex the attach stream: 8-byte headers (stream, 0, 0, 0, size) then the payload."""

    def __init__(self, sock: socket.socket):
        self.sock, self.buffer, self.stdout, self.stderr = sock, b"", bytearray(), bytearray()

    def _recv(self, n: int) -> bytes | None:
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                return None
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def readline(self, limit: int) -> bytes:
        while b"\n" not in self.stdout and len(self.stdout) < limit:
            header = self._recv(8)
            if header is None:
                break
            size = struct.unpack(">BxxxL", header)[1]
            payload = self._recv(size) if size else b""
            if payload is None:
                break
            if header[0] == 2:
                self.stderr = (self.stderr + payload)[-8192:]
            else:
                self.stdout += payload
        end = min(self.stdout.find(b"\n") + 1 or len(self.stdout), limit)
        line, self.stdout = bytes(self.stdout[:end]), self.stdout[end:]
        return line


class DockerSession(Session):
    def __init__(self, container, sock):
        self.container, self.sock = container, sock
        self.raw = getattr(sock, "_sock", sock)
        self.frames = _Frames(self.raw)
        self.lock = threading.Lock()
        self.killed = False

    def send(self, data: bytes) -> None:
        try:
            self.raw.sendall(data)
        except OSError:
            pass  # the container is gone; its missing lines tell the story

    def readline(self, limit: int) -> bytes:
        try:
            return self.frames.readline(limit)
        except OSError:
            return b""

    def errors(self) -> str:
        return self.frames.stderr.decode("utf-8", "replace")

    def kill(self) -> None:
        with self.lock:
            if self.killed:
                return
            self.killed = True
        try:
            self.container.kill()
        except Exception:  # noqa: BLE001 - already dead, or the engine is gone: close() reports
            pass
        try:
            self.raw.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def close(self) -> None:
        self.kill()
        try:
            self.sock.close()
        finally:
            self.container.remove(force=True)


class DockerSandbox(Sandbox):
    name = "docker"

    def __init__(self, limits: Limits = Limits(), image: str | None = None):
        super().__init__(limits)
        self.engine = client()
        self.image = image or images.tag()
        images.require(self.engine, self.image)
        sweep(self.engine)

    def _create(self, tensorflow: bool):
        # owned by the harness's user, so the harness can make the submission's folder
        # read-only (see harness/isolation.py)
        scratch = f"rw,size={self.limits.scratch_bytes},mode=0755,uid=65534,gid=65534"
        return self.engine.containers.create(
            self.image, [images.PYTHON] + harness_args(WORKDIR, [images.SITE_PACKAGES], tensorflow,
                                                       lock=("/tmp",)),
            user="65534:65534", working_dir=images.HARNESS_DIR, environment=clean_env(WORKDIR),
            network_mode="none", read_only=True, cap_drop=["ALL"],
            security_opt=["no-new-privileges"], pids_limit=self.limits.sandbox_pids,
            mem_limit=self.limits.sandbox_memory_bytes,
            memswap_limit=self.limits.sandbox_memory_bytes,
            tmpfs={WORKDIR: scratch, "/tmp": scratch}, hostname="sandbox",
            ipc_mode="none",  # no /dev/shm: no place every task can write
            stdin_open=True, labels={LABEL: owner()}, log_config={"type": "none"},
            # No docker-init: the harness is pid 1 (it reaps orphans), so no dumpable process
            # holds the result channel and no task can signal or stop the harness.
            init=False)

    def start(self, tensorflow: bool) -> Session:
        from docker.errors import DockerException
        try:
            container = self._create(tensorflow)
        except DockerException as exc:
            raise SandboxError(f"could not create a sandbox container: {exc}") from exc
        try:
            sock = container.attach_socket(params={"stdin": 1, "stdout": 1, "stderr": 1,
                                                   "stream": 1})
            container.start()
        except DockerException as exc:
            container.remove(force=True)
            raise SandboxError(f"could not start a sandbox container: {exc}") from exc
        return DockerSession(container, sock)
