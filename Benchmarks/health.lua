-- GET /health: the same-run baseline of decide-load.sh (one database round trip).
dofile("Benchmarks/wrk-common.lua")

request = function()
  return wrk.format("GET", "/health")
end
