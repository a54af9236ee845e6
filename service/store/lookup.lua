-- The values of digests in one or more bucketed indexes, one after another. For each index, KEYS: its count
-- key, its hash of long values, then its buckets; ARGV, three: the level the buckets were named at, their
-- numbers (MessagePack, in the order of the keys) and the digests, 8 bytes each. Returns one reply an index:
-- its bucket count and fields, {n, fields} when it is at another level (name its buckets again), else
-- {n, fields, the value or false of each digest}.
local out, k = {}, 0
for a = 1, #ARGV, 3 do
  local buckets, numbers = {}, cmsgpack.unpack(ARGV[a + 1])
  for i, b in ipairs(numbers) do buckets[b] = KEYS[k + 2 + i] end
  local index = open_index(KEYS[k + 1], KEYS[k + 2], tonumber(ARGV[a]), buckets)
  k = k + 2 + #numbers
  local found = {index.n, index.fields}
  if index.current then
    for at = 1, #ARGV[a + 2], 8 do
      found[#found + 1] = index_get(index, string.sub(ARGV[a + 2], at, at + 7))
    end
  end
  out[#out + 1] = found
end
return out
