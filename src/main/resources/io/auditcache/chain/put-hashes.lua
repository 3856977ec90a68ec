-- PUT hash range entries, all or nothing. KEYS: gaps, rangemax, then every hash bucket touched.
-- ARGV: now ms, range ttl, gap ttl, entry count, then per entry: bucket's KEYS index, field, hash, sequence.
-- Entries are immutable: one that already holds another hash makes the whole call a conflict naming it.
-- Returns {'ok', numbers filled} or {'conflict', {sequence, ...}}.
local range_ttl, gap_ttl, count = ARGV[2], ARGV[3], tonumber(ARGV[4])
local conflicts = {}
for i = 0, count - 1 do
  local at = 5 + i * 4
  local recorded = redis.call('HGET', KEYS[tonumber(ARGV[at])], ARGV[at + 1])
  if recorded and recorded ~= ARGV[at + 2] then
    table.insert(conflicts, ARGV[at + 3])
  end
end
if #conflicts > 0 then
  return {'conflict', conflicts}
end
local highest, filled = -1, 0
for i = 0, count - 1 do
  local at = 5 + i * 4
  local seq = tonumber(ARGV[at + 3])
  redis.call('HSET', KEYS[tonumber(ARGV[at])], ARGV[at + 1], ARGV[at + 2])
  if seq > highest then highest = seq end
  filled = filled + gap_fill(KEYS[1], seq, seq, gap_ttl)
end
for k = 3, #KEYS do
  redis.call('PEXPIRE', KEYS[k], range_ttl)
end
raise_to(KEYS[2], highest)
return {'ok', filled}
