# One image for the API and the worker (the command chooses the role).
# Nothing is downloaded at run time; at build time only the npm registry is used.
FROM node:20.19-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY lib ./lib
# The Temporal CLI (dev server) is not needed in a production image.
ENV QYZMET_SKIP_TEMPORAL_CLI=1 CHECKPOINT_DISABLE=1
RUN npm ci --omit=dev
COPY . .
RUN npm run build:workflows && npm prune --omit=dev

FROM node:20.19-bookworm-slim
ENV NODE_ENV=production CHECKPOINT_DISABLE=1 WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 4000 9464
CMD ["node", "--import", "tsx", "api/server.ts"]
