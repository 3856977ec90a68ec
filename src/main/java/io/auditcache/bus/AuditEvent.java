package io.auditcache.bus;

/**
 * A validated audit event in canonical form: compact JSON, the id lower-cased, every other member as given and
 * in the given order, nothing added. Two writes carry "identical content" when their {@link #json} bytes are equal.
 *
 * @param id          canonical lower-case UUID
 * @param chain       the chain it belongs to ({@code default} when the event names none)
 * @param sequenceNum 0 &lt;= n &lt;= 2^53-1
 * @param eventHash   1-128 characters of {@code [A-Za-z0-9:+/=_-]}
 * @param json        the canonical UTF-8 bytes; never modified after construction
 */
public record AuditEvent(String id, String chain, long sequenceNum, String eventHash, byte[] json) {

  /** The chain an event belongs to when it names none. */
  public static final String DEFAULT_CHAIN = "default";
  /** JavaScript's largest exact integer: sequence numbers stay exact in every client. */
  public static final long MAX_SEQUENCE = (1L << 53) - 1;
  /** Deepest JSON nesting accepted inside one event (the event object itself is level 1). */
  public static final int MAX_DEPTH = 32;
  public static final int MAX_HASH_LENGTH = 128;

  /** True for the strict canonical 8-4-4-4-12 hex form, either case ({@code UUID.fromString} is laxer). */
  public static boolean isUuid(String text) {
    if (text.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !isHexDigit(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHexDigit(char c) {
    char lower = (char) (c | 0x20);
    return (c >= '0' && c <= '9') || (lower >= 'a' && lower <= 'f');
  }

  /** True for 1-128 characters of {@code [A-Za-z0-9:+/=_-]} (hex, base64 and multihash spellings). */
  public static boolean isHash(String text) {
    int length = text.length();
    if (length == 0 || length > MAX_HASH_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == ':' || c == '+' || c == '/' || c == '=' || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** True for a chain name: {@code [a-z0-9][a-z0-9_-]{0,63}}. */
  public static boolean isChainName(String text) {
    int length = text.length();
    if (length == 0 || length > 64) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '_' || c == '-'));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The canonical (lower-case) spelling of a valid UUID. */
  public static String canonicalId(String uuid) {
    return uuid.toLowerCase(java.util.Locale.ROOT);
  }
}
