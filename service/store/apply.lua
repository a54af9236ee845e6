-- One step of an intent, in one partition: check that the records it read are unchanged, then write,
-- all or nothing, once. Nothing here decides anything: the writer computed every value.
-- KEYS[1]: the partition's sorted set of done steps (step name → when); KEYS[2..]: the keys checked or
-- written, all in the partition. ARGV[1]: this step's name ("" for a step that is not remembered: a merge
-- of the word index, which checks the index's version and so is done once anyway); ARGV[2]: the time now;
-- ARGV[3]: seconds a done step is remembered; ARGV[4]: the operations, one MessagePack list holding each
-- operation's name, key (k, for KEYS[k]) and operands one after another; ARGV[5..]: values, which the
-- operations name by position: `i` for ARGV[i], `i n` for ARGV[i..i+n-1] (as arguments, not packed: Redis's
-- MessagePack reader takes no binary strings, and each value unpacked would cost a table):
--   CAS k sha1       the string at KEYS[k] still has this SHA-1 ("" for no key): checked first
--   KEEP k           KEYS[k] exists (checked first); it is kept from expiring
--   SET k i    DEL k    RPUSH k i n    ZREM k member
--   ZADD k n ...     a step's n values for one sorted set (each score, as text, then member), in one call
--   HSET k i n       set fields of hash k, each field then its value
--   HINCRBY k field n  (the field is removed when it reaches 0)
--   HDELIF k field value  remove the field if it still holds this value
--   LTRIM k n        drop the first n values of list k
--   APPEND k l i cap lv c b1 k1 ... bc kc   append ids to digests of a bucketed index (see buckets.lua):
--       k its count key, l its hash of long values, lv the level its c buckets (number b, KEYS[kb]) were
--       named at (checked first, with the buckets of the split the new digests may make due); for each 16 bytes of the entries ARGV[i] (an 8-byte digest, an 8-byte id,
--       each pair at most once), the id is appended to the digest's value unless it is there; a value that
--       would hold more than `cap` ids becomes "*" (common: in too many records to list), and stays so
--   PUT k l i m lv c b1 k1 ... bc kc   set digests of a bucketed index, ARGV[i..i+m-1] each digest then its
--       value
--   LADD d c num n new max score member   add a member to the chunked list of directory KEYS[d] (see
--       `Keys.chunks`): c (KEYS[c]) the chunk number `num` covering the score as the writer last saw the
--       directory, n (KEYS[n]) the chunk number `new` a split would make; checked first (`num` covers the
--       score, or the list has no chunk and `num` is 0). After the step's adds, a chunk they took past `max`
--       entries is split once at a score between its entries, if no chunk is numbered `new` yet
--   LREM d c num score member   remove a member from the chunk `num` covering its score (checked first)
-- Returns {1, {k, n, fields, ...}, {d, number, lowest, ...}, {d, chunks, ...}} when the step is done,
-- with the count key, bucket count and fields of each index it wrote, the directory, number and lowest
-- score of each chunk a split changed, and the number of chunks of each list it added to ({1} when done
-- before); {0, {k...}} with the keys whose check failed (for an index, its
-- count key: its buckets are to be named again; for a chunked list, its directory: to be read again).
-- Each digest an APPEND touches is read once and written once, however many ids it gets; no list longer
-- than `CHUNK` is ever unpacked onto the Lua stack.
local CHUNK, COMMON = 500, '*'
local named = ARGV[1] ~= ''
if named and redis.call('ZSCORE', KEYS[1], ARGV[1]) then return {1} end
-- Operands of each operation (a table an operation cost the script more to unpack than the rest of its work)
local OPERANDS = {CAS = 1, KEEP = 0, SET = 1, DEL = 0, RPUSH = 2, ZREM = 1, HSET = 2, HINCRBY = 2, HDELIF = 2,
  LTRIM = 1, LADD = 7, LREM = 4}
local ops = cmsgpack.unpack(ARGV[4])
local function after(at)  -- where the operation after the one at `at` starts
  local name = ops[at]
  if name == 'ZADD' then return at + 3 + ops[at + 2] end
  if name == 'APPEND' or name == 'PUT' then return at + 7 + 2 * ops[at + 6] end
  return at + 2 + OPERANDS[name]
end
local indexes = {}  -- the index of each APPEND or PUT, by its position in `ops`
local failed = {}
local at = 1
while at <= #ops do
  local name, k = ops[at], ops[at + 1]
  if name == 'APPEND' or name == 'PUT' then
    local buckets = {}
    for j = at + 7, at + 6 + 2 * ops[at + 6], 2 do buckets[ops[j]] = KEYS[ops[j + 1]] end
    local adding = name == 'APPEND' and #ARGV[ops[at + 3]] / 16 or ops[at + 4] / 2
    indexes[at] = open_index(KEYS[k], KEYS[ops[at + 2]], ops[at + 5], buckets, adding)
    indexes[at].k = k
    if not indexes[at].current then failed[#failed + 1] = k end
  elseif name == 'LADD' or name == 'LREM' then
    local size = redis.call('ZCARD', KEYS[k])
    local score = name == 'LADD' and ops[at + 7] or ops[at + 4]
    local covering = size > 0 and redis.call('ZREVRANGEBYSCORE', KEYS[k], score, '-inf', 'LIMIT', 0, 1)[1]
    local current
    if name == 'LADD' then
      current = (size == 0 and ops[at + 3] == 0) or (size > 0 and tonumber(covering) == ops[at + 3])
    else
      current = size == 0 or tonumber(covering) == ops[at + 3]
    end
    if not current then failed[#failed + 1] = k end
  elseif name == 'CAS' then
    local value = redis.call('GET', KEYS[k])
    if (value and redis.sha1hex(value) or '') ~= ops[at + 2] then failed[#failed + 1] = k end
  elseif name == 'KEEP' and redis.call('EXISTS', KEYS[k]) == 0 then
    failed[#failed + 1] = k
  end
  at = after(at)
end
if #failed > 0 then return {0, failed} end
-- values[first..last] sent to Redis in calls of at most CHUNK values; CHUNK is even, so a pair (score and
-- member, field and value) stays whole
local function in_chunks(command, key, values, first, last)
  for at = first, last, CHUNK do
    redis.call(command, key, unpack(values, at, math.min(at + CHUNK - 1, last)))
  end
end
local function holds(ids, id)  -- a plain find (in C), then a check that the hit starts an 8-byte id
  local at = string.find(ids, id, 1, true)
  while at do
    if at % 8 == 1 then return true end
    at = string.find(ids, id, at + 1, true)
  end
  return false
end
-- The digests of `entries` in order of first appearance, and each digest's new ids, concatenated (a
-- record posts each key once, so every (digest, id) comes once).
local function collect(entries)
  local digests, ids = {}, {}
  for i = 1, #entries, 16 do
    local digest, id = string.sub(entries, i, i + 7), string.sub(entries, i + 8, i + 15)
    local had = ids[digest]
    if had then
      ids[digest] = had .. id
    else
      digests[#digests + 1] = digest
      ids[digest] = id
    end
  end
  return digests, ids
end
-- Set a digest's value, `held` what its bucket held for it (`index_get`).
local function index_set(index, digest, value, held)
  local bucket = bucket_of(index, digest)
  if #value > PACKED then
    redis.call('HSET', index.long, digest, value)
    if held ~= LONG then redis.call('HSET', bucket, digest, LONG) end
  else
    if held == LONG then redis.call('HDEL', index.long, digest) end
    redis.call('HSET', bucket, digest, value)
  end
  if not held then index.fields = index.fields + 1 end
end
-- Each digest read once and written once with the ids it does not hold yet.
local function append(index, entries, cap)
  local digests, ids = collect(entries)
  for _, digest in ipairs(digests) do
    local had, held = index_get(index, digest)
    local new = ids[digest]
    if had and had ~= COMMON then
      local kept = {}
      for i = 1, #new, 8 do
        local id = string.sub(new, i, i + 7)
        if not holds(had, id) then kept[#kept + 1] = id end
      end
      new = #kept > 0 and had .. table.concat(kept) or nil
    elseif had then
      new = nil
    end
    if new then index_set(index, digest, #new > cap and COMMON or new, held) end
  end
end
-- Split a chunk (number `old`) of a chunked list past `max` entries at a score between its entries, once,
-- if no chunk has the number `number` yet: the entries below the middle one's score (or, if that is its lowest, the
-- next score up) move to chunk `number`, which takes the chunk's lowest score; the chunk keeps the rest
-- from that score. New entries come with recent times, so the chunk that takes them keeps its number and
-- writers that missed the split are not refused. Returns the split score and the chunk's old lowest.
local function split_chunk(directory, chunk, old, new_chunk, number, max)
  if redis.call('ZCARD', chunk) <= max or redis.call('ZSCORE', directory, number) then return false end
  local held = redis.call('ZRANGE', chunk, 0, -1, 'WITHSCORES')
  local entries = #held / 2
  -- Scores stay Redis's text: Lua prints a number with 14 digits, and a speaker list's take 16.
  local lowest, at = tonumber(held[2]), nil
  for e = math.floor(entries / 2) + 1, entries do
    if tonumber(held[2 * e]) > lowest then at = held[2 * e]; break end
  end
  if not at then return false end  -- every entry has one score: it stays whole
  local moved, split = {}, tonumber(at)
  for e = 1, entries do
    if tonumber(held[2 * e]) < split then moved[#moved + 1], moved[#moved + 2] = held[2 * e], held[2 * e - 1] end
  end
  in_chunks('ZADD', new_chunk, moved, 1, #moved)
  redis.call('ZREMRANGEBYSCORE', chunk, '-inf', '(' .. at)
  local from = redis.call('ZSCORE', directory, old)
  redis.call('ZADD', directory, from, number, at, old)
  return at, from
end
local counts = {}  -- each written index's count key, bucket count and fields, for the reply
-- Split buckets while the index holds more than LOAD fields a bucket and the caller named the buckets of
-- the next split; then store its counts.
local function grow(index)
  while index.fields > LOAD * index.n do
    local split = index.split
    local from, to = index.buckets[split], index.buckets[index.n]
    if not (from and to) then break end
    local held, moved, gone = redis.call('HGETALL', from), {}, {}
    for i = 1, #held, 2 do
      if hash32(held[i]) % (2 * index.low) ~= split then
        moved[#moved + 1], moved[#moved + 2] = held[i], held[i + 1]
        gone[#gone + 1] = held[i]
      end
    end
    in_chunks('HSET', to, moved, 1, #moved)
    in_chunks('HDEL', from, gone, 1, #gone)
    count(index, index.n + 1)
  end
  redis.call('HSET', index.count_key, 'n', index.n, 'fields', index.fields)
  local c = #counts
  counts[c + 1], counts[c + 2], counts[c + 3] = index.k, index.n, index.fields
end
local grown = {}  -- the LADDs, by position in `ops`, whose chunks may need a split
at = 1
while at <= #ops do
  local name, key, a, b = ops[at], KEYS[ops[at + 1]], ops[at + 2], ops[at + 3]
  if name == 'SET' then
    redis.call('SET', key, ARGV[a])
  elseif name == 'DEL' then
    redis.call('DEL', key)
  elseif name == 'KEEP' then
    redis.call('PERSIST', key)
  elseif name == 'RPUSH' then
    in_chunks('RPUSH', key, ARGV, a, a + b - 1)
  elseif name == 'ZADD' then
    in_chunks('ZADD', key, ops, at + 3, at + 2 + a)
  elseif name == 'ZREM' then
    redis.call('ZREM', key, a)
  elseif name == 'HSET' then
    in_chunks('HSET', key, ARGV, a, a + b - 1)
  elseif name == 'LTRIM' then
    redis.call('LTRIM', key, a, -1)
  elseif name == 'HINCRBY' then
    if redis.call('HINCRBY', key, a, b) <= 0 then redis.call('HDEL', key, a) end
  elseif name == 'HDELIF' then
    if redis.call('HGET', key, a) == b then redis.call('HDEL', key, a) end
  elseif name == 'LADD' then
    if redis.call('ZCARD', key) == 0 then redis.call('ZADD', key, '-inf', 0) end
    redis.call('ZADD', KEYS[a], ops[at + 7], ops[at + 8])
    grown[#grown + 1] = at
  elseif name == 'LREM' then
    redis.call('ZREM', KEYS[a], ops[at + 5])
  elseif name == 'APPEND' then
    append(indexes[at], ARGV[ops[at + 3]], 8 * ops[at + 4])
    grow(indexes[at])
  elseif name == 'PUT' then
    local first = ops[at + 3]
    for i = first, first + ops[at + 4] - 1, 2 do
      local digest = ARGV[i]
      index_set(indexes[at], digest, ARGV[i + 1], redis.call('HGET', bucket_of(indexes[at], digest), digest))
    end
    grow(indexes[at])
  end
  at = after(at)
end
local split = {}  -- one split a directory a step: the step named one new chunk for it
local chunked = {}  -- each split's directory (position in KEYS), new chunk number and lowest score
for _, at in ipairs(grown) do
  local directory = KEYS[ops[at + 1]]
  if not split[directory] then
    local low, from = split_chunk(directory, KEYS[ops[at + 2]], ops[at + 3], KEYS[ops[at + 4]], ops[at + 5],
      ops[at + 6])
    if low then
      split[directory] = true
      local c = #chunked
      chunked[c + 1], chunked[c + 2], chunked[c + 3] = ops[at + 1], ops[at + 5], from
      chunked[c + 4], chunked[c + 5], chunked[c + 6] = ops[at + 1], ops[at + 3], low
    end
  end
end
if named then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2] - ARGV[3])
end
local sizes = {}  -- each list added to: its directory (position in KEYS) and its number of chunks
local seen = {}
for _, at in ipairs(grown) do
  if not seen[ops[at + 1]] then
    seen[ops[at + 1]] = true
    sizes[#sizes + 1], sizes[#sizes + 2] = ops[at + 1], redis.call('ZCARD', KEYS[ops[at + 1]])
  end
end
return {1, counts, chunked, sizes}

