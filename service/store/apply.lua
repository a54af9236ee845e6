-- Applies one ingest's writes as a single command (one reply) instead of hundreds.
-- KEYS: every key written. ARGV[1]: a JSON list of [command, index into KEYS, arguments...].
local ops = cjson.decode(ARGV[1])
for _, op in ipairs(ops) do
  local call = {op[1], KEYS[op[2]]}
  for i = 3, #op do call[#call + 1] = op[i] end
  redis.call(unpack(call))
end
return #ops
