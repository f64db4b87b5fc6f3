# The production image: the bundle and production dependencies only, run as a non-root user.
# Stage 1 builds the bundle with the dev dependencies (esbuild); stage 2 never sees them.

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

FROM node:20.20.2-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /build/dist ./dist
# The image's own user (uid 1000), never root.
USER node
EXPOSE 4000
# Liveness for plain Docker; Kubernetes uses the probes of deploy/ instead (/healthz, /readyz).
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
# Node itself is PID 1 (exec form, no shell, no npm): SIGTERM reaches it and it drains. The flags
# are npm start's (a test keeps them equal).
CMD ["node", "--max-semi-space-size=8", "--max-old-space-size=128", "--no-memory-reducer", "--enable-source-maps", "dist/server.js"]
