-- wrk script: POST /v1/guard with a ~1.5 KB prompt (prose with an email and a phone number, so
-- the response carries findings and a redaction) and print one BENCH_RESULT {json} line.
--
-- Environment: PARAPET_KEY (required) — sent as "Authorization: Bearer <key>".
--
--   PARAPET_KEY=... wrk -t2 -c64 -d20s -s Benchmarks/wrk/guard.lua http://127.0.0.1:8080/v1/guard

local prose = "The quarterly review covered revenue growth across the northern region, where the new onboarding flow cut churn by four percent. " ..
   "Please summarise the attached meeting notes and list the decisions, the owners and the dates they committed to. " ..
   "Our support team answered most tickets within two hours, although weekend coverage remains thin and needs another rotation. "
local text = prose .. prose .. "Contact jane.doe@example.org or +1 415 555 0132 for details. " .. prose .. prose
text = text:sub(1, 1500)

wrk.method = "POST"
wrk.body = '{"direction":"input","text":"' .. text .. '"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("PARAPET_KEY"), "set PARAPET_KEY")

local statuses = {}
function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local ms = function(us) return us / 1000.0 end
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      'BENCH_RESULT {"requests":%d,"duration_s":%.3f,"rps":%.2f,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"latency_ms":{"p50":%.3f,"p90":%.3f,"p99":%.3f,"p999":%.3f,"max":%.3f}}\n',
      summary.requests, seconds, summary.requests / seconds,
      e.connect, e.read, e.write, e.status, e.timeout,
      ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)),
      ms(latency:percentile(99.9)), ms(latency.max)))
end
