-- POST /v1/decide for random customers of 100,000, on three channels, half in segment smb.
-- Run from the repository root (see decide-load.sh).
dofile("Benchmarks/wrk-common.lua")
math.randomseed(os.time())

request = function()
  local unit = math.random(1, 100000)
  local segment = (unit % 2 == 0) and "smb" or "enterprise"
  local body = string.format('{"unit":"cust-%d","context":{"segment":"%s"},"channels":["sms","email","app"]}', unit, segment)
  return wrk.format("POST", "/v1/decide",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("CXLOOP_KEY")}, body)
end
