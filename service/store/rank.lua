-- Shared by the scripts that rank candidates (prepended to them, so it is one definition).
-- Ranks the candidates of several queries whose posting sets are KEYS[offset + 1 ..], query after query;
-- `counts[q]` is how many keys query q has. Returns the top `limit` ids of each query, and the size of
-- every posting set it looked at (in KEYS order), which a later write can check is unchanged.
-- The ranking is `rank_candidates` in service/match/normalize.py: most shared keys first, then by id;
-- sets larger than `cap` (stock phrases) count only when a query has no smaller one, and then only
-- a sample of the smallest is read, so no query reads an unbounded set.
local function rank(offset, cap, limit, counts)
  local results, sizes, first = {}, {}, offset + 1
  for q = 1, #counts do
    local last = first + counts[q] - 1
    local hits, read_any, smallest, smallest_size = {}, false, nil, nil
    for i = first, last do
      local size = redis.call('SCARD', KEYS[i])
      sizes[#sizes + 1] = size
      if size > 0 and size <= cap then
        read_any = true
        for _, id in ipairs(redis.call('SMEMBERS', KEYS[i])) do hits[id] = (hits[id] or 0) + 1 end
      elseif size > cap and (smallest_size == nil or size < smallest_size) then
        smallest, smallest_size = i, size
      end
    end
    if not read_any and smallest ~= nil then
      for _, id in ipairs(redis.call('SRANDMEMBER', KEYS[smallest], cap)) do hits[id] = 1 end
    end
    local ids = {}
    for id in pairs(hits) do ids[#ids + 1] = id end
    table.sort(ids, function(a, b)
      if hits[a] ~= hits[b] then return hits[a] > hits[b] end
      return a < b
    end)
    local top = {}
    for i = 1, math.min(limit, #ids) do top[i] = ids[i] end
    results[#results + 1] = top
    first = last + 1
  end
  return results, sizes
end
