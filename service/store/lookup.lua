-- The values of digests in one bucketed index. KEYS[1]: its count key, KEYS[2]: its hash of long values,
-- KEYS[3..]: buckets; ARGV[1]: the level they were named at; ARGV[2]: the buckets' numbers, MessagePack, in
-- the order of KEYS[3..]; ARGV[3]: the digests, 8 bytes each. Returns the index's bucket count and fields,
-- {n, fields} when the index is at another level (name its buckets again), else {n, fields, the value or
-- false of each digest}.
local buckets = {}
for i, b in ipairs(cmsgpack.unpack(ARGV[2])) do buckets[b] = KEYS[i + 2] end
local index = open_index(KEYS[1], KEYS[2], tonumber(ARGV[1]), buckets)
if not index.current then return {index.n, index.fields} end
local out = {index.n, index.fields}
for at = 1, #ARGV[3], 8 do
  out[#out + 1] = index_get(index, string.sub(ARGV[3], at, at + 7))
end
return out
