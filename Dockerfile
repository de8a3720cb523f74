# Leadlens container: runs the server from source with Bun.
# The single-binary multi-stage image (bun build --compile, slim runtime) replaces this with the
# "ship it" work; until then this image is what `npm start` runs, in a container.
FROM oven/bun:1.4.4-slim AS app
WORKDIR /app
COPY package.json package-lock.json ./
RUN bun install --production --frozen-lockfile --ignore-scripts
COPY src ./src
COPY web ./web
COPY data/asn-overrides.csv ./data/asn-overrides.csv
RUN useradd --system --uid 10001 leadlens && mkdir -p /data && chown leadlens /data
USER leadlens
ENV HOST=0.0.0.0 PORT=3000 DATA_DIR=/data LEADLENS_ENV=production
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD ["bun", "-e", "fetch('http://127.0.0.1:3000/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["bun", "src/cli.ts", "serve"]
