-- Records a gap reported by a client. KEYS: gaps. ARGV: from, to, now ms, reason, max gaps, gap ttl.
-- Returns how many (lowest) ranges were dropped to stay within max gaps.
return gap_add(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5]), ARGV[6])
