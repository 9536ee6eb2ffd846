# The one image recipe of Syncyard: each of the five services and each of the six simulators.
# Build from the repository root; build arguments pick what the image runs:
#   docker build --build-arg APP=services/orchestrator \
#     --build-arg APP_FACTORY=syncyard_orchestrator.main:create_app --build-arg PORT=8002 \
#     -t syncyard/orchestrator:0.1.0 .
# docker-compose.yml names the arguments of every service and simulator. Two stages: the
# first installs into a virtual environment; the second gets only that environment and the
# app's folder (the services' migrations/), no pip cache and no build leftovers. The base is
# pinned to one Python release on one Debian release; pin its digest as well where you mirror
# it (`docker buildx imagetools inspect python:3.11.11-slim-bookworm`).
# The console (console/dist) in an unprivileged nginx, for Kubernetes (deploy/k8s/console.yaml):
#   docker build --target console -t syncyard/console:0.1.0 .
# Its two stages come first so that a build without --target still makes a service's image,
# and BuildKit builds only the stages the chosen target needs. Both bases are pinned as well.
FROM node:20.20.2-bookworm-slim AS console-build
WORKDIR /console
COPY console/package.json console/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY console/index.html console/tsconfig.json console/vite.config.ts ./
COPY console/public ./public
COPY console/src ./src
# The type check and the console's tests run in CI (make test); the image only bundles.
RUN npx vite build

FROM nginxinc/nginx-unprivileged:1.28.0-alpine AS console
COPY --from=console-build /console/dist /usr/share/nginx/html
COPY deploy/console/nginx.conf /etc/nginx/nginx.conf
# nginx's own unprivileged user (uid 101), numeric so runAsNonRoot can verify it.
USER 101:101
EXPOSE 8080

FROM python:3.11.11-slim-bookworm AS build
ARG APP
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
# The shared library first: its layer is reused while only the app changes.
COPY libs/common /src/libs/common
RUN /venv/bin/pip install /src/libs/common
COPY ${APP} /src/app
RUN /venv/bin/pip install /src/app

FROM python:3.11.11-slim-bookworm AS runtime
ARG APP_FACTORY
ARG PORT
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    APP_FACTORY=${APP_FACTORY} \
    PORT=${PORT}
RUN useradd --system --uid 10001 --user-group --no-create-home syncyard
COPY --from=build /venv /venv
# The app's folder is the working directory: a service finds its migrations/ there.
COPY --from=build /src/app /app
WORKDIR /app
USER 10001:10001
EXPOSE ${PORT}
# exec: uvicorn is PID 1 and gets SIGTERM itself; it stops taking connections, finishes what
# is in flight (at most 50 s) and runs the lifespan's shutdown (consumers, outbox relay).
# --http: header and body read deadlines, so stuck or slowloris clients are shed
# (syncyard_common/web/slow_clients.py, docs/operations/edge-limits.md); --timeout-keep-alive:
# longer than any client's or proxy's idle expiry (KEEP_ALIVE_SECONDS there).
CMD ["sh", "-c", "exec uvicorn \"$APP_FACTORY\" --factory --host 0.0.0.0 --port \"$PORT\" --timeout-graceful-shutdown 50 --timeout-keep-alive 75 --http syncyard_common.web.slow_clients:SlowClientGuard"]
