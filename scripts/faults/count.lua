-- wrk script for the fault scripts: counts every answer by status and by wall-clock second, so a
-- fault can be lined up with the errors it caused. Args after "--": PACE_MS (a pause after each
-- answer on a connection, 0 = none; keeps the offered load steady instead of saturating 2 vCPUs).
-- done() prints lines the scripts parse:
--   RESULT requests=N ok=N bad=N connect=N read=N write=N timeout=N failed=N
--   STATUS <code> <count>          one line per status seen
--   SECOND <epoch-second> <ok> <bad>
-- "ok" is a 2xx/3xx answer, "bad" any other status; failed = bad + socket errors (connect, read,
-- write) + timeouts: what a client would call a failed request.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  pace = tonumber(args[1] or "0") or 0
  ok, bad = 0, 0
  statuses = {}
  sec_ok, sec_bad = {}, {}
end

function delay()
  return pace
end

function response(status, headers, body)
  local s = os.time()
  if status >= 200 and status < 400 then
    ok = ok + 1
    sec_ok[s] = (sec_ok[s] or 0) + 1
  else
    bad = bad + 1
    sec_bad[s] = (sec_bad[s] or 0) + 1
  end
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local tok, tbad, codes, sok, sbad = 0, 0, {}, {}, {}
  for _, t in ipairs(threads) do
    tok = tok + t:get("ok")
    tbad = tbad + t:get("bad")
    for k, v in pairs(t:get("statuses")) do codes[k] = (codes[k] or 0) + v end
    for k, v in pairs(t:get("sec_ok")) do sok[k] = (sok[k] or 0) + v end
    for k, v in pairs(t:get("sec_bad")) do sbad[k] = (sbad[k] or 0) + v end
  end
  local e = summary.errors
  local failed = tbad + e.connect + e.read + e.write + e.timeout
  io.write(string.format("RESULT requests=%d ok=%d bad=%d connect=%d read=%d write=%d timeout=%d failed=%d p50_us=%d p99_us=%d max_us=%d\n",
    summary.requests, tok, tbad, e.connect, e.read, e.write, e.timeout, failed,
    latency:percentile(50), latency:percentile(99), latency.max))
  for k, v in pairs(codes) do io.write(string.format("STATUS %d %d\n", k, v)) end
  local secs = {}
  for k, _ in pairs(sok) do secs[k] = true end
  for k, _ in pairs(sbad) do secs[k] = true end
  local sorted = {}
  for k, _ in pairs(secs) do table.insert(sorted, k) end
  table.sort(sorted)
  for _, k in ipairs(sorted) do io.write(string.format("SECOND %d %d %d\n", k, sok[k] or 0, sbad[k] or 0)) end
end
