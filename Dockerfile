# Leadlens image: Bun compiles one self-contained binary (server, CLI, UI, tracker, migrations);
# the runtime stage is a slim Debian with that binary and nothing else (no Bun, no node_modules,
# no source tree).
#   docker build -t leadlens .
#   docker run -d -p 127.0.0.1:3000:3000 -v leadlens-data:/data leadlens
# scripts/container-test.sh builds and checks exactly this file (CI runs it).

FROM oven/bun:1.4.4 AS build
WORKDIR /src
# Dependencies first, so a source change reuses this layer. Bun reads npm's package-lock.json.
# --ignore-scripts: the optional better-sqlite3 is only for running the source under Node and
# would try to fetch or compile a native addon; the binary uses bun:sqlite. Without its
# postinstall the npm `bun` package's node_modules/.bin/bun is a stub that only prints an
# error, and `bun run` puts node_modules/.bin first on PATH: remove it so scripts get this
# image's bun.
COPY package.json package-lock.json ./
RUN bun install --frozen-lockfile --ignore-scripts \
 && rm -f node_modules/.bin/bun node_modules/.bin/bunx
COPY . .
# --no-bytecode: the bytecode cache adds 6.6 MB to the binary and the image must stay under
# 200 MB; it only speeds up start-up. The smoke run fails the build here, not at `docker run`.
RUN bun run build --no-bytecode && ./dist/leadlens version

FROM debian:bookworm-slim
# A fixed uid/gid (not root) so an operator can chown a bind-mounted data directory to match:
#   chown -R 10001:10001 /srv/leadlens
RUN groupadd --system --gid 10001 leadlens \
 && useradd --system --uid 10001 --gid leadlens --home-dir /data --no-create-home \
      --shell /usr/sbin/nologin leadlens \
 && mkdir -p /data && chown leadlens:leadlens /data
COPY --from=build /src/dist/leadlens /usr/local/bin/leadlens
USER 10001:10001
WORKDIR /data
# Listen on all interfaces inside the container; publish the port to 127.0.0.1 or put a reverse
# proxy in front (set TRUSTED_PROXIES to its address so X-Forwarded-For is believed).
ENV DATA_DIR=/data HOST=0.0.0.0 PORT=3000 LEADLENS_ENV=production
VOLUME /data
EXPOSE 3000
# `serve` drains the write queue and exits 0 on SIGTERM (acknowledged beacons are committed).
STOPSIGNAL SIGTERM
# The first start imports the bundled dataset before listening: give it time.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["/usr/local/bin/leadlens", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/leadlens"]
CMD ["serve"]
