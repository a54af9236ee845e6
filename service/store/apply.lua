-- One step of an intent, in one partition: check that the records it read are unchanged, then write,
-- all or nothing, once. Nothing here decides anything: the writer computed every value.
-- KEYS[1]: the partition's sorted set of done steps (step name → when); KEYS[2..]: the keys checked or
-- written, all in the partition. ARGV[1]: this step's name; ARGV[2]: the time now; ARGV[3]: seconds a done
-- step is remembered; ARGV[4]: the operations, a MessagePack list; ARGV[5..]: binary values, which the
-- operations name as {i} for ARGV[i] (Redis's MessagePack reader takes no binary strings):
--   {"CAS", k, sha1}       the string at KEYS[k] still has this SHA-1 ("" for no key): checked first
--   {"SET", k, value}  {"DEL", k}  {"RPUSH", k, {values}}  {"ZADD", k, score, member}  {"ZREM", k, member}
--   {"HSET", k, field, value}  {"HINCRBY", k, field, n} (the field is removed when it reaches 0)
--   {"HDELIF", k, field, value}  remove the field if it still holds this value
--   {"APPEND", k, entries, cap}  for each 16 bytes of `entries` (an 8-byte field, an 8-byte id): append
--       the id to the field of hash k unless it is there; a field that would hold more than `cap` ids
--       becomes "*" (common: in too many records to list), and stays so
-- Returns {1} when the step is done (now or before), {0, {k...}} with the keys whose check failed.
-- Appends are done with one HMGET and one HSET per `CHUNK` fields; no list longer than that is ever
-- unpacked onto the Lua stack.
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return {1} end
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
local appends = {}
for _, op in ipairs(ops) do
  local name, key = op[1], KEYS[op[2]]
  if name == 'SET' then
    redis.call('SET', key, arg(op[3]))
  elseif name == 'DEL' then
    redis.call('DEL', key)
  elseif name == 'RPUSH' then
    for _, value in ipairs(op[3]) do redis.call('RPUSH', key, arg(value)) end
  elseif name == 'ZADD' then
    redis.call('ZADD', key, op[3], op[4])
  elseif name == 'ZREM' then
    redis.call('ZREM', key, op[3])
  elseif name == 'HSET' then
    redis.call('HSET', key, op[3], op[4])
  elseif name == 'HINCRBY' then
    if redis.call('HINCRBY', key, op[3], op[4]) <= 0 then redis.call('HDEL', key, op[3]) end
  elseif name == 'HDELIF' then
    if redis.call('HGET', key, op[3]) == op[4] then redis.call('HDEL', key, op[3]) end
  elseif name == 'APPEND' then
    local batches = appends[key]
    if not batches then batches = {}; appends[key] = batches end
    batches[#batches + 1] = {arg(op[3]), 8 * op[4]}
  end
end
local CHUNK, COMMON = 500, '*'
local function holds(ids, id)  -- a plain find (in C), then a check that the hit starts an 8-byte id
  local at = string.find(ids, id, 1, true)
  while at do
    if at % 8 == 1 then return true end
    at = string.find(ids, id, at + 1, true)
  end
  return false
end
for key, batches in pairs(appends) do
  for _, batch in ipairs(batches) do
    local entries, cap = batch[1], batch[2]
    for first = 1, #entries, 16 * CHUNK do
      local fields = {}
      for i = first, math.min(first + 16 * CHUNK, #entries + 1) - 1, 16 do
        fields[#fields + 1] = string.sub(entries, i, i + 7)
      end
      local found = redis.call('HMGET', key, unpack(fields))
      local now, order = {}, {}
      for n, field in ipairs(fields) do
        local ids = now[field]
        if ids == nil then
          ids = found[n] or ''
          order[#order + 1] = n
        end
        if ids ~= COMMON then
          local id = string.sub(entries, first + 16 * n - 8, first + 16 * n - 1)
          if not holds(ids, id) then
            if #ids < cap then ids = ids .. id else ids = COMMON end
          end
        end
        now[field] = ids
      end
      local changed = {}
      for _, n in ipairs(order) do
        local field = fields[n]
        if now[field] ~= (found[n] or '') then
          changed[#changed + 1] = field
          changed[#changed + 1] = now[field]
        end
      end
      if #changed > 0 then redis.call('HSET', key, unpack(changed)) end
    end
  end
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2] - ARGV[3])
return {1}
