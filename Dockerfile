# Weft in a container: built in one stage (TypeScript, better-sqlite3's native build), run in a slim one with the
# production dependencies only, as the unprivileged `node` user. The SQLite file and the generated encryption key
# live in /data (a volume); with DATABASE_URL set, Weft uses PostgreSQL instead (see compose.yaml).
#
#   docker build -t weft .
#   docker run -p 3000:3000 -v weft-data:/data -e WEFT_PUBLIC_URL=https://weft.example.com weft

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles its addon where no prebuilt binary can be fetched.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY bench ./bench
# npm ci builds dist/ (prepare runs bin/build.js); prune then leaves the production dependencies only.
RUN npm ci --no-audit --no-fund \
  && node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()" \
  && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WEFT_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/node_modules ./node_modules
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The bundled server (what `npm start` runs, serving in under a second) started by node itself, not `npm start`:
# signals reach Weft directly, which drains its requests and jobs on SIGTERM.
CMD ["node", "dist/server/server.js"]
