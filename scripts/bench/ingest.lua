-- wrk script: POST /api/v1/observatory/events, every request a batch of BATCH events (env, default 500, at most 1000).
--
--   API_KEY=psl_… BATCH=500 wrk -t2 -c16 -d15s --timeout 10s -s scripts/bench/ingest.lua http://127.0.0.1:PORT
--
-- Event ids are unique across threads, requests and runs: <run>-<thread>-<request>-<index> (run = start time in
-- seconds, base 36). The mix is fixed per thread (seeded with the thread number), so two runs send the same shapes:
-- kinds ~60 % page-view, 18 % content-view, 10 % search, 9 % play, 3 % booking; visitors drawn from 20 000 ids with a
-- heavy head (a few regulars, many one-off visitors); offers among 2 000; device mostly desktop/mobile.
-- occurredAt is now minus 3 minutes, computed once at start, RFC 3339 UTC (the server refuses old events and more than 5 min ahead).
--
-- done() prints the figures, then one machine-readable line for scripts/bench/ingest.sh:
--   INGEST requests=… sent_requests=… events_per_request=… duration_s=… recorded=… duplicates=… rejected=… non200=… …

local batch = tonumber(os.getenv("BATCH") or "500")
local key = os.getenv("API_KEY")
local path = os.getenv("INGEST_PATH") or "/api/v1/observatory/events"

if not batch or batch < 1 or batch > 1000 or batch ~= math.floor(batch) then
   io.stderr:write("ingest.lua: BATCH must be an integer between 1 and 1000\n")
   os.exit(2)
end
if not key or key == "" then
   io.stderr:write("ingest.lua: set API_KEY to an institution's key (passerelle institution create prints it)\n")
   os.exit(2)
end

-- Main state: number the threads and hand each the run tag and the date.
local threads = {}
local run_tag = nil
local occurred_at_start = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - 180)

local function base36(n)
   local digits, out = "0123456789abcdefghijklmnopqrstuvwxyz", ""
   repeat
      local d = n % 36
      out = digits:sub(d + 1, d + 1) .. out
      n = math.floor(n / 36)
   until n == 0
   return out
end

function setup(thread)
   run_tag = run_tag or base36(os.time())
   table.insert(threads, thread)
   thread:set("tid", #threads)
   thread:set("run", run_tag)
   thread:set("occurred", occurred_at_start)
end

-- Thread state (each wrk thread has its own Lua state; the globals below are per thread).
local kinds = {}
for _, entry in ipairs({ { "page-view", 60 }, { "content-view", 18 }, { "search", 10 }, { "play", 9 }, { "booking", 3 } }) do
   for _ = 1, entry[2] do kinds[#kinds + 1] = entry[1] end
end
local devices = {}
for _, entry in ipairs({ { "desktop", 45 }, { "mobile", 45 }, { "tablet", 8 }, { "other", 2 } }) do
   for _ = 1, entry[2] do devices[#devices + 1] = entry[1] end
end
local headers = {
   ["Authorization"] = "Bearer " .. key,
   ["Content-Type"] = "application/json",
}

counter = 0        -- requests built by this thread (sent, answered or not)
statuses = {}      -- status code (as text) -> count
recorded, duplicates, rejected, answered = 0, 0, 0, 0

function init(args)
   math.randomseed(tid * 7919)
   prefix = run .. "-" .. tid .. "-"
end

local function visitor()
   -- A heavy head: one draw in four among 200 regulars, the rest among 20 000.
   if math.random(4) == 1 then return "v-" .. math.random(200) end
   return "v-" .. math.random(20000)
end

function request()
   counter = counter + 1
   local base = prefix .. counter .. "-"
   local parts = {}
   for i = 1, batch do
      parts[i] = string.format(
         '{"eventID":"%s%d","kind":"%s","occurredAt":"%s","offer":"o-%d","visitor":"%s","device":"%s"}',
         base, i, kinds[math.random(#kinds)], occurred, math.random(2000), visitor(), devices[math.random(#devices)])
   end
   local body = '{"events":[' .. table.concat(parts, ",") .. "]}"
   return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
   answered = answered + 1
   local s = tostring(status)
   statuses[s] = (statuses[s] or 0) + 1
   if status == 200 then
      recorded = recorded + tonumber(body:match('"recorded"%s*:%s*(%d+)') or "0")
      duplicates = duplicates + tonumber(body:match('"duplicates"%s*:%s*(%d+)') or "0")
      if not body:find('"rejected"%s*:%s*%[%s*%]') then
         -- Count the rejected entries: each has an "index".
         local _, n = body:gsub('"index"%s*:', "")
         rejected = rejected + n
      end
   end
end

function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local sent, got, rec, dup, rej = 0, 0, 0, 0, 0
   local byStatus = {}
   for _, thread in ipairs(threads) do
      sent = sent + thread:get("counter")
      got = got + thread:get("answered")
      rec = rec + thread:get("recorded")
      dup = dup + thread:get("duplicates")
      rej = rej + thread:get("rejected")
      for code, n in pairs(thread:get("statuses")) do byStatus[code] = (byStatus[code] or 0) + n end
   end
   local non200 = 0
   local codes = {}
   for code, n in pairs(byStatus) do
      if code ~= "200" then non200 = non200 + n end
      codes[#codes + 1] = code .. ":" .. n
   end
   table.sort(codes)
   local e = summary.errors
   local socketErrors = e.connect + e.read + e.write + e.timeout
   local p50, p99 = latency:percentile(50) / 1000, latency:percentile(99) / 1000

   io.write("\n-- ingest.lua ------------------------------------------------------------\n")
   io.write(string.format("batch               %d events per request\n", batch))
   -- wrk calls request() once more in the first thread to check the script, so "sent" counts one more.
   io.write(string.format("requests answered   %d in %.2f s (%d sent; %d unanswered at the deadline)\n",
      summary.requests, seconds, sent, sent - got))
   io.write(string.format("requests/s          %.1f\n", summary.requests / seconds))
   io.write(string.format("events/s            %.0f   (requests x BATCH / duration)\n", summary.requests * batch / seconds))
   io.write(string.format("recorded/s          %.0f   (events the server says it wrote)\n", rec / seconds))
   io.write(string.format("latency p50 / p99   %.1f ms / %.1f ms\n", p50, p99))
   io.write(string.format("statuses            %s\n", table.concat(codes, " ")))
   io.write(string.format("non-200 responses   %d\n", non200))
   io.write(string.format("socket errors       connect %d, read %d, write %d, timeout %d\n", e.connect, e.read, e.write, e.timeout))
   io.write(string.format("recorded %d, duplicates %d, rejected %d\n", rec, dup, rej))
   io.write(string.format(
      "INGEST requests=%d sent_requests=%d answered=%d events_per_request=%d duration_s=%.6f requests_per_s=%.2f events_per_s=%.2f " ..
      "p50_ms=%.3f p99_ms=%.3f non200=%d socket_errors=%d recorded=%d duplicates=%d rejected=%d\n",
      summary.requests, sent, got, batch, seconds, summary.requests / seconds, summary.requests * batch / seconds,
      p50, p99, non200, socketErrors, rec, dup, rej))
end
