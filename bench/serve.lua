-- wrk script for bench/serve.sh: POSTs the JSON body in $PRECIS_BODY to /v1/summarize and counts
-- statuses (200 / 503 / other).
local f = assert(io.open(os.getenv("PRECIS_BODY"), "rb"))
wrk.method = "POST"
wrk.path = "/v1/summarize"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, shed, other = 0, 0, 0
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 503 then
    shed = shed + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local o, s, x = 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok")
    s = s + t:get("shed")
    x = x + t:get("other")
  end
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d ok=%d shed503=%d other=%d errors_connect=%d errors_read=%d errors_timeout=%d req_per_s=%.0f ok_per_s=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, o, s, x, summary.errors.connect, summary.errors.read, summary.errors.timeout,
    summary.requests / secs, o / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
