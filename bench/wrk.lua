-- wrk script for bench/run.py: replays a file of requests round-robin, one line per request:
--   METHOD <tab> PATH <tab> ACCESS_TOKEN or "-" <tab> JSON BODY or "-"
-- Every request says it came through the TLS-terminating load balancer (X-Forwarded-Proto), as in
-- production. done() prints one JSON line that bench/run.py reads.
local requests = {}
local next_index = 0

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local method, path, token, body = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t(.*)$")
    local headers = { ["X-Forwarded-Proto"] = "https", ["Accept"] = "application/json" }
    if token ~= "-" then headers["Authorization"] = "Bearer " .. token end
    if body == "-" then
      body = nil
    else
      headers["Content-Type"] = "application/json"
    end
    requests[#requests + 1] = wrk.format(method, path, headers, body)
  end
  file:close()
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

function done(summary, latency, _)
  local e = summary.errors
  -- The latency distribution as 200 quantiles (every 0.5 %), so runs can be pooled exactly enough.
  local quantiles = {}
  for i = 1, 200 do quantiles[i] = string.format("%d", latency:percentile(i / 2)) end
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
    '"p50_us": %d, "p99_us": %d, "max_us": %d, "quantiles_us": [%s]}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max, table.concat(quantiles, ",")))
end
