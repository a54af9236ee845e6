-- Candidate clusters for several queries at once, ranked in Redis so only the top ids travel back.
-- KEYS: the posting sets of every query, query after query. ARGV[1]: the largest set read in full;
-- ARGV[2]: ids returned per query; ARGV[3..]: how many KEYS each query has.
-- The ranking is `rank_candidates` in service/match/normalize.py: most shared keys first, then by id;
-- sets larger than the cap (stock phrases) count only when a query has no smaller one, and then only
-- a sample of the smallest is read, so no query reads an unbounded set.
local cap, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
local results, first = {}, 1
for q = 3, #ARGV do
  local last = first + tonumber(ARGV[q]) - 1
  local counts, read_any, smallest, smallest_size = {}, false, nil, nil
  for i = first, last do
    local size = redis.call('SCARD', KEYS[i])
    if size > 0 and size <= cap then
      read_any = true
      for _, id in ipairs(redis.call('SMEMBERS', KEYS[i])) do counts[id] = (counts[id] or 0) + 1 end
    elseif size > cap and (smallest_size == nil or size < smallest_size) then
      smallest, smallest_size = i, size
    end
  end
  if not read_any and smallest ~= nil then
    for _, id in ipairs(redis.call('SRANDMEMBER', KEYS[smallest], cap)) do counts[id] = 1 end
  end
  local ids = {}
  for id in pairs(counts) do ids[#ids + 1] = id end
  table.sort(ids, function(a, b)
    if counts[a] ~= counts[b] then return counts[a] > counts[b] end
    return a < b
  end)
  local top = {}
  for i = 1, math.min(limit, #ids) do top[i] = ids[i] end
  results[#results + 1] = top
  first = last + 1
end
return results
