# One image for the API, the worker and the migrate job (the compose command chooses the role).
# Nothing is downloaded at run time; at build time only the npm registry is used: dependency
# install scripts stay off (Prisma's would fetch native engines; Qyzmet runs its JavaScript
# engine), and the project's own postinstall runs once the sources it needs are copied.
# scripts/docker-dry-build.ts executes these steps without a Docker engine (npm test does).

FROM node:24.22-bookworm-slim AS build
WORKDIR /app
ENV CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1 QYZMET_SKIP_TEMPORAL_CLI=1
# Dependencies in a layer of their own: it is rebuilt only when the lockfile changes.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# The Prisma client (generated/), the prebuilt workflow bundle (dist/) and the officer console
# the API serves (web/dist/).
RUN npm run postinstall && npm run build:workflows && npm run build:console
# What the runtime image gets: production dependencies only (tests and the benchmark never
# entered the build context, see .dockerignore), and of Temporal's native bridge only the
# prebuilt library for this image's platform: the package also carries four other platforms'
# and its Rust sources (~130 MB, test certificates among them).
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && cd node_modules/@temporalio/core-bridge \
 && rm -rf sdk-core src bridge-macros Cargo.toml Cargo.lock \
 && find releases -mindepth 1 -maxdepth 1 ! -name "$(uname -m)-unknown-linux-gnu" -exec rm -rf {} +

FROM node:24.22-bookworm-slim AS runtime
# The worker's build id for Worker Deployment Versioning (README "Safe rollouts"): the image has
# no .git, so the commit comes in as a build argument (docker compose passes QYZMET_BUILD_ID).
ARG QYZMET_BUILD_ID=
ENV NODE_ENV=production CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1 \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js QYZMET_BUILD_ID=${QYZMET_BUILD_ID}
WORKDIR /app
# Owned by root and read-only to the process: the code cannot be changed by what it runs.
COPY --from=build /app /app
USER node
# The API (4000) and the worker's health check (8081).
EXPOSE 4000 8081
CMD ["node", "--import", "tsx", "api/server.ts"]
