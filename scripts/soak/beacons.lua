-- wrk script for `npm run soak`: real beacons (JSON as text/plain, a browser User-Agent) for one
-- site key, X-Forwarded-For cycling through lead addresses, a unique path per request so stored
-- rows can be counted against the 2xx answers, and an optional per-connection delay for a paced
-- rate. Arguments after `--`: <addresses.lua> <site key> <path prefix> <delay ms (0: none)>.
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
  local body = string.format(
    '{"s":"%s","e":"pageview","u":"https://example.com%s/%d/%d","t":"Soak","w":1440}',
    key, prefix, id, n)
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
