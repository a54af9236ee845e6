-- The values of many fields of one hash, the fields sent as one string of 8-byte digests, so that a
-- lookup of hundreds of fields is one argument to send.
-- KEYS[1]: the hash. ARGV[1]: the fields, 8 bytes each. Returns the values in order (nil when absent).
local fields, out, chunk_bytes = ARGV[1], {}, 8 * 500
for first = 1, #fields, chunk_bytes do
  local chunk = {}
  for i = first, math.min(first + chunk_bytes - 1, #fields), 8 do
    chunk[#chunk + 1] = string.sub(fields, i, i + 7)
  end
  local values = redis.call('HMGET', KEYS[1], unpack(chunk))
  for i = 1, #chunk do out[#out + 1] = values[i] end
end
return out
