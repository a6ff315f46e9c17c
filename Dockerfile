# The service's image, for docker-compose.yml's web and worker containers (not the sandbox's:
# student code runs in grader/sandbox/Dockerfile's image, started by the worker through the
# host's Docker engine).  The checkout is installed in place: the grader reads data/ beside it.
# Without a registry, docker-compose.offline.yml builds it with BASE set to a Debian base made
# offline (`grader compose offline-build`).
ARG BASE=python:3.11-slim
FROM ${BASE}
WORKDIR /app
# The locked packages first (uv.lock: every package at its version and hash, installed by the
# pinned uv), read from the lock alone: a change to the code then reuses this layer instead of
# downloading TensorFlow again.
COPY requirements/uv.txt requirements/uv.txt
COPY pyproject.toml uv.lock ./
# uv trusts the system's CA bundle, as pip does (the offline base carries the machine's: a TLS
# proxy's CA)
ENV UV_PROJECT_ENVIRONMENT=/opt/venv UV_PYTHON_DOWNLOADS=never UV_NO_CACHE=1 UV_SYSTEM_CERTS=1
RUN python3 -m venv /opt/uv \
 && /opt/uv/bin/pip install --no-cache-dir --require-hashes -r requirements/uv.txt \
 && /opt/uv/bin/uv sync --locked --extra service --no-install-project --compile-bytecode --python python3
COPY README.md ./
COPY harness/ harness/
COPY checks/ checks/
COPY grader/ grader/
COPY reference/ reference/
COPY web/ web/
COPY data/ data/
# the checkout itself, editable (the grader reads data/ beside it)
RUN /opt/uv/bin/uv sync --locked --extra service --python python3 \
 && useradd --system --uid 10001 --create-home --home-dir /home/grader grader \
 && mkdir -p /app/instance && chown grader /app/instance
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 GRADER_INSTANCE=/app/instance
USER grader
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "3", "web:create_app()"]
