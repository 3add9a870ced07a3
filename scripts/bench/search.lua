-- wrk script for scripts/bench/search-load.sh: each request is one of a fixed list of searches (text, filters,
-- typos, prefixes, a filtered listing), in turn, so every connection mixes the shapes the same way.
local searches = {
  "/api/v1/search?q=musee&region=84&access=on-site",
  "/api/v1/search?q=festival%20musique",
  "/api/v1/search?q=chateua",
  "/api/v1/search?q=cin",
  "/api/v1/search?category=music.festival&region=76",
  "/api/v1/search?q=visite&departement=75",
  "/api/v1/search?q=collections%20en%20ligne&access=online",
  "/api/v1/search?free=true&region=11",
}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", searches[(counter % #searches) + 1])
end
local failures = 0
response = function(status, headers, body)
  if status ~= 200 then failures = failures + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("search: %d requests, %.0f req/s, p50 %.2f ms, p99 %.2f ms, non-200 %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status))
end
