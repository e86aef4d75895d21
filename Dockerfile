# syntax=docker/dockerfile:1
# Build stage: install production dependencies, compiling native modules (better-sqlite3) here.
FROM node:22-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY config ./config
COPY data/*.timeline.json ./data/
COPY tsconfig.json ./

# Runtime stage: no compilers, a non-root user, the database on a volume.
FROM node:22-slim
ENV NODE_ENV=production \
    DATELINE_DB=/var/lib/dateline/dateline.db \
    METRICS_PORT=9464 \
    METRICS_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /var/lib/dateline && chown node:node /var/lib/dateline
USER node
VOLUME ["/var/lib/dateline"]
EXPOSE 3000 9464
# /healthz answers 200 while the database takes a write (the image has no curl: Node's fetch does the request).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.METRICS_PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/dateline.js"]
CMD ["start"]
