-- Bucketed indexes (see service/store/buckets.py), the part both scripts that read or write one share: put
-- before each of them. An index is named by its count key (`n`, `fields`), its hash of long values and the
-- buckets a caller named, each with its number.
-- LOAD and LONG as buckets.py has them; PACKED: the longest value a bucket holds (a listpack's 64 bytes).
local LOAD, LONG, PACKED = 48, '>', 64
local function level(n)
  local l = 0
  while 2 ^ (l + 1) <= n do l = l + 1 end
  return l
end
local function hash32(digest)
  local a, b, c, d = string.byte(digest, 1, 4)
  return ((a * 256 + b) * 256 + c) * 256 + d
end
-- Where a digest is with `n` buckets (see buckets.py), worked out once for all of an index's digests.
local function count(index, n)
  index.n, index.level = n, level(n)
  index.low = 2 ^ index.level
  index.split = n - index.low
end
-- The index's bucket count and fields; whether the caller named the buckets it needs: those of its
-- digests (named at the level the index is at) and, for a writer adding up to `adding` new fields that
-- would make a split due, those of the next split (so no split waits for a writer that saw fewer buckets).
local function open_index(count_key, long_key, named_level, buckets, adding)
  local counts = redis.call('HMGET', count_key, 'n', 'fields')
  local index = {count_key = count_key, long = long_key, buckets = buckets, fields = tonumber(counts[2]) or 0}
  count(index, tonumber(counts[1]) or 1)
  index.current = 2 ^ named_level <= index.n and index.n <= 2 ^ (named_level + 1)
  if adding and index.fields + adding > LOAD * index.n then
    index.current = index.current and buckets[index.split] ~= nil and buckets[index.n] ~= nil
  end
  return index
end
local function bucket_of(index, digest)
  local h = hash32(digest)
  local b = h % index.low
  if b < index.split then b = h % (2 * index.low) end
  return index.buckets[b]
end
-- The value of a digest (false when none), and its bucket's value (LONG when it lives apart).
local function index_get(index, digest)
  local held = redis.call('HGET', bucket_of(index, digest), digest)
  if held == LONG then return redis.call('HGET', index.long, digest), held end
  return held, held
end
