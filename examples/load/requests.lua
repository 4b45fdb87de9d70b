-- wrk's script for run.sh:  wrk -s requests.lua <url> -- <token-file | -> <expected-status>
--
-- Every request carries "Authorization: Bearer <token>", the token picked at random from the file
-- (one a line; "-" sends no Authorization header at all). Requests are formatted once, in init, so
-- picking one costs the same for a pool of one as for a pool of 20000: only the server's work
-- differs between scenarios. Every response's status is checked; done() prints one RESULT line.

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  prepared = {}
  if args[1] ~= "-" then
    for token in io.lines(args[1]) do
      prepared[#prepared + 1] = wrk.format(nil, nil, { ["Authorization"] = "Bearer " .. token })
    end
  else
    prepared[1] = wrk.format()
  end
  count = #prepared
  if count == 0 then error("no tokens in " .. args[1]) end
  expected = tonumber(args[2])
  responses = 0
  unexpected = 0
  math.randomseed(os.time() * 100 + id)
end

function request()
  return prepared[math.random(count)]
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= expected then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local seen, wrong = 0, 0
  for _, thread in ipairs(threads) do
    seen = seen + thread:get("responses")
    wrong = wrong + thread:get("unexpected")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests_per_second=%.1f responses=%d unexpected_status=%d socket_errors=%d latency_p50_us=%d latency_p99_us=%d\n",
    summary.requests / (summary.duration / 1e6), seen, wrong,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99)))
end
