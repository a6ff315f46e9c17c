"""docker-compose.yml is a valid compose file for the service: web, scalable workers, Redis, PostgreSQL."""
from __future__ import annotations

import shutil
import subprocess

from tests.web.services import ROOT


def test_the_compose_file_validates_and_workers_scale():
    compose = shutil.which("docker-compose")
    assert compose, "docker-compose is missing: scripts/test.sh installs it (apt-get install docker-compose)"
    environ = {"PATH": "/usr/bin:/bin", "GRADER_SECRET_KEY": "s" * 40, "POSTGRES_PASSWORD": "p"}
    done = subprocess.run([compose, "config"], cwd=ROOT, env=environ, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    config = done.stdout
    services = subprocess.run([compose, "config", "--services"], cwd=ROOT, env=environ,
                              capture_output=True, text=True, check=True).stdout.split()
    assert set(services) == {"web", "worker", "sandbox", "redis", "postgres"}
    assert "--appendonly" in config and "postgres-data:/var/lib/postgresql/data" in config
    assert "container_name" not in config  # `--scale worker=N` needs unnamed containers
    assert "postgresql+psycopg://grader:p@postgres/grader" in config


def test_the_compose_file_refuses_to_start_without_its_secrets():
    compose = shutil.which("docker-compose")
    assert compose, "docker-compose is missing: scripts/test.sh installs it"
    done = subprocess.run([compose, "config"], cwd=ROOT, env={"PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True)
    assert done.returncode != 0 and "GRADER_SECRET_KEY" in done.stderr
