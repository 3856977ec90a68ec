-- PUT head. KEYS: head, floor, gaps, rangemax, hash bucket of the sequence.
-- ARGV: sequence, hash, bucket field, now ms, head ttl ms, range ttl ms, gap ttl ms, max gaps.
-- The head never moves back: below the floor, or the same sequence with another hash, is a conflict (a late
-- number still fills its gap). A jump past floor + 1 records the skipped numbers as a 'head-jump' gap.
-- Returns {'ok'|'conflict', head value or '', gaps dropped, numbers filled, 1 if a head-jump gap was recorded}.
local seq, hash, field = tonumber(ARGV[1]), ARGV[2], ARGV[3]
local now, head_ttl, range_ttl, gap_ttl, max_gaps = tonumber(ARGV[4]), ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8])
local head = redis.call('GET', KEYS[1])
local head_seq, head_hash = head_parse(head)
local floor = tonumber(redis.call('GET', KEYS[2]) or '-1')
if seq < floor then
  return {'conflict', head or '', 0, gap_fill(KEYS[3], seq, seq, gap_ttl), 0}
end
if head_seq == seq and head_hash ~= hash then
  return {'conflict', head, 0, 0, 0}
end
local recorded = redis.call('HGET', KEYS[5], field)
if recorded and recorded ~= hash then
  return {'conflict', head or '', 0, 0, 0}
end
local dropped, jumped = 0, 0
if floor >= 0 and seq > floor + 1 then
  dropped = gap_add(KEYS[3], floor + 1, seq - 1, now, 'head-jump', max_gaps, gap_ttl)
  jumped = 1
end
local value = record_head(KEYS, seq, hash, field, head_ttl, range_ttl)
return {'ok', value, dropped, gap_fill(KEYS[3], seq, seq, gap_ttl), jumped}
