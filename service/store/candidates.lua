-- Candidate clusters for several queries at once, ranked in Redis so only the top ids travel back.
-- KEYS: the posting sets of every query, query after query. ARGV[1]: the largest set read in full;
-- ARGV[2]: ids returned per query; ARGV[3..]: how many KEYS each query has.
local counts = {}
for q = 3, #ARGV do counts[#counts + 1] = tonumber(ARGV[q]) end
local results = rank(0, tonumber(ARGV[1]), tonumber(ARGV[2]), counts)
return results
