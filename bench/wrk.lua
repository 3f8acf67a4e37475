-- wrk script for `make bench`: one path, the given session cookies rotated over the
-- requests (each thread starts at its own offset), every answer that is not the
-- expected status counted (a session lost to a login redirect must not look fast),
-- and one JSON line at the end for bench/loadgen.py.
--
--   wrk -t2 -c20 -d5s -s bench/wrk.lua http://127.0.0.1:8791 -- PATH STATUS [COOKIE...]
-- COOKIE is a whole Cookie header value ("sessionid=..."); none: an anonymous visitor.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  path = args[1] or "/"
  expect = tonumber(args[2] or "200")
  cookies = {}
  for i = 3, #args do
    cookies[#cookies + 1] = args[i]
  end
  unexpected = 0
  counter = (id or 1) * 7919
  headers = {
    ["Host"] = "localhost",
    ["X-Forwarded-Proto"] = "https",
    ["Accept"] = "text/html",
    ["Accept-Language"] = "it",
  }
end

function request()
  if #cookies > 0 then
    counter = counter + 1
    headers["Cookie"] = cookies[(counter % #cookies) + 1]
  end
  return wrk.format("GET", path, headers)
end

function response(status, hdrs, body)
  if status ~= expect then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("unexpected") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    '@@WRK@@{"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,' ..
    '"write":%d,"status":%d,"timeout":%d,"unexpected":%d,"p50_us":%d,"p95_us":%d,' ..
    '"p99_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, bad, latency:percentile(50), latency:percentile(95),
    latency:percentile(99)))
end
