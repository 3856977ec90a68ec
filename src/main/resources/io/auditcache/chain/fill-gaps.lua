-- Numbers that arrived (events written with these sequence numbers). KEYS: gaps. ARGV: gap ttl, sequences...
-- Returns how many missing numbers were filled.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local filled = 0
for i = 2, #ARGV do
  local seq = tonumber(ARGV[i])
  filled = filled + gap_fill(KEYS[1], seq, seq, ARGV[1])
end
return filled
