-- Members of the posting sets in KEYS, leaving out sets larger than ARGV[1] (stock phrases shared by
-- many statements) unless every set is that large, in which case a sample of the smallest one is read.
local cap = tonumber(ARGV[1])
local out, smallest, smallest_size = {}, nil, nil
for i, key in ipairs(KEYS) do
  local size = redis.call('SCARD', key)
  if size <= cap then
    out[i] = redis.call('SMEMBERS', key)
  else
    out[i] = {}
    if smallest_size == nil or size < smallest_size then smallest, smallest_size = i, size end
  end
end
if smallest ~= nil then
  local any = false
  for _, members in ipairs(out) do if #members > 0 then any = true break end end
  if not any then out[smallest] = redis.call('SRANDMEMBER', KEYS[smallest], cap) end
end
return out
