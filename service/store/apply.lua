-- One step of an intent, in one partition: check that the records it read are unchanged, then write,
-- all or nothing, once. Nothing here decides anything: the writer computed every value.
-- KEYS[1]: the partition's sorted set of done steps (step name → when); KEYS[2..]: the keys checked or
-- written, all in the partition. ARGV[1]: this step's name ("" for a step that is not remembered: a merge,
-- which pops what it merges and so is done once anyway); ARGV[2]: the time now; ARGV[3]: seconds a done
-- step is remembered; ARGV[4]: the operations, a MessagePack list; ARGV[5..]: binary values, which the
-- operations name as {i} for ARGV[i] (Redis's MessagePack reader takes no binary strings):
--   {"CAS", k, sha1}       the string at KEYS[k] still has this SHA-1 ("" for no key): checked first
--   {"SET", k, value}  {"DEL", k}  {"RPUSH", k, {values}}  {"ZREM", k, member}
--   {"ZADD", k, {score, member, ...}}  a step's members of one sorted set in one call, the scores as text
--   {"HSET", k, field, value}  {"HINCRBY", k, field, n} (the field is removed when it reaches 0)
--   {"HDELIF", k, field, value}  remove the field if it still holds this value
--   {"APPEND", k, entries, cap}  for each 16 bytes of `entries` (an 8-byte field, an 8-byte id, each pair
--       at most once): append the id to the field of hash k unless it is there; a field that would hold
--       more than `cap` ids becomes "*" (common: in too many records to list), and stays so
--   {"MERGE", k, h, cap, n}  pop the first `n` values of list k, each a blob of APPEND entries, and append
--       them all to hash h as APPEND does, a pair found in several blobs once
-- Returns {1, merged} when the step is done (now or before; `merged`: the values MERGE popped), {0, {k...}}
-- with the keys whose check failed.
-- Each field an APPEND or MERGE touches is read once and written once, however many ids it gets (a
-- common word's list is copied once per merge, not once per record); no list longer than `CHUNK` is ever
-- unpacked onto the Lua stack.
local CHUNK, COMMON = 500, '*'
local named = ARGV[1] ~= ''
if named and redis.call('ZSCORE', KEYS[1], ARGV[1]) then return {1, 0} end
local ops = cmsgpack.unpack(ARGV[4])
local function arg(x)
  if type(x) == 'table' then return ARGV[x[1]] end
  return x
end
local failed = {}
for _, op in ipairs(ops) do
  if op[1] == 'CAS' then
    local value = redis.call('GET', KEYS[op[2]])
    if (value and redis.sha1hex(value) or '') ~= op[3] then failed[#failed + 1] = op[2] end
  end
end
if #failed > 0 then return {0, failed} end
local appends, merged = {}, 0
for _, op in ipairs(ops) do
  local name, key = op[1], KEYS[op[2]]
  if name == 'SET' then
    redis.call('SET', key, arg(op[3]))
  elseif name == 'DEL' then
    redis.call('DEL', key)
  elseif name == 'RPUSH' then
    for _, value in ipairs(op[3]) do redis.call('RPUSH', key, arg(value)) end
  elseif name == 'ZADD' then
    local scored = op[3]
    for first = 1, #scored, CHUNK do  -- CHUNK is even: a score and its member stay in one call
      redis.call('ZADD', key, unpack(scored, first, math.min(first + CHUNK - 1, #scored)))
    end
  elseif name == 'ZREM' then
    redis.call('ZREM', key, op[3])
  elseif name == 'HSET' then
    redis.call('HSET', key, op[3], op[4])
  elseif name == 'HINCRBY' then
    if redis.call('HINCRBY', key, op[3], op[4]) <= 0 then redis.call('HDEL', key, op[3]) end
  elseif name == 'HDELIF' then
    if redis.call('HGET', key, op[3]) == op[4] then redis.call('HDEL', key, op[3]) end
  elseif name == 'APPEND' then
    appends[#appends + 1] = {key, arg(op[3]), 8 * op[4], true}
  elseif name == 'MERGE' then
    local blobs = redis.call('LRANGE', key, 0, op[5] - 1)
    if #blobs > 0 then
      redis.call('LTRIM', key, #blobs, -1)
      appends[#appends + 1] = {KEYS[op[3]], table.concat(blobs), 8 * op[4], false}
      merged = merged + #blobs
    end
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
-- The fields of `entries` in order of first appearance, and each field's new ids, concatenated.
-- `unique`: every (field, id) comes once (an APPEND: a record posts each key once); else a repeat is
-- dropped (a MERGE: a blob may have been logged twice).
local function collect(entries, unique)
  local fields, ids = {}, {}
  if unique then
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
  local lists, seen = {}, {}
  for i = 1, #entries, 16 do
    local entry = string.sub(entries, i, i + 15)
    if not seen[entry] then
      seen[entry] = true
      local field = string.sub(entry, 1, 8)
      local list = lists[field]
      if not list then
        list = {}
        lists[field] = list
        fields[#fields + 1] = field
      end
      list[#list + 1] = string.sub(entry, 9, 16)
    end
  end
  for field, list in pairs(lists) do ids[field] = table.concat(list) end
  return fields, ids
end
-- Each field read once and written once with the ids it does not hold yet.
local function append(key, entries, cap, unique)
  local fields, ids = collect(entries, unique)
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
for _, batch in ipairs(appends) do append(batch[1], batch[2], batch[3], batch[4]) end
if named then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2] - ARGV[3])
end
return {1, merged}

