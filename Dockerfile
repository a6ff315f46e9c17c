# The service's image, for docker-compose.yml's web and worker containers (not the sandbox's:
# student code runs in grader/sandbox/Dockerfile's image, started by the worker through the
# host's Docker engine).  The checkout is installed in place: the grader reads data/ beside it.
# Without a registry, docker-compose.offline.yml builds it with BASE set to a Debian base made
# offline (`grader compose offline-build`).
ARG BASE=python:3.11-slim
FROM ${BASE}
WORKDIR /app
# The pinned dependencies first, read from pyproject.toml alone: a change to the code then
# reuses this layer instead of downloading TensorFlow again.
COPY pyproject.toml ./
RUN python3 -m venv /opt/venv \
 && /opt/venv/bin/python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies']['service']))" >/tmp/requirements.txt \
 && /opt/venv/bin/pip install --no-cache-dir -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt
COPY README.md ./
COPY checks/ checks/
COPY grader/ grader/
COPY reference/ reference/
COPY web/ web/
COPY data/ data/
RUN /opt/venv/bin/pip install --no-cache-dir --no-deps -e . \
 && useradd --system --uid 10001 --create-home --home-dir /home/grader grader \
 && mkdir -p /app/instance && chown grader /app/instance
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 GRADER_INSTANCE=/app/instance
USER grader
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "3", "web:create_app()"]
