-- wrk script for bench/serve_soak.sh: goes round a file of requests, one a
-- line as METHOD<tab>PATH<tab>BODY (a JSON body on one line, or empty):
-- traces, reports, family lists and trees, document searches, passages. Each
-- thread starts from its own place, and
-- counts responses by status class so that the soak can tell server errors
-- (5xx) from families an `add` merged away (404).
local requests = {}
local position = 0
local thread_number = 0
local threads = {}
local headers = {["Content-Type"] = "application/json"}
counts = {ok = 0, not_found = 0, client = 0, server = 0}

function setup(thread)
  thread:set("thread_number", thread_number)
  thread_number = thread_number + 1
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local method, path, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
    if body == "" then
      requests[#requests + 1] = wrk.format(method, path)
    else
      requests[#requests + 1] = wrk.format(method, path, headers, body)
    end
  end
  position = (thread_number * 37) % #requests
end

function request()
  position = position % #requests + 1
  return requests[position]
end

function response(status, headers, body)
  if status < 300 then
    counts.ok = counts.ok + 1
  elseif status == 404 then
    counts.not_found = counts.not_found + 1
  elseif status < 500 then
    counts.client = counts.client + 1
  else
    counts.server = counts.server + 1
  end
end

function done(summary, latency, requests)
  local total = {ok = 0, not_found = 0, client = 0, server = 0}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for key, value in pairs(c) do total[key] = total[key] + value end
  end
  io.write(string.format("STATUS ok=%d not_found=%d client=%d server=%d\n", total.ok,
                         total.not_found, total.client, total.server))
  io.write(string.format("LATENCY p50_us=%d p99_us=%d max_us=%d\n", latency:percentile(50),
                         latency:percentile(99), latency.max))
end
