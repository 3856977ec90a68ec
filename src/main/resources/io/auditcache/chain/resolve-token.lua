-- Settles an allocation whose reply was never seen. KEYS: outcome token, gaps. ARGV: now ms, gap ttl, max gaps.
-- If the allocation happened, its range was never handed out: record it as an 'unknown-outcome' gap.
-- Returns {0} when it never happened, else {1, first, last, gaps dropped}.
local range = redis.call('GET', KEYS[1])
if not range then
  return {0}
end
local f, l = string.match(range, '^(%d+) (%d+)$')
local dropped = gap_add(KEYS[2], tonumber(f), tonumber(l), tonumber(ARGV[1]), 'unknown-outcome', tonumber(ARGV[3]), ARGV[2])
redis.call('DEL', KEYS[1])
return {1, f, l, dropped}
