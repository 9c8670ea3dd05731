-- wrk script: NDJSON batches of BATCH (default 1000) responses with unique submission ids.
dofile("Benchmarks/wrk-common.lua")
local counter = 0
local batch = tonumber(os.getenv("BATCH") or "1000")

function request()
  counter = counter + 1
  local lines = {}
  for i = 1, batch do
    lines[i] = string.format(
      '{"survey":"support","submission_id":"b%d-%d-%d-%d","respondent":"cust-%d","submitted_at":"2026-11-03T10:15:00Z",' ..
      '"answers":{"nps":%d,"sat":%d,"effort":%d},"attributes":{"segment":"smb"}}',
      thread_id, counter, i, os.time(), i, i % 11, 1 + i % 5, 1 + i % 7)
  end
  return post_responses("application/x-ndjson", table.concat(lines, "\n"))
end
