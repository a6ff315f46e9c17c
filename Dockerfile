# The service's image, for docker-compose.yml's web and worker containers (not the sandbox's:
# student code runs in grader/sandbox/Dockerfile's image, started by the worker through the
# host's Docker engine).  The checkout is installed in place: the grader reads data/ beside it.
ARG BASE=python:3.11-slim
FROM ${BASE}
WORKDIR /app
COPY pyproject.toml README.md ./
COPY checks/ checks/
COPY grader/ grader/
COPY reference/ reference/
COPY web/ web/
COPY data/ data/
RUN python3 -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir -e ".[service]" \
 && useradd --system --uid 10001 --home-dir /app grader \
 && mkdir -p /app/instance && chown grader /app/instance
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 GRADER_INSTANCE=/app/instance
USER grader
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "3", "web:create_app()"]
