-- Sequence allocation. KEYS: counter, floor, head, rangemax, gaps, outcome token, idempotency key.
-- ARGV: count, token ttl, this instance's high-water mark, reseed margin, now ms, gap ttl, max gaps,
--       '1' to use the idempotency key else '0', idempotency ttl.
-- Before handing out numbers, a counter that is missing or below the highest sequence known for the chain (floor,
-- head, hash ranges, the caller's high-water mark) is raised to that value + margin, and the skipped numbers are a
-- 'reseed' gap. The allocated range is also recorded under the token, so that a caller that never saw the reply
-- can later record it as an 'unknown-outcome' gap instead of losing it silently.
-- Returns {'ok', first, last, reseed from or '', reseed to or '', gaps dropped} | {'idem', first, last}
--       | {'exhausted'} when the range would pass 2^53-1.
local count = tonumber(ARGV[1])
if ARGV[8] == '1' then
  local stored = redis.call('GET', KEYS[7])
  if stored then
    local f, l = string.match(stored, '^(%d+) (%d+)$')
    return {'idem', f, l}
  end
end
local counter = tonumber(redis.call('GET', KEYS[1]) or '0')
local head_seq = head_parse(redis.call('GET', KEYS[3]))
local known = math.max(tonumber(redis.call('GET', KEYS[2]) or '0'), head_seq or 0,
  tonumber(redis.call('GET', KEYS[4]) or '0'), tonumber(ARGV[3]))
local reseed_from, reseed_to, dropped = '', '', 0
if counter < known then
  local raised = known + tonumber(ARGV[4])
  dropped = gap_add(KEYS[5], known + 1, raised, tonumber(ARGV[5]), 'reseed', tonumber(ARGV[7]), ARGV[6])
  redis.call('SET', KEYS[1], num(raised))
  counter = raised
  reseed_from, reseed_to = num(known + 1), num(raised)
end
if counter + count > 9007199254740991 then
  return {'exhausted'}
end
local last = redis.call('INCRBY', KEYS[1], count)
local range = num(last - count + 1) .. ' ' .. num(last)
redis.call('SET', KEYS[6], range, 'PX', ARGV[2])
if ARGV[8] == '1' then
  redis.call('SET', KEYS[7], range, 'PX', ARGV[9])
end
return {'ok', num(last - count + 1), num(last), reseed_from, reseed_to, dropped}
