-- wrk script: one response per request, each with a unique submission id.
local counter = 0
local thread_id = 0
local ids = 0

function setup(thread)
  ids = ids + 1
  thread:set("id", ids)
end

function init(args)
  thread_id = id or 0
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"survey":"support","submission_id":"w%d-%d-%d","respondent":"cust-%d","submitted_at":"2026-11-03T10:15:00Z",' ..
    '"answers":{"nps":%d,"sat":%d,"effort":%d,"comment":"quick"},"attributes":{"segment":"smb","channel":"web"}}',
    thread_id, counter, os.time(), counter % 5000, counter % 11, 1 + counter % 5, 1 + counter % 7)
  return wrk.format("POST", "/v1/responses", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("CXLOOP_KEY")}, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_status=%d duration_s=%.3f rps=%.1f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.errors.status, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
