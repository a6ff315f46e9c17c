"""The settings table: values from the environment, defaults under the instance folder, the docs page."""
from __future__ import annotations

import stat
from pathlib import Path

import pytest

from web import settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def test_docs_page_is_generated_from_the_table():
    assert DOCS.read_text() == settings.markdown(), (
        "docs/settings.md is out of step with web/settings.py; regenerate it with the command "
        "at the top of the page")
    for setting in settings.SETTINGS:
        assert f"`GRADER_{setting.name}`" in DOCS.read_text()


def test_defaults_put_the_database_and_the_key_under_the_instance_folder(tmp_path):
    values = settings.load({}, {"INSTANCE": str(tmp_path / "inst")})
    assert values["DATABASE_URL"] == f"sqlite:///{tmp_path}/inst/grader.sqlite"
    key_file = tmp_path / "inst" / "secret_key"
    assert values["SECRET_KEY"] == key_file.read_text().strip() and len(values["SECRET_KEY"]) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # a restart keeps the key, so sessions stay valid
    assert settings.load({}, {"INSTANCE": str(tmp_path / "inst")})["SECRET_KEY"] == values["SECRET_KEY"]
    assert values["SUBMISSIONS_PER_WINDOW"] == 5 and values["AUTO_MIGRATE"] is True
    queue_in_sqlite = settings.load({"GRADER_BROKER_URL": "sqla+sqlite:///{instance}/b.sqlite"},
                                    {"INSTANCE": str(tmp_path / "inst")})
    assert queue_in_sqlite["BROKER_URL"] == f"sqla+sqlite:///{tmp_path}/inst/b.sqlite"


def test_environment_variables_are_converted_to_the_declared_type(tmp_path):
    environ = {"GRADER_INSTANCE": str(tmp_path), "GRADER_SUBMISSIONS_PER_WINDOW": " 12 ",
               "GRADER_AUTO_MIGRATE": "off", "GRADER_SANDBOX": "none",
               "GRADER_SECRET_KEY": "k" * 40}
    values = settings.load(environ)
    assert values["SUBMISSIONS_PER_WINDOW"] == 12
    assert values["AUTO_MIGRATE"] is False
    assert values["SANDBOX"] == "none" and values["SECRET_KEY"] == "k" * 40
    assert values["INSTANCE"] == str(tmp_path)
    # overrides (the test config) come before the environment
    assert settings.load(environ, {"SUBMISSIONS_PER_WINDOW": 1})["SUBMISSIONS_PER_WINDOW"] == 1


@pytest.mark.parametrize("variable, text, says", [
    ("GRADER_SUBMISSIONS_PER_WINDOW", "five", "whole number"),
    ("GRADER_UPLOAD_MAX_BYTES", "-1", "negative"),
    ("GRADER_SANDBOX_POOL", "maybe", "1 or 0"),
])
def test_a_bad_value_names_the_variable(tmp_path, variable, text, says):
    with pytest.raises(settings.SettingsError, match=f"{variable}.*{says}"):
        settings.load({"GRADER_INSTANCE": str(tmp_path), variable: text})


def test_an_unknown_override_is_refused(tmp_path):
    with pytest.raises(settings.SettingsError, match="unknown settings"):
        settings.load({}, {"INSTANCE": str(tmp_path), "DATABASE_URI": "sqlite://"})
