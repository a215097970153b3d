-- wrk script for bench/serve_bench.sh: POST /v1/trace with the articles of
-- a JSON Lines file (one request body a line), each thread starting at its
-- own place in the list and going round it.
local bodies = {}
local next_body = 0
local thread_number = 0
local headers = {["Content-Type"] = "application/json"}

function setup(thread)
  thread:set("thread_number", thread_number)
  thread_number = thread_number + 1
end

function init(args)
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = line
  end
  next_body = (thread_number * 37) % #bodies
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/v1/trace", headers, bodies[next_body])
end
