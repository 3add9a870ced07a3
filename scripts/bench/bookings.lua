-- wrk script: POST /api/v1/bookings, quantity 1, a fresh Idempotency-Key per request, rotating beneficiaries and stocks.
--
--   TOKENS_FILE=tokens.txt STOCKS_FILE=stocks.txt wrk -t2 -c16 -d20s --timeout 10s --latency \
--       -s scripts/bench/bookings.lua http://127.0.0.1:PORT
--   TOKENS_FILE=tokens.txt STOCK_ID=… wrk …      # contention: every request on that one stock
--
-- TOKENS_FILE: one pass session token (pss_…) per line, as `passerelle pass beneficiary create` prints it.
-- STOCKS_FILE: one stock id per line (scripts/bench/bookings.sh writes them interleaved across offers, so that
-- consecutive requests hit different offers); STOCK_ID, when set, replaces the file: every request books that stock.
-- Thread t's k-th request uses token (t * 7919 + k) mod #tokens and stock ((t - 1) * 997 + k) mod #stocks;
-- the Idempotency-Key is <run>-<thread>-<request> (run = start time in seconds, base 36): unique across threads,
-- requests and runs. EXPECT_CODES (comma-separated problem codes, e.g. "sold-out") are refusals the run expects;
-- every other non-201 answer counts as unexpected.
--
-- done() prints the figures, then one machine-readable line for scripts/bench/bookings.sh:
--   BOOKINGS requests=… sent_requests=… answered=… created=… refused=… unexpected=… … p50_ms=… p99_ms=… codes=…

local tokens_file = os.getenv("TOKENS_FILE")
local stocks_file = os.getenv("STOCKS_FILE")
local single_stock = os.getenv("STOCK_ID")
local expect_codes = os.getenv("EXPECT_CODES") or ""
local path = "/api/v1/bookings"

local function read_lines(name)
   local lines = {}
   local file = io.open(name, "r")
   if not file then
      io.stderr:write("bookings.lua: cannot read " .. name .. "\n")
      os.exit(2)
   end
   for line in file:lines() do
      if line ~= "" then lines[#lines + 1] = line end
   end
   file:close()
   return lines
end

if not tokens_file or tokens_file == "" then
   io.stderr:write("bookings.lua: set TOKENS_FILE to a file of pass session tokens, one per line\n")
   os.exit(2)
end
if (not single_stock or single_stock == "") and (not stocks_file or stocks_file == "") then
   io.stderr:write("bookings.lua: set STOCKS_FILE (one stock id per line) or STOCK_ID\n")
   os.exit(2)
end

-- Main state: number the threads and hand each the run tag.
local threads = {}
local run_tag = nil

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
end

-- Thread state (each wrk thread has its own Lua state; the globals below are per thread).
counter = 0        -- requests built by this thread (sent, answered or not)
answered = 0
statuses = {}      -- status (as text) -> count
codes = {}         -- "409 sold-out" -> count, for every non-201 answer
created, refused, unexpected = 0, 0, 0

local tokens, stocks, expected = nil, nil, {}
local stock_offset, token_offset = 0, 0

function init(args)
   tokens = read_lines(tokens_file)
   if single_stock and single_stock ~= "" then
      stocks = { single_stock }
   else
      stocks = read_lines(stocks_file)
   end
   for code in expect_codes:gmatch("[^,%s]+") do expected[code] = true end
   -- Spread the threads over the stocks and the tokens (tid is set by setup before init runs).
   local n = tonumber(tid) or 1
   stock_offset = ((n - 1) * 997) % #stocks
   token_offset = n * 7919
   prefix = run .. "-" .. n .. "-"
end

function request()
   counter = counter + 1
   local token = tokens[(token_offset + counter) % #tokens + 1]
   local stock = stocks[(stock_offset + counter) % #stocks + 1]
   local headers = {
      ["Authorization"] = "Bearer " .. token,
      ["Content-Type"] = "application/json",
      ["Idempotency-Key"] = prefix .. counter,
   }
   return wrk.format("POST", path, headers, '{"stockID":"' .. stock .. '","quantity":1}')
end

function response(status, headers, body)
   answered = answered + 1
   local s = tostring(status)
   statuses[s] = (statuses[s] or 0) + 1
   if status == 201 then
      created = created + 1
      return
   end
   local code = body and body:match('"type"%s*:%s*"urn:passerelle:problem:([^"]+)"') or "-"
   local key = s .. " " .. code
   codes[key] = (codes[key] or 0) + 1
   if status == 409 and expected[code] then
      refused = refused + 1
   else
      unexpected = unexpected + 1
   end
end

function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local sent, got, made, ref, bad = 0, 0, 0, 0, 0
   local byStatus, byCode = {}, {}
   for _, thread in ipairs(threads) do
      sent = sent + thread:get("counter")
      got = got + thread:get("answered")
      made = made + thread:get("created")
      ref = ref + thread:get("refused")
      bad = bad + thread:get("unexpected")
      for code, n in pairs(thread:get("statuses")) do byStatus[code] = (byStatus[code] or 0) + n end
      for code, n in pairs(thread:get("codes")) do byCode[code] = (byCode[code] or 0) + n end
   end
   local shown, non2xx = {}, 0
   for code, n in pairs(byStatus) do
      if code:sub(1, 1) ~= "2" then non2xx = non2xx + n end
      shown[#shown + 1] = code .. ":" .. n
   end
   table.sort(shown)
   local problems = {}
   for code, n in pairs(byCode) do problems[#problems + 1] = code:gsub(" ", "/") .. ":" .. n end
   table.sort(problems)
   local e = summary.errors
   local socketErrors = e.connect + e.read + e.write + e.timeout
   local p50, p90, p99, max = latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000

   io.write("\n-- bookings.lua ----------------------------------------------------------\n")
   io.write(string.format("target              %s\n", (single_stock and single_stock ~= "") and ("one stock " .. single_stock)
      or ("the stocks of " .. stocks_file)))
   -- wrk calls request() once more in the first thread to check the script, so "sent" counts one more.
   io.write(string.format("requests answered   %d in %.2f s (%d sent; %d unanswered at the deadline)\n",
      summary.requests, seconds, sent, sent - got))
   io.write(string.format("requests/s          %.1f\n", summary.requests / seconds))
   io.write(string.format("bookings/s          %.1f   (201 Created / duration)\n", made / seconds))
   io.write(string.format("latency             p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n", p50, p90, p99, max))
   io.write(string.format("statuses            %s\n", table.concat(shown, " ")))
   io.write(string.format("refusals            %s\n", #problems > 0 and table.concat(problems, " ") or "none"))
   io.write(string.format("socket errors       connect %d, read %d, write %d, timeout %d\n", e.connect, e.read, e.write, e.timeout))
   io.write(string.format(
      "BOOKINGS requests=%d sent_requests=%d answered=%d created=%d refused=%d unexpected=%d non2xx=%d duration_s=%.6f " ..
      "requests_per_s=%.2f bookings_per_s=%.2f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f socket_errors=%d codes=%s\n",
      summary.requests, sent, got, made, ref, bad, non2xx, seconds, summary.requests / seconds, made / seconds,
      p50, p90, p99, max, socketErrors, #problems > 0 and table.concat(problems, ",") or "none"))
end
