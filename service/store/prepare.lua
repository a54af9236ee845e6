-- The reads of an ingest in one call: whether the article is already stored (by id, or by outlet and
-- URL), else its mentions' ranked candidates, the sizes of the posting sets read and the commit count.
-- KEYS[1]: the commit counter; KEYS[2]: the article; KEYS[3]: the article-by-url hash; KEYS[4]: the set
-- of fact-check ids; KEYS[5..]: the posting sets of every query, query after query. ARGV[1]: the `outlet\nurl` field, or ""; ARGV[2]: the
-- largest set read in full; ARGV[3]: ids returned per query; ARGV[4..]: how many KEYS each query has.
-- Returns {1, article JSON} or {2, article id} when stored, else {0, ranked ids per query, set sizes,
-- commit count, number of fact-checks}.
local stored = redis.call('GET', KEYS[2])
if stored then return {1, stored} end
if ARGV[1] ~= '' then
  local known = redis.call('HGET', KEYS[3], ARGV[1])
  if known then return {2, known} end
end
local counts = {}
for q = 4, #ARGV do counts[#counts + 1] = tonumber(ARGV[q]) end
local results, sizes = rank(4, tonumber(ARGV[2]), tonumber(ARGV[3]), counts)
return {0, results, sizes, redis.call('GET', KEYS[1]) or '0', redis.call('SCARD', KEYS[4])}
