-- Shared by the wrk scripts: per-thread ids (for unique submission ids), the POST helper,
-- and a machine-readable RESULT line at the end. Run wrk from the repository root.
local ids = 0
thread_id = 0

function setup(thread)
  ids = ids + 1
  thread:set("id", ids)
end

function init(args)
  thread_id = id or 0
end

function post_responses(content_type, body)
  return wrk.format("POST", "/v1/responses",
    {["Content-Type"] = content_type, ["Authorization"] = "Bearer " .. os.getenv("CXLOOP_KEY")}, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_status=%d duration_s=%.3f rps=%.1f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.errors.status, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
