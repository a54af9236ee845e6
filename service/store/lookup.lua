-- The values of many fields of one hash, the fields sent as one string of 8-byte digests, so that a
-- lookup of hundreds of fields is one argument to send, and only what is found comes back.
-- KEYS[1]: the hash. ARGV[1]: the fields, 8 bytes each. Returns {i1, value1, i2, value2, ...} for the
-- fields found, i being the field's position (from 1) in ARGV[1].
local fields, out, chunk_bytes = ARGV[1], {}, 8 * 500
for first = 1, #fields, chunk_bytes do
  local chunk = {}
  for i = first, math.min(first + chunk_bytes - 1, #fields), 8 do
    chunk[#chunk + 1] = string.sub(fields, i, i + 7)
  end
  local values = redis.call('HMGET', KEYS[1], unpack(chunk))
  for i = 1, #chunk do
    if values[i] then
      out[#out + 1] = (first - 1) / 8 + i
      out[#out + 1] = values[i]
    end
  end
end
return out
