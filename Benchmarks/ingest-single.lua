-- wrk script: one response per request, each with a unique submission id.
dofile("Benchmarks/wrk-common.lua")
local counter = 0

function request()
  counter = counter + 1
  return post_responses("application/json", string.format(
    '{"survey":"support","submission_id":"w%d-%d-%d","respondent":"cust-%d","submitted_at":"2026-11-03T10:15:00Z",' ..
    '"answers":{"nps":%d,"sat":%d,"effort":%d,"comment":"quick"},"attributes":{"segment":"smb","channel":"web"}}',
    thread_id, counter, os.time(), counter % 5000, counter % 11, 1 + counter % 5, 1 + counter % 7))
end
