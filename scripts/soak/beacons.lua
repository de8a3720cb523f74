-- wrk script for `npm run soak`: real beacons (JSON as text/plain, a browser User-Agent) for one
-- site key, X-Forwarded-For cycling through lead addresses, and an optional per-connection delay
-- for a paced rate. Paths: with <pages> = 0 every request a new URL `<prefix>/<thread>/<n>` (the
-- worst case: every beacon interns a new path); otherwise a site's mix — 98 % from <pages> pages
-- under <pages prefix>, a few popular ones most viewed (index = pages · r³), 2 % one-off URLs
-- (search results, campaign links) under <prefix>. Stored rows are counted by the common prefix.
-- Arguments after `--`: <addresses.lua> <site key> <prefix> <delay ms (0: none)> <pages>
-- <pages prefix>.
-- done() prints one parseable line: WRK_RESULT key=value ...

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  addresses = dofile(args[1])
  key = args[2]
  prefix = args[3]
  pause = tonumber(args[4]) or 0
  pages = tonumber(args[5]) or 0
  pagesPrefix = args[6] or prefix
  math.randomseed(id)
  n = 0
  s2xx, s3xx, s4xx, s5xx, s429, s503, sother = 0, 0, 0, 0, 0, 0, 0
  ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) " ..
    "Chrome/126.0.0.0 Safari/537.36"
end

function delay()
  return pause
end

function request()
  n = n + 1
  local ip = addresses[(n + id * 7919) % #addresses + 1]
  local path
  if pages > 0 and math.random() >= 0.02 then
    path = string.format("%s/page/%d", pagesPrefix, math.floor(pages * math.random() ^ 3))
  else
    path = string.format("%s/%d/%d", prefix, id, n)
  end
  local body = string.format(
    '{"s":"%s","e":"pageview","u":"https://example.com%s","t":"Soak","w":1440}', key, path)
  return wrk.format("POST", "/e", {
    ["Content-Type"] = "text/plain;charset=UTF-8",
    ["User-Agent"] = ua,
    ["X-Forwarded-For"] = ip,
  }, body)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    s2xx = s2xx + 1
  elseif status == 429 then
    s429 = s429 + 1
    s4xx = s4xx + 1
  elseif status == 503 then
    s503 = s503 + 1
    s5xx = s5xx + 1
  elseif status >= 300 and status < 400 then
    s3xx = s3xx + 1
  elseif status >= 400 and status < 500 then
    s4xx = s4xx + 1
  elseif status >= 500 and status < 600 then
    s5xx = s5xx + 1
  else
    sother = sother + 1
  end
end

function done(summary, latency, requests)
  local c = { s2xx = 0, s3xx = 0, s4xx = 0, s5xx = 0, s429 = 0, s503 = 0, sother = 0 }
  for _, thread in ipairs(threads) do
    for k, _ in pairs(c) do
      c[k] = c[k] + (thread:get(k) or 0)
    end
  end
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d p50_us=%.0f p90_us=%.0f p99_us=%.0f max_us=%.0f " ..
      "mean_us=%.0f s2xx=%d s3xx=%d s4xx=%d s5xx=%d s429=%d s503=%d sother=%d err_connect=%d " ..
      "err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, c.s2xx, c.s3xx, c.s4xx, c.s5xx, c.s429,
    c.s503, c.sother, e.connect, e.read, e.write, e.status, e.timeout))
end
