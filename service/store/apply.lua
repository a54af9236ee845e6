-- Commits one ingest atomically, if nothing it read has changed since; then bumps the commit counter.
-- KEYS[1]: the commit counter; KEYS: every key checked or written. ARGV[1]: the commit count the reads
-- saw; ARGV[2]: a JSON list of checks, or "" to have none; ARGV[3]: a JSON list of writes; ARGV[4..]:
-- values the writes refer to. Checks and writes name their key by index into KEYS.
-- Checks, run only when other commits came between: ["NEW", k] the key does not exist; ["HNEW", k,
-- field] nor the hash field; ["SIZE", k, n] the set still has n members (posting sets only grow, so it
-- is unchanged); ["SHA", k, sha1] the string's SHA-1 is still this ("" for no string).
-- Writes: [command, k, args...], where an argument [i] stands for ARGV[i]; or ["EACH", command, k,
-- [[args for KEYS[k]], [args for KEYS[k + 1]], ...]] for one command over consecutive keys.
-- Returns 1 when applied; 0 when a check failed; -1 when checks are needed and none were sent. Nothing
-- is written unless it returns 1.
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then
  if ARGV[2] == '' then return -1 end
  for _, c in ipairs(cjson.decode(ARGV[2])) do
    local op, key = c[1], KEYS[c[2]]
    local ok
    if op == 'NEW' then
      ok = redis.call('EXISTS', key) == 0
    elseif op == 'HNEW' then
      ok = redis.call('HEXISTS', key, c[3]) == 0
    elseif op == 'SIZE' then
      ok = redis.call('SCARD', key) == c[3]
    else
      local value = redis.call('GET', key)
      ok = (value and redis.sha1hex(value) or '') == c[3]
    end
    if not ok then return 0 end
  end
end
for _, op in ipairs(cjson.decode(ARGV[3])) do
  if op[1] == 'EACH' then
    local command, first = op[2], op[3]
    for i, args in ipairs(op[4]) do redis.call(command, KEYS[first + i - 1], unpack(args)) end
  else
    local call = {op[1], KEYS[op[2]]}
    for i = 3, #op do
      local arg = op[i]
      if type(arg) == 'table' then arg = ARGV[arg[1]] end
      call[#call + 1] = arg
    end
    redis.call(unpack(call))
  end
end
redis.call('INCR', KEYS[1])
return 1
