-- Atomic append (compare-and-set). KEYS: head, floor, gaps, rangemax, hash bucket of the sequence.
-- ARGV: sequence, previous hash ('' when none), hash, bucket field, now ms, head ttl, range ttl, gap ttl.
-- Succeeds only if a head is cached, previousHash equals its hash and sequence is its sequence + 1; or, for a
-- chain that never had a head, when no previousHash is given. Records the entry in the hash ranges, raises the
-- floor and fills the number's gap. Returns {'ok'|'conflict', head value or '', numbers filled}.
local seq, previous, hash, field = tonumber(ARGV[1]), ARGV[2], ARGV[3], ARGV[4]
local head_ttl, range_ttl, gap_ttl = ARGV[6], ARGV[7], ARGV[8]
local head = redis.call('GET', KEYS[1])
local head_seq, head_hash = head_parse(head)
if head then
  if previous ~= head_hash or seq ~= head_seq + 1 then
    return {'conflict', head, 0}
  end
elseif previous ~= '' or redis.call('EXISTS', KEYS[2]) == 1 then
  return {'conflict', '', 0}
end
local recorded = redis.call('HGET', KEYS[5], field)
if recorded and recorded ~= hash then
  return {'conflict', head or '', 0}
end
local value = record_head(KEYS, seq, hash, field, head_ttl, range_ttl)
return {'ok', value, gap_fill(KEYS[3], seq, seq, gap_ttl)}
