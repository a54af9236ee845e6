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
--   APPEND k i cap   for each 16 bytes of the entries ARGV[i] (an 8-byte field, an 8-byte id, each pair at
--       most once): append the id to the field of hash k unless it is there; a field that would hold more
--       than `cap` ids becomes "*" (common: in too many records to list), and stays so
-- Returns {1} when the step is done (now or before), {0, {k...}} with the keys whose check failed.
-- Each field an APPEND touches is read once and written once, however many ids it gets; no list longer
-- than `CHUNK` is ever unpacked onto the Lua stack.
local CHUNK, COMMON = 500, '*'
-- The first field of a posting hash (named ""): it says what the hash holds and, longer than the values Redis
-- packs into a listpack (hash-max-listpack-value, 64 bytes by default), keeps the hash a hash table from its
-- first entry. A listpack of up to 512 fields is searched from its start for every field read or written:
-- on the 924 PolNeAR articles that cost a tenth of all of Redis's instructions.
local HEADER = 'claimtrack postings: each other field is the 8-byte digest of an index key, its value the ' ..
  '8-byte ids of the records posted under it, or "*" for a key in too many records to list.'
local named = ARGV[1] ~= ''
if named and redis.call('ZSCORE', KEYS[1], ARGV[1]) then return {1} end
-- Operands of each operation (a table an operation cost the script more to unpack than the rest of its work)
local OPERANDS = {CAS = 1, KEEP = 0, SET = 1, DEL = 0, RPUSH = 2, ZREM = 1, HSET = 2, HINCRBY = 2, HDELIF = 2,
  LTRIM = 1, APPEND = 2}
local ops = cmsgpack.unpack(ARGV[4])
local function after(at)  -- where the operation after the one at `at` starts
  local name = ops[at]
  return at + 2 + (name == 'ZADD' and 1 + ops[at + 2] or OPERANDS[name])
end
local failed = {}
local at = 1
while at <= #ops do
  local name, k = ops[at], ops[at + 1]
  if name == 'CAS' then
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
-- The fields of `entries` in order of first appearance, and each field's new ids, concatenated (a record
-- posts each key once, so every (field, id) comes once).
local function collect(entries)
  local fields, ids = {}, {}
  for i = 1, #entries, 16 do
    local field, id = string.sub(entries, i, i + 7), string.sub(entries, i + 8, i + 15)
    local had = ids[field]
    if had then
      ids[field] = had .. id
    else
      fields[#fields + 1] = field
      ids[field] = id
    end
  end
  return fields, ids
end
-- Each field read once and written once with the ids it does not hold yet.
local function append(key, entries, cap)
  if redis.call('EXISTS', key) == 0 then redis.call('HSET', key, '', HEADER) end
  local fields, ids = collect(entries)
  for first = 1, #fields, CHUNK do
    local last = math.min(first + CHUNK - 1, #fields)
    local found = redis.call('HMGET', key, unpack(fields, first, last))
    local changed = {}
    for n = first, last do
      local field, new, had = fields[n], ids[fields[n]], found[n - first + 1]
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
      if new then
        changed[#changed + 1] = field
        changed[#changed + 1] = #new > cap and COMMON or new
      end
    end
    if #changed > 0 then redis.call('HSET', key, unpack(changed)) end
  end
end
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
  elseif name == 'APPEND' then
    append(key, ARGV[a], 8 * b)
  end
  at = after(at)
end
if named then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2] - ARGV[3])
end
return {1}

