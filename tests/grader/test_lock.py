"""The lock: every pin is in it, the sandbox image and the kit install exactly its versions, and
the expected outputs still come out of the sandbox image (grader data verify --sandbox docker)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata

import pytest

from grader import kit, lock
from grader.expected import REPO_ROOT as REPO
from grader.sandbox import image
from tests.test_layers import _imported_packages

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())
# pip is the image's installer (its base's), not something the harness imports
IMAGE_TOOLS = {"pip"}


def _pins() -> list[str]:
    project = PYPROJECT["project"]
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    return project["dependencies"] + extras + PYPROJECT["build-system"]["requires"]


def test_every_pin_of_pyproject_is_locked_at_its_version():
    locked = lock.load()
    for pin in _pins():
        name, version = re.fullmatch(r"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+)", pin).groups()
        assert locked[lock.normalize(name)].version == version, pin


def test_every_locked_package_has_hashes_and_the_virtualenv_has_its_version():
    for package in lock.load().values():
        if package.name == "optimization-grader":  # the checkout itself, installed editable
            continue
        assert package.hashes and all(h.startswith("sha256:") for h in package.hashes), package.name
        try:
            installed = metadata.version(package.name)
        except metadata.PackageNotFoundError:  # only on other Pythons (async-timeout: < 3.11.3)
            continue
        assert installed == package.version, package.name


def test_the_image_takes_what_tensorflow_pulls_in_from_the_lock():
    needed = {p.name: p.version for p in lock.closure(image.HARNESS_PACKAGES)}
    for name in ("numpy", "tensorflow-cpu", "keras", "ml-dtypes", "protobuf", "h5py", "pyseccomp"):
        assert needed[name] == lock.load()[name].version
    assert "flask" not in needed and "matplotlib" not in needed  # nothing of the web or plots
    text = image.requirements()
    assert f"keras=={needed['keras']} \\\n    --hash=sha256:" in text


def _imported_modules(folder) -> set[str]:
    return set().union(*(_imported_packages(path) for path in folder.rglob("*.py")))


def test_every_package_the_harness_imports_is_one_the_image_installs():
    third_party = _imported_modules(REPO / "harness") - set(sys.stdlib_module_names) - {"harness"}
    assert {"numpy", "tensorflow"} <= third_party
    owners = metadata.packages_distributions()
    installed = {p.name for p in lock.closure(image.HARNESS_PACKAGES)}
    for module in third_party:
        assert {lock.normalize(d) for d in owners.get(module, ())} & installed, module


def test_the_image_tag_follows_the_locked_versions(monkeypatch):
    before = image.tag()
    monkeypatch.setattr(image, "requirements", lambda: "keras==0.0.1\n")
    assert image.tag() != before


def test_the_kit_requires_every_package_at_its_locked_version(tmp_path):
    wheel = kit.build(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        meta = next(archive.read(n).decode() for n in archive.namelist() if n.endswith("/METADATA"))
    required = dict(re.findall(r"^Requires-Dist: (\S+)==(\S+)$", meta, re.MULTILINE))
    locked = lock.load()
    for name in ("numpy", "tensorflow-cpu", "keras", "ml-dtypes", "protobuf", "pytest", "pyseccomp"):
        assert required[name] == locked[name].version, name
    assert all(locked[name].version == version for name, version in required.items())


# ---------------------------------------------------------------- the built image


def _in_image(code: str) -> str:
    done = subprocess.run(["docker", "run", "--rm", "--network", "none", image.tag(),
                           image.PYTHON, "-c", code], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.docker
def test_the_sandbox_image_holds_exactly_the_locked_versions():
    listing = _in_image("import json; from importlib import metadata as m; "
                        "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))")
    inside = {lock.normalize(name): version for name, version in json.loads(listing).items()}
    wanted = {p.name: p.version for p in lock.closure(image.HARNESS_PACKAGES)}
    assert {name: inside.get(name) for name in wanted} == wanted
    assert set(inside) - IMAGE_TOOLS <= set(wanted)  # nothing unlocked came in


@pytest.mark.docker
def test_pyseccomp_loads_libseccomp_in_the_sandbox_image():
    out = _in_image("import ctypes.util, pyseccomp; f = pyseccomp.SyscallFilter(pyseccomp.ALLOW); "
                    "print(ctypes.util.find_library('seccomp'))")
    assert "libseccomp.so.2" in out


@pytest.mark.docker
@pytest.mark.slow
def test_the_expected_outputs_come_out_of_the_sandbox_image():
    """The reference, run by the harness inside the sandbox image, gives the stored outputs."""
    done = subprocess.run([sys.executable, "-m", "grader.cli", "data", "verify", "--sandbox", "docker"],
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "match the reference run in the docker sandbox" in done.stdout
