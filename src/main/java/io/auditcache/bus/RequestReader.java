package io.auditcache.bus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads request bodies in one streaming pass: validates every field, bounds size and nesting while reading (a
 * 6 MB body is never turned into a tree first), and writes each event's canonical bytes as it goes. Numbers are
 * copied exactly as spelled. Every problem comes back as a {@link ProblemException}: 400 naming the fields at fault, or
 * 413 for a body over a count or size limit. Thread-safe.
 */
public final class RequestReader {

  /**
   * Bodies nest at most an event's depth plus the envelope around it ({@code {"events":[...]}}), plus one level so
   * that an event one level too deep is reported by the event check, which names the member at fault.
   */
  private static final JsonFactory JSON = JsonFactory.builder()
    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(AuditEvent.MAX_DEPTH + 3).build())
    .build();

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW_BITS = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;

  /** The bytes that end a string's plain ASCII run: its closing quote, an escape, or a non-ASCII byte. */
  private static final boolean[] ENDS_PLAIN_STRING = new boolean[256];

  static {
    ENDS_PLAIN_STRING['"'] = true;
    ENDS_PLAIN_STRING['\\'] = true;
    for (int b = 0x80; b < 0x100; b++) {
      ENDS_PLAIN_STRING[b] = true;
    }
  }

  private static final String UUID_RULE = "must be a UUID in canonical 8-4-4-4-12 hex form";

  private static final ObjectMapper MAPPER = new ObjectMapper(JSON);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
  };

  private final int maxEventBytes;

  /** @param maxEventBytes the largest canonical event accepted */
  public RequestReader(int maxEventBytes) {
    this.maxEventBytes = maxEventBytes;
  }

  /** One event as the whole body; 413 when its canonical form exceeds {@code maxEventBytes}. */
  public AuditEvent event(Buffer body) {
    byte[] bytes = bytes(body);
    return read(bytes, parser -> {
      expectObject(parser, "", "must be a JSON object (an event)");
      List<FieldError> errors = new ArrayList<>();
      AuditEvent event = eventAt(parser, bytes, "", errors, ProblemType.TOO_LARGE);
      failIfAny(errors);
      return event;
    });
  }

  /**
   * {@code {"<member>":[event, ...]}}: at most {@code maxEvents} (413 beyond), all valid or 400 naming each bad one
   * by its index, e.g. {@code /events/6/id}; an oversized event is a 400 at its index.
   */
  public List<AuditEvent> events(Buffer body, String member, int maxEvents) {
    byte[] bytes = bytes(body);
    return read(bytes, parser -> {
      List<FieldError> errors = new ArrayList<>();
      List<AuditEvent> events = new ArrayList<>();
      readArrayMember(parser, member, maxEvents, errors, (index, pointer) -> {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
          errors.add(new FieldError(pointer, "must be a JSON object (an event)"));
          parser.skipChildren();
        } else {
          events.add(eventAt(parser, bytes, pointer, errors, ProblemType.INVALID_REQUEST));
        }
      });
      failIfAny(errors);
      return events;
    });
  }

  /** {@code {"ids":[uuid, ...]}}: at most {@code maxIds}; returned lower-cased, without repeats, in request order. */
  public List<String> ids(Buffer body, int maxIds) {
    return read(body, parser -> {
      List<FieldError> errors = new ArrayList<>();
      Set<String> ids = new LinkedHashSet<>();
      readArrayMember(parser, "ids", maxIds, errors, (index, pointer) -> {
        String id = uuidAt(parser, pointer, errors);
        if (id != null) {
          ids.add(id);
        }
      });
      failIfAny(errors);
      return new ArrayList<>(ids);
    });
  }

  /**
   * Any small JSON object (a chain request), read as strictly as events are: duplicate members and deep nesting
   * are a 400, not silently "last one wins".
   */
  public static JsonObject object(Buffer body) {
    return read(body, parser -> {
      expectObject(parser, "", "must be a JSON object");
      return new JsonObject(MAPPER.<Map<String, Object>>readValue(parser, MAP));
    });
  }

  /** {@code {"id": uuid}} &rarr; the lower-case id. */
  public String id(Buffer body) {
    return read(body, parser -> {
      expectObject(parser, "", "must be a JSON object with an \"id\"");
      List<FieldError> errors = new ArrayList<>();
      String id = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        if (name.equals("id")) {
          id = uuidAt(parser, "/id", errors);
        } else {
          parser.skipChildren();
        }
      }
      if (id == null && errors.isEmpty()) {
        errors.add(new FieldError("/id", "is required"));
      }
      failIfAny(errors);
      return id;
    });
  }

  /**
   * {@code {"id": uuid}} already decoded (an event-bus consumer's {@link JsonObject}) &rarr; the lower-case id, with
   * the same rules and problems as the JSON text form, without encoding the object to text and parsing it back.
   */
  public static String id(JsonObject body) {
    if (!body.containsKey("id")) {
      throw Problem.invalid("/id", "is required").toException();
    }
    if (!(body.getValue("id") instanceof String text) || !AuditEvent.isUuid(text)) {
      throw Problem.invalid("/id", UUID_RULE).toException();
    }
    return AuditEvent.canonicalId(text);
  }

  private interface BodyRead<T> {
    T read(JsonParser parser) throws IOException;
  }

  private interface ElementRead {
    void read(int index, String pointer) throws IOException;
  }

  private static <T> T read(Buffer body, BodyRead<T> reading) {
    return read(bytes(body), reading);
  }

  /** The body's bytes, always a fresh copy: an event read from them may keep the array as its canonical bytes. */
  private static byte[] bytes(Buffer body) {
    if (body == null || body.length() == 0) {
      throw Problem.invalid("", "is required (a JSON document)").toException();
    }
    return body.getBytes();
  }

  private static <T> T read(byte[] body, BodyRead<T> reading) {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() == null) {
        throw Problem.invalid("", "is required (a JSON document)").toException();
      }
      T result = reading.read(parser);
      if (parser.nextToken() != null) {
        throw Problem.invalid("", "has content after the JSON value").toException();
      }
      return result;
    } catch (StreamReadException e) {
      String where = e.getLocation() == null ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
      throw Problem.invalid("", "is not valid JSON: " + e.getOriginalMessage() + where).toException();
    } catch (IOException e) {
      throw Problem.invalid("", "is not valid JSON: " + e.getMessage()).toException();
    }
  }

  private static void readArrayMember(JsonParser parser, String member, int max, List<FieldError> errors,
                                      ElementRead element) throws IOException {
    String pointer = "/" + member;
    expectObject(parser, "", "must be a JSON object with an \"" + member + "\" array");
    boolean seen = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      if (!name.equals(member)) {
        parser.skipChildren();
        continue;
      }
      seen = true;
      if (parser.currentToken() != JsonToken.START_ARRAY) {
        errors.add(new FieldError(pointer, "must be an array"));
        parser.skipChildren();
        continue;
      }
      int index = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        if (index == max) {
          throw Problem.tooLarge(pointer + " holds more than " + max + " items", pointer, "at most " + max + " items")
            .toException();
        }
        element.read(index, pointer + "/" + index);
        index++;
      }
    }
    if (!seen) {
      errors.add(new FieldError(pointer, "is required"));
    }
  }

  /**
   * Reads the event object the parser is on; adds field errors, throws for structure and size. The pass validates
   * without copying; the canonical bytes are then the event's own bytes in the body when those are already canonical
   * (the common case, and several times cheaper), or are written anew otherwise.
   */
  private AuditEvent eventAt(JsonParser parser, byte[] body, String pointer, List<FieldError> errors, ProblemType oversize)
    throws IOException {
    int errorsBefore = errors.size();
    long start = parser.currentTokenLocation().getByteOffset();
    String id = null;
    boolean idAsSpelled = true;
    String chain = AuditEvent.DEFAULT_CHAIN;
    String eventHash = null;
    long sequence = -1;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      switch (name) {
        case "id" -> {
          id = uuidAt(parser, pointer, name, errors);
          idAsSpelled = id == null || id.equals(parser.getText());
        }
        case "sequenceNum" -> sequence = sequenceAt(parser, pointer, name, errors);
        case "eventHash" -> eventHash = hashAt(parser, pointer, name, errors, false);
        case "previousHash" -> hashAt(parser, pointer, name, errors, true);
        case "chain" -> chain = chainAt(parser, pointer, name, errors);
        case "timestamp" -> timestampAt(parser, pointer, name, errors);
        default -> {
          // any other member is the client's own: only its nesting is bounded
        }
      }
      skipValue(parser, pointer, name);
    }
    if (id == null) {
      requirePresent(pointer + "/id", errors);
    }
    if (eventHash == null) {
      requirePresent(pointer + "/eventHash", errors);
    }
    if (sequence < 0 && !hasErrorAt(errors, errorsBefore, pointer + "/sequenceNum")) {
      errors.add(new FieldError(pointer + "/sequenceNum", "is required"));
    }
    long end = parser.currentLocation().getByteOffset();
    byte[] json = canonical(body, (int) start, (int) end, idAsSpelled, pointer, oversize);
    return new AuditEvent(id, chain == null ? AuditEvent.DEFAULT_CHAIN : chain, sequence, eventHash, json);
  }

  /** Skips one value, refusing nesting deeper than {@link AuditEvent#MAX_DEPTH}; strings are never decoded. */
  private static void skipValue(JsonParser parser, String pointer, String name) throws IOException {
    if (!parser.currentToken().isStructStart()) {
      return;
    }
    int open = 1;
    while (open > 0) {
      JsonToken token = parser.nextToken();
      if (token.isStructStart()) {
        open++;
        // The member is one level below the event object, hence + 1.
        if (open + 1 > AuditEvent.MAX_DEPTH) {
          throw Problem.invalid(at(pointer, name), "nests JSON deeper than " + AuditEvent.MAX_DEPTH + " levels")
            .toException();
        }
      } else if (token.isStructEnd()) {
        open--;
      }
    }
  }

  /** The canonical bytes of the event at {@code body[from, to)}, which has just been read and validated. */
  private byte[] canonical(byte[] body, int from, int to, boolean idAsSpelled, String pointer, ProblemType oversize)
    throws IOException {
    byte[] json = idAsSpelled && isCanonical(body, from, to) ? slice(body, from, to) : rewrite(body, from, to);
    if (json.length > maxEventBytes) {
      throw tooLarge(pointer, json.length, oversize);
    }
    return json;
  }

  /**
   * {@code body[from, to)}: the body array itself when the event is all of it (a single event's body, which
   * {@link #bytes} copied for this read alone and nothing else holds), a copy otherwise.
   */
  private static byte[] slice(byte[] body, int from, int to) {
    return from == 0 && to == body.length ? body : Arrays.copyOfRange(body, from, to);
  }

  /**
   * Whether these bytes are exactly what {@link #rewrite} would write: no whitespace between tokens, and no escape
   * sequence or non-ASCII byte in strings (those are left to the rewrite, which decodes and so also validates them:
   * the validating pass skips strings without decoding them).
   */
  static boolean isCanonical(byte[] json, int from, int to) {
    int i = from;
    while (i < to) {
      byte b = json[i++];
      if (b == '"') {
        i = plainStringRun(json, i, to);
        if (i < to && json[i++] != '"') {
          return false;
        }
      } else if (b < 0 || b == '\\' || b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        return false;
      }
    }
    return true;
  }

  /**
   * Where the plain ASCII run of a string's content that starts at {@code from} ends: the index of the first byte in
   * {@link #ENDS_PLAIN_STRING}, or {@code to}. Eight bytes at a time while none of them ends it: a string's content is
   * most of an event's bytes, and this check runs on every write (JMH, {@code EventParsingBenchmark.event}: 5.4-5.8
   * µs per 2 KB event with the check a byte at a time, 5.1-5.4 µs so; a quarter of that time had been this check).
   */
  private static int plainStringRun(byte[] json, int from, int to) {
    int i = from;
    while (i + Long.BYTES <= to) {
      long word = (long) LONGS.get(json, i);
      if (((word & HIGH_BITS) | zeroByte(word ^ QUOTES) | zeroByte(word ^ BACKSLASHES)) != 0) {
        break;
      }
      i += Long.BYTES;
    }
    while (i < to && !ENDS_PLAIN_STRING[json[i] & 0xff]) {
      i++;
    }
    return i;
  }

  /** Non-zero when some byte of {@code word} is zero (the classic bit trick; exact as a yes or no). */
  private static long zeroByte(long word) {
    return (word - LOW_BITS) & ~word & HIGH_BITS;
  }

  /**
   * Writes the event at {@code body[from, to)} compactly: whitespace dropped, strings re-encoded by Jackson's rules,
   * numbers copied as spelled ({@code 1e3}, {@code -0.0} and {@code 1.00} stay so), and the id in lower case.
   */
  private static byte[] rewrite(byte[] body, int from, int to) throws IOException {
    ByteArrayBuilder bytes = new ByteArrayBuilder(to - from);
    try (JsonParser event = JSON.createParser(body, from, to - from); JsonGenerator out = JSON.createGenerator(bytes)) {
      int depth = 0;
      for (JsonToken token = event.nextToken(); token != null; token = event.nextToken()) {
        if (token.isNumeric()) {
          out.writeNumber(event.getText());
        } else if (depth == 1 && token == JsonToken.VALUE_STRING && "id".equals(event.currentName())) {
          out.writeString(AuditEvent.canonicalId(event.getText()));
        } else {
          out.copyCurrentEvent(event);
        }
        depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
      }
    }
    return bytes.toByteArray();
  }

  private ProblemException tooLarge(String pointer, long size, ProblemType type) {
    String detail = "is larger than " + maxEventBytes + " bytes (cache.maxEventBytes) in canonical form";
    if (type == ProblemType.TOO_LARGE) {
      return Problem.tooLarge("the event " + detail, pointer, detail).toException();
    }
    return Problem.invalid(pointer, detail).toException();
  }

  private static String uuidAt(JsonParser parser, String pointer, List<FieldError> errors) throws IOException {
    return uuidAt(parser, pointer, null, errors);
  }

  private static String uuidAt(JsonParser parser, String pointer, String name, List<FieldError> errors) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_STRING && AuditEvent.isUuid(parser.getText())) {
      return AuditEvent.canonicalId(parser.getText());
    }
    errors.add(new FieldError(at(pointer, name), UUID_RULE));
    return null;
  }

  private static long sequenceAt(JsonParser parser, String pointer, String name, List<FieldError> errors)
    throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT
      && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      long value = parser.getLongValue();
      if (value >= 0 && value <= AuditEvent.MAX_SEQUENCE) {
        return value;
      }
    }
    errors.add(new FieldError(at(pointer, name), "must be an integer from 0 to " + AuditEvent.MAX_SEQUENCE));
    return -1;
  }

  private static String hashAt(JsonParser parser, String pointer, String name, List<FieldError> errors, boolean optional)
    throws IOException {
    JsonToken token = parser.currentToken();
    if (optional && token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token == JsonToken.VALUE_STRING && AuditEvent.isHash(parser.getText())) {
      return parser.getText();
    }
    errors.add(new FieldError(at(pointer, name), "must be 1-" + AuditEvent.MAX_HASH_LENGTH + " characters of [A-Za-z0-9:+/=_-]"));
    return null;
  }

  private static String chainAt(JsonParser parser, String pointer, String name, List<FieldError> errors) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return AuditEvent.DEFAULT_CHAIN;
    }
    if (token == JsonToken.VALUE_STRING && AuditEvent.isChainName(parser.getText())) {
      return parser.getText();
    }
    errors.add(new FieldError(at(pointer, name), "must match [a-z0-9][a-z0-9_-]{0,63}"));
    return null;
  }

  private static void timestampAt(JsonParser parser, String pointer, String name, List<FieldError> errors)
    throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL || (token == JsonToken.VALUE_STRING && isRfc3339(parser.getText()))) {
      return;
    }
    errors.add(new FieldError(at(pointer, name), "must be an RFC 3339 date-time, e.g. 2026-01-31T12:00:00.123Z"));
  }

  /**
   * An RFC 3339 date-time: {@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)}, {@code T} and {@code Z} in either
   * case, a real calendar day, and second 60 allowed (a leap second). Checked by hand: this runs for every event, and
   * java.time's parser allocates heavily for fractions.
   */
  static boolean isRfc3339(String text) {
    int length = text.length();
    if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || (text.charAt(10) | 0x20) != 't'
      || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return false;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > YearMonth.of(year, month).lengthOfMonth()
      || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
      return false;
    }
    int at = 19;
    if (at < length && text.charAt(at) == '.') {
      int fractionStart = ++at;
      while (at < length && Character.isDigit(text.charAt(at))) {
        at++;
      }
      if (at == fractionStart || at - fractionStart > 9) {
        return false;
      }
    }
    if (at == length - 1) {
      return (text.charAt(at) | 0x20) == 'z';
    }
    return at == length - 6 && (text.charAt(at) == '+' || text.charAt(at) == '-') && text.charAt(at + 3) == ':'
      && digits(text, at + 1, 2) >= 0 && digits(text, at + 1, 2) <= 23 && digits(text, at + 4, 2) >= 0
      && digits(text, at + 4, 2) <= 59;
  }

  /** The decimal number in {@code text[from, from + count)}, or -1 if it is not all ASCII digits. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** The pointer of member {@code name} of the object at {@code pointer}; just {@code pointer} when name is null. */
  private static String at(String pointer, String name) {
    return name == null ? pointer : pointer + "/" + escape(name);
  }


  private static void expectObject(JsonParser parser, String pointer, String detail) {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw Problem.invalid(pointer, detail).toException();
    }
  }

  private static void requirePresent(String pointer, List<FieldError> errors) {
    if (errors.stream().noneMatch(error -> error.pointer().equals(pointer))) {
      errors.add(new FieldError(pointer, "is required"));
    }
  }

  private static boolean hasErrorAt(List<FieldError> errors, int from, String pointer) {
    return errors.subList(from, errors.size()).stream().anyMatch(error -> error.pointer().equals(pointer));
  }

  private static void failIfAny(List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw Problem.invalid(errors).toException();
    }
  }

  /** RFC 6901 escaping of a member name inside a pointer. */
  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
