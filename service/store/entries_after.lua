-- The first ARGV[3] entries of the sorted set KEYS[1] after the score ARGV[1] and member ARGV[2], in the
-- set's own order (by score, then member in byte order), as `ZRANGE … WITHSCORES` gives them: member, score,
-- member, score… The members of that one score are searched by rank, a binary search, so entries sharing
-- a score page like any others, however many there are. ARGV[1] "-inf" and ARGV[2] "" start at the first.
local key, score, member, count = KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3])
local function before(a, b)  -- whether a sorts before b byte by byte, as Redis sorts (Lua's `<` follows the locale)
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end
local lo = redis.call('ZCOUNT', key, '-inf', '(' .. score)  -- the ranks of the score are [lo, hi)
local hi = redis.call('ZCOUNT', key, '-inf', score)
while lo < hi do  -- the first of them whose member sorts after `member`
  local mid = math.floor((lo + hi) / 2)
  if before(member, redis.call('ZRANGE', key, mid, mid)[1]) then hi = mid else lo = mid + 1 end
end
return redis.call('ZRANGE', key, lo, lo + count - 1, 'WITHSCORES')
