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


def test_a_new_base_rebuilds_the_images_on_it_and_a_sibling_does_not(tmp_path, monkeypatch):
    folders = {name: tmp_path / name for name in ("base", "service", "redis")}
    for folder in folders.values():
        folder.mkdir()
        (folder / "Dockerfile").write_text(f"FROM scratch\nCOPY input /input\n# {folder.name}\n")
        (folder / "input").write_text("1\n")
    recipes = [compose.Recipe("base:1", folders["base"], base="debian:1"),
               compose.Recipe("service:1", folders["service"], base="base:1"),
               compose.Recipe("redis:1", folders["redis"], base="base:1")]
    monkeypatch.setattr(compose, "recipes", lambda: recipes)
    first = compose.digests()
    (folders["service"] / "input").write_text("2\n")
    second = compose.digests()
    assert second["service:1"] != first["service:1"]
    assert second["redis:1"] == first["redis:1"] and second["base:1"] == first["base:1"]
    (folders["base"] / "input").write_text("2\n")
    third = compose.digests()
    assert all(third[name] != second[name] for name in third)
