"""grader/compose.py: what an offline image's digest depends on (so a warm machine never rebuilds)."""
from __future__ import annotations

from pathlib import Path

from grader import compose


def _recipe(folder: Path, **extra) -> compose.Recipe:
    (folder / "Dockerfile").write_text("ARG BASE\nFROM ${BASE}\nCOPY --chown=1:1 app/ /app/\n"
                                       "COPY run.sh /run.sh\n")
    return compose.Recipe("example:offline", folder, **extra)


def _files(folder: Path) -> None:
    (folder / "app").mkdir()
    (folder / "app" / "main.py").write_text("print('hello')\n")
    (folder / "run.sh").write_text("#!/bin/sh\n")
    (folder / "notes.txt").write_text("not copied\n")


def test_the_digest_follows_the_copied_files_only(tmp_path):
    _files(tmp_path)
    recipe = _recipe(tmp_path)
    first = compose.digest(recipe)
    assert compose.digest(recipe) == first  # stable
    (tmp_path / "notes.txt").write_text("changed, but no COPY names it\n")
    (tmp_path / "app" / "__pycache__").mkdir()
    (tmp_path / "app" / "__pycache__" / "main.cpython-311.pyc").write_bytes(b"\0")
    assert compose.digest(recipe) == first
    (tmp_path / "app" / "main.py").write_text("print('bye')\n")
    assert compose.digest(recipe) != first


def test_the_digest_follows_the_dockerfile_the_base_and_the_extra_files(tmp_path):
    _files(tmp_path)
    recipe = _recipe(tmp_path)
    first = compose.digest(recipe)
    assert compose.digest(recipe, base_digest="0123") != first  # the base image was rebuilt
    assert compose.digest(compose.Recipe("example:offline", tmp_path, base="other:1")) != first
    bundle = tmp_path / "bundle.crt"
    bundle.write_text("one CA\n")
    with_bundle = compose.Recipe("example:offline", tmp_path, extra={"bundle.crt": bundle})
    before = compose.digest(with_bundle)
    assert before != first
    bundle.write_text("another CA\n")
    assert compose.digest(with_bundle) != before
    with open(tmp_path / "Dockerfile", "a") as dockerfile:
        dockerfile.write("USER nobody\n")
    assert compose.digest(recipe) != first


def test_the_recipes_build_each_base_before_the_images_on_it():
    names = [recipe.name for recipe in compose.recipes()]
    assert names[0] == compose.BASE
    assert all(recipe.base == compose.BASE for recipe in compose.recipes()[1:])
    assert {compose.SERVICE, compose.REDIS, compose.POSTGRES} <= set(names)
    # the service image's digest covers the code it copies, not tests or the git folder
    service = next(r for r in compose.recipes() if r.name == compose.SERVICE)
    copied = {name.split("/")[0] for name, _ in compose._inputs(service)}
    assert {"Dockerfile", "pyproject.toml", "grader", "web", "checks", "data"} <= copied
    assert "tests" not in copied and ".git" not in copied
