// The ceiling for scripts/bench/ingest.ts: a bare Bun.serve that reads the body and answers 204.
// `bun scripts/bench/bare-server.ts [port]`; logs the same `"url":"http://127.0.0.1:N"` line as
// `leadlens serve`, and stops on SIGTERM.
const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(process.argv[2] ?? 0),
  async fetch(request) {
    await request.arrayBuffer(); // a real endpoint reads its body; so does the baseline
    return new Response(null, { status: 204 });
  },
});
console.error(JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${server.port}` }));
process.on('SIGTERM', () => {
  server.stop(true);
  process.exit(0);
});
