-- wrk script: NDJSON batches of BATCH (default 1000) responses with unique submission ids.
local counter = 0
local thread_id = 0
local ids = 0
local batch = tonumber(os.getenv("BATCH") or "1000")

function setup(thread)
  ids = ids + 1
  thread:set("id", ids)
end

function init(args)
  thread_id = id or 0
end

function request()
  counter = counter + 1
  local lines = {}
  for i = 1, batch do
    lines[i] = string.format(
      '{"survey":"support","submission_id":"b%d-%d-%d-%d","respondent":"cust-%d","submitted_at":"2026-11-03T10:15:00Z",' ..
      '"answers":{"nps":%d,"sat":%d,"effort":%d},"attributes":{"segment":"smb"}}',
      thread_id, counter, i, os.time(), i, i % 11, 1 + i % 5, 1 + i % 7)
  end
  return wrk.format("POST", "/v1/responses", {["Content-Type"] = "application/x-ndjson", ["Authorization"] = "Bearer " .. os.getenv("CXLOOP_KEY")}, table.concat(lines, "\n"))
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_status=%d duration_s=%.3f rps=%.1f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.errors.status, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
