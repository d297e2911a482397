# Plenary: one server process. docker-compose.yml runs three of these behind nginx on one Redis.
FROM node:20-bookworm-slim

# better-sqlite3 is a native module: npm ci compiles it when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# The web app the server serves (client/dist).
RUN npm run build \
 && mkdir -p /app/data \
 && chown -R node:node /app/data

# The SQLite file lives in /app/data (mount a volume there to keep it); with REDIS_URL set it is not used.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    PLENARY_DATA=/app/data/plenary.db
USER node
EXPOSE 3000

# Liveness only: /readyz (the store is reachable) is for the balancer, not for restarting the process.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"

CMD ["npx", "tsx", "server/main.ts"]
