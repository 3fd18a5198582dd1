-- mixed.lua: the workshop load of cmd/rkload for wrk, an independent load
-- generator. Every request picks at random: GET map.svg, GET analysis or a
-- rating write (PATCH a relation's rating) with If-Match on the newest map
-- version this wrk thread has seen (every answer's ETag starts with it:
-- "7", "7-svg-…"), as a page that follows the live updates does. A write
-- overtaken by another one is answered 412; wrk counts it among its
-- "Non-2xx or 3xx responses", and done() below counts the answers by
-- status so that the 412s can be told from errors.
--
-- The map comes from `rkload --setup`, which prints its id, tokens and
-- relation ids:
--
--   set -- $(rkload --url http://127.0.0.1:8080 --setup)
--   wrk -t2 -c50 -d30s --latency -s cmd/rkload/wrk/mixed.lua http://127.0.0.1:8080 -- $1 $2 $3 $4 70,10,20
--
-- The last argument is the mix in percent (svg, analysis, write), as in
-- rkload --mix; 0,0,100 is writes only. A fourth field "lww" sends the
-- writes without If-Match (last writer wins), as rkload --if-match=false:
-- 70,10,20,lww.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

local id, edit, view, rids, mix, lww
local svgReq, analysisReq
local version = 1
sent = { svg = 0, analysis = 0, write = 0 }
codes = {}

local function split(s, sep)
  local out = {}
  for part in string.gmatch(s, "([^" .. sep .. "]+)") do
    table.insert(out, part)
  end
  return out
end

function init(args)
  if #args < 4 then
    error("usage: wrk … -s mixed.lua URL -- MAP-ID EDIT-TOKEN VIEW-TOKEN REL-IDS [SVG,ANALYSIS,WRITE]")
  end
  id, edit, view, rids = args[1], args[2], args[3], split(args[4], ",")
  local m = split(args[5] or "70,10,20", ",")
  mix = { tonumber(m[1]), tonumber(m[2]), tonumber(m[3]) }
  lww = m[4] == "lww"
  math.randomseed(42 + tid)
  local base = "/api/v1/maps/" .. id
  -- the reads never change: format them once
  svgReq = wrk.format("GET", base .. "/map.svg", { ["Authorization"] = "Bearer " .. view })
  analysisReq = wrk.format("GET", base .. "/analysis", { ["Authorization"] = "Bearer " .. view })
end

function request()
  local n = math.random(mix[1] + mix[2] + mix[3]) -- 1 … total
  if n <= mix[1] then
    sent.svg = sent.svg + 1
    return svgReq
  elseif n <= mix[1] + mix[2] then
    sent.analysis = sent.analysis + 1
    return analysisReq
  end
  sent.write = sent.write + 1
  local rid = rids[math.random(#rids)]
  local headers = { ["Authorization"] = "Bearer " .. edit, ["Content-Type"] = "application/json" }
  if not lww then
    headers["If-Match"] = '"' .. version .. '"'
  end
  return wrk.format("PATCH", "/api/v1/maps/" .. id .. "/relations/" .. rid, headers,
    '{"rating":' .. math.random(3) .. '}')
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
  local tag = headers["Etag"] or headers["ETag"] or headers["etag"]
  if tag then
    local v = tonumber(string.match(tag, '^W?/?"(%d+)'))
    if v and v > version then
      version = v
    end
  end
end

function done(summary, latency, requests)
  local s = { svg = 0, analysis = 0, write = 0 }
  local c = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("sent")) do s[k] = s[k] + v end
    for k, v in pairs(t:get("codes")) do c[k] = (c[k] or 0) + v end
  end
  local secs = summary.duration / 1e6
  io.write(string.format("rkwrk: requests %d in %.2f s = %.0f/s; sent svg %d, analysis %d, write %d\n",
    summary.requests, secs, summary.requests / secs, s.svg, s.analysis, s.write))
  local keys = {}
  for k in pairs(c) do table.insert(keys, k) end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do table.insert(parts, c[k] .. "x" .. k) end
  io.write("rkwrk: status " .. table.concat(parts, " ") .. "\n")
  io.write(string.format("rkwrk: latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("rkwrk: socket errors connect %d read %d write %d timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
