-- The first ARGV[4] entries of the sorted set KEYS[1] newest first: by score from high to low, the members
-- of one score in byte order; those after score ARGV[1] and member ARGV[2] (ARGV[2] "" takes every member
-- of that score), down to score ARGV[3]. Replies member, score, member, score… Scores are searched by rank
-- (binary searches and counts), so members sharing a score page like any others, however many there are.
local key, score, member, low, count = KEYS[1], ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local function before(a, b)  -- whether a sorts before b byte by byte, as Redis sorts (Lua's `<` follows the locale)
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end
local out = {}
local function take(first, n)  -- n entries from rank `first` up, appended in that order
  if n <= 0 then return end
  local got = redis.call('ZRANGE', key, first, first + n - 1, 'WITHSCORES')
  for i = 1, #got do out[#out + 1] = got[i] end
end
local function start_of(s)  -- the rank of the first member of score s
  return redis.call('ZCOUNT', key, '-inf', '(' .. s)
end
local bottom = start_of(low)  -- ranks below it are under `low`
local top = math.max(start_of(score), bottom)  -- ranks [bottom, top) are below the cursor's score
local ends = redis.call('ZCOUNT', key, '-inf', score)  -- the cursor's score takes ranks [top, ends)
local lo, hi = top, ends
while lo < hi do  -- the first member of the cursor's score after `member`
  local mid = math.floor((lo + hi) / 2)
  if member ~= '' and not before(member, redis.call('ZRANGE', key, mid, mid)[1]) then lo = mid + 1 else hi = mid end
end
take(lo, math.min(ends - lo, count))
-- Then lower scores, the highest first, read a batch of ranks at a time. A score's members come from its
-- first, so a score the count cuts gives its first members in byte order: the lowest score of a batch may
-- have members below the batch, and is read again from its first.
while #out < 2 * count and top > bottom do
  local from = math.max(bottom, top - (count - #out / 2))
  local got = redis.call('ZRANGE', key, from, top - 1, 'WITHSCORES')
  local last = #got / 2  -- entries 1..last of the batch, in rank order; walk its scores down
  while last >= 1 and #out < 2 * count do
    local s = got[2 * last]
    local first = last
    while first > 1 and got[2 * first - 2] == s do first = first - 1 end
    if first == 1 and from > bottom then  -- the score may go on below the batch
      local rank = math.max(start_of(s), bottom)
      take(rank, math.min(top - rank, count - #out / 2))
      top = rank
      break
    end
    for e = first, last do
      if #out < 2 * count then out[#out + 1] = got[2 * e - 1]; out[#out + 1] = s end
    end
    top = from + first - 1
    last = first - 1
  end
end
return out
