-- wrk script (make bench): POST /record with a unique RideId per request, so every request is a
-- durable insert on the embedded store rather than a replay.
local threads = 0

function setup(thread)
  thread:set("tag", threads)
  threads = threads + 1
end

local counter = 0

function request()
  counter = counter + 1
  local ride_id = string.format("%08x-cdd4-41f0-9a1b-%012x", tag, counter)
  local body = '{"RideId": "' .. ride_id .. '", "RequestTime": "2026-11-28 12:00:00.000000", '
    .. '"Unicorn": {"Name": "Shadowfax", "Color": "White"}}'
  return wrk.format("POST", "/record", { ["Content-Type"] = "application/json" }, body)
end
