"""docker compose without a registry: the images docker-compose.offline.yml names, built and cached.

Every image starts from grader/sandbox/image.py's Debian base (mmdebstrap, no registry) with
this machine's CA bundle on top; the service image is the root Dockerfile built from it, Redis
and PostgreSQL are Debian's packages (docker/offline/).  Each image carries a label with a
digest of what it is built from (its Dockerfile, the files it copies, its base's digest), so an
image whose inputs did not change is neither rebuilt nor reloaded; a copy of each is saved under
the cache folder, named by that digest, and loaded from there when Docker's storage was wiped.
The sandbox image is built too (image.build), so that compose's `sandbox` service finds it.
"""
from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from grader.sandbox import image as sandbox_image
from grader.sandbox.base import SandboxError

ROOT = Path(__file__).resolve().parent.parent
OFFLINE = ROOT / "docker" / "offline"
HOST_CA = Path("/etc/ssl/certs/ca-certificates.crt")
LABEL = "org.optimization-grader.inputs"
TIMEOUT = 1800  # seconds: loading or saving a 2 GB image takes a while on a busy disk

BASE = "optimization-grader-offline-base:bookworm"
SERVICE = "optimization-grader-service:offline"
REDIS = "optimization-grader-redis:offline"
POSTGRES = "optimization-grader-postgres:offline"


class ComposeBuildError(Exception):
    """An offline image could not be built, saved or loaded; the message says why."""


@dataclass(frozen=True)
class Recipe:
    """One image: its name, build context, Dockerfile, FROM image and extra context files."""

    name: str
    context: Path
    dockerfile: str = "Dockerfile"
    base: str = BASE
    extra: dict[str, Path] = field(default_factory=dict)  # copied into a temporary context


def recipes() -> list[Recipe]:
    """In build order: each image's base comes before it."""
    return [
        Recipe(BASE, OFFLINE / "base", base=sandbox_image.OFFLINE_BASE,
               extra={"ca-certificates.crt": HOST_CA}),
        Recipe(SERVICE, ROOT),
        Recipe(REDIS, OFFLINE / "redis"),
        Recipe(POSTGRES, OFFLINE / "postgres"),
    ]


def _copied_sources(dockerfile: Path) -> list[str]:
    """The sources of the Dockerfile's COPY lines: all of the context the image depends on."""
    sources = []
    for line in dockerfile.read_text().splitlines():
        words = line.split()
        if words and words[0].upper() == "COPY":
            sources += [word for word in words[1:-1] if not word.startswith("--")]
    return sources


def _inputs(recipe: Recipe) -> Iterator[tuple[str, Path]]:
    dockerfile = recipe.context / recipe.dockerfile
    yield recipe.dockerfile, dockerfile
    yield from sorted(recipe.extra.items())
    for source in _copied_sources(dockerfile):
        if source in recipe.extra:
            continue
        path = recipe.context / source
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                yield str(file.relative_to(recipe.context)), file


def digest(recipe: Recipe, base_digest: str = "") -> str:
    """What the image is built from: its files' names and contents, its base and the base's digest."""
    total = hashlib.sha256(f"{recipe.name}\0{recipe.base}\0{base_digest}\0".encode())
    for name, path in _inputs(recipe):
        total.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return total.hexdigest()[:16]


def _saved(name: str, inputs: str) -> Path:
    return sandbox_image.cache_dir() / f"{_slug(name)}-{inputs}.tar"


def _slug(name: str) -> str:
    return name.replace("/", "_").replace(":", "-")


def _labelled(engine, name: str) -> str | None:
    from docker.errors import ImageNotFound
    try:
        return (engine.images.get(name).labels or {}).get(LABEL)
    except ImageNotFound:
        return None


def _image_id(engine, name: str) -> str | None:
    from docker.errors import ImageNotFound
    try:
        return engine.images.get(name).id
    except ImageNotFound:
        return None


def _remove(engine, image_id: str) -> None:
    from docker.errors import APIError
    try:
        engine.images.remove(image_id)
    except APIError:  # still used by a container, or by another tag: leave it
        pass


def _engine():
    """The engine, with a timeout long enough to save and load big images."""
    from grader.sandbox import docker as docker_backend
    docker_backend.client()  # says how to start an engine when none answers
    import docker
    return docker.from_env(timeout=TIMEOUT)


def build_all(say: Callable[[str], None] = print) -> list[str]:
    """Make every image docker-compose.offline.yml names (and the sandbox's); returns their names."""
    engine = _engine()
    try:
        sandbox_image.offline_base(engine, say)
        names = [sandbox_image.build(engine, sandbox_image.OFFLINE_BASE, say)]
    except SandboxError as exc:
        raise ComposeBuildError(str(exc)) from exc
    wanted = digests()
    for recipe in recipes():
        ensure(engine, recipe, wanted[recipe.name], say)
        names.append(recipe.name)
    return names


def digests() -> dict[str, str]:
    """Each image's digest; an image's covers its base's, so a new base rebuilds what is on it."""
    table: dict[str, str] = {}
    for recipe in recipes():
        table[recipe.name] = digest(recipe, table.get(recipe.base, ""))
    return table


def ensure(engine, recipe: Recipe, inputs: str, say: Callable[[str], None]) -> None:
    """The image with this digest in the engine: already there, loaded from the cache, or built."""
    if _labelled(engine, recipe.name) == inputs:
        say(f"{recipe.name} is up to date")
        return
    saved = _saved(recipe.name, inputs)
    if saved.exists():
        say(f"loading {recipe.name} from {saved}")
        with open(saved, "rb") as handle:
            engine.images.load(handle)
        if _labelled(engine, recipe.name) == inputs:
            return
    say(f"building {recipe.name} from {recipe.base}")
    replaced = _image_id(engine, recipe.name)
    _build(engine, recipe, inputs)
    if replaced and replaced != _image_id(engine, recipe.name):
        _remove(engine, replaced)  # the stale image would keep gigabytes for nothing
    sandbox_image.save(engine, recipe.name, saved, f"{_slug(recipe.name)}-*.tar", say)


def _build(engine, recipe: Recipe, inputs: str) -> None:
    with tempfile.TemporaryDirectory(prefix="grader-compose-") as scratch:
        context = recipe.context
        if recipe.extra:  # a context of its own: the Dockerfile and the extra files
            context = Path(scratch)
            shutil.copy(recipe.context / recipe.dockerfile, context / recipe.dockerfile)
            for name, path in recipe.extra.items():
                shutil.copy(path, context / name)
        log: list[str] = []
        for event in engine.api.build(path=str(context), dockerfile=recipe.dockerfile,
                                      tag=recipe.name, buildargs={"BASE": recipe.base},
                                      labels={LABEL: inputs}, network_mode="host", rm=True,
                                      forcerm=True, decode=True):
            log += event.get("stream", "").splitlines()
            if "error" in event:
                tail = "\n".join(log[-30:])
                raise ComposeBuildError(f"building {recipe.name} failed: {event['error']}\n{tail}")
