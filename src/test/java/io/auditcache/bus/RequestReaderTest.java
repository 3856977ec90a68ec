package io.auditcache.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Unit tests of {@link RequestReader}: validation, canonical form, size and nesting bounds, batch bodies. */
class RequestReaderTest {

  private static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
  private static final String UPPER_ID = ID.toUpperCase(java.util.Locale.ROOT);
  private static final String ID_2 = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  private static final String ID_3 = "a8098c1a-f86e-11da-bd1a-00112bc9b7c3";

  private final RequestReader reader = new RequestReader(65536);

  // ---- canonical form ----

  @Test
  void the_canonical_form_is_compact_keeps_member_order_and_copies_numbers_exactly() {
    String body = """
      {
        "id": "%s",
        "sequenceNum": 7,
        "amount": 1.00,
        "big": 123456789012345678901234567890,
        "eventHash": "sha256:abc=",
        "nested": { "b": [1, 2.50, {"c": null}], "a": true },
        "list": [ "x", false ]
      }""".formatted(UPPER_ID);

    AuditEvent event = reader.event(buffer(body));

    assertThat(json(event)).isEqualTo("{\"id\":\"" + ID + "\",\"sequenceNum\":7,\"amount\":1.00,"
      + "\"big\":123456789012345678901234567890,\"eventHash\":\"sha256:abc=\","
      + "\"nested\":{\"b\":[1,2.50,{\"c\":null}],\"a\":true},\"list\":[\"x\",false]}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e3", "1E3", "1.5e10", "1e400", "0.0000001", "-0.0", "-0", "2.50", "1E-7"})
  void numbers_keep_their_exact_spelling(String number) {
    AuditEvent event = reader.event(buffer(eventWith("\"x\":[" + number + "]")));

    assertThat(json(event)).endsWith("\"x\":[" + number + "]}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-02-29T00:00:00Z", "2026-12-31T23:59:59.123456789-12:30", "0001-01-01t00:00:00z"})
  void calendar_edge_cases_are_valid_timestamps(String timestamp) {
    assertThat(RequestReader.isRfc3339(timestamp)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-01-31T12:00:00.1234567890Z",
    "2026-01-31T12:00:00.Z", "2026-01-31T12:00:00+24:00", "2026-01-31T12:00:00+02:60", "2026-01-31T12:60:00Z",
    "2026-01-31 12:00:00Z", "2026-1-31T12:00:00Z", "2026-01-31T12:00:00+0200", "2026-01-31T12:00:00ZZ"})
  void impossible_or_malformed_timestamps_are_invalid(String timestamp) {
    assertThat(RequestReader.isRfc3339(timestamp)).isFalse();
  }

  @Test
  void a_leap_second_is_a_valid_timestamp() {
    AuditEvent event = reader.event(buffer(eventWith("\"timestamp\":\"2016-12-31T23:59:60Z\"")));

    assertThat(json(event)).contains("2016-12-31T23:59:60Z");
  }

  @Test
  void the_fields_are_read_into_the_event() {
    AuditEvent event = reader.event(buffer(
      "{\"chain\":\"orders\",\"eventHash\":\"h1\",\"sequenceNum\":42,\"id\":\"" + UPPER_ID + "\"}"));

    assertThat(event.id()).isEqualTo(ID);
    assertThat(event.chain()).isEqualTo("orders");
    assertThat(event.sequenceNum()).isEqualTo(42);
    assertThat(event.eventHash()).isEqualTo("h1");
    assertThat(json(event)).isEqualTo(
      "{\"chain\":\"orders\",\"eventHash\":\"h1\",\"sequenceNum\":42,\"id\":\"" + ID + "\"}");
  }

  @Test
  void an_upper_case_id_is_stored_lower_case() {
    assertThat(reader.event(buffer(event(UPPER_ID, 1, "h"))).id()).isEqualTo(ID);
  }

  @Test
  void upper_and_lower_case_spellings_of_one_id_give_identical_canonical_bytes() {
    AuditEvent upper = reader.event(buffer(event(UPPER_ID, 1, "h")));
    AuditEvent lower = reader.event(buffer(event(ID, 1, "h")));

    assertThat(upper.json()).isEqualTo(lower.json());
  }

  @Test
  void whitespace_in_the_body_does_not_change_the_canonical_bytes() {
    AuditEvent compact = reader.event(buffer(event(ID, 1, "h")));
    AuditEvent spaced = reader.event(buffer(
      "{\n  \"id\" : \"" + ID + "\" ,\n\t\"sequenceNum\" : 1 ,\r\n \"eventHash\" : \"h\"\n}\n"));

    assertThat(spaced.json()).isEqualTo(compact.json());
  }

  @Test
  void escapes_that_name_plain_characters_are_written_as_those_characters() {
    AuditEvent escaped = reader.event(buffer(eventWith("\"note\":\"caf\\u00e9 \\/ \\u0041\"")));
    AuditEvent plain = reader.event(Buffer.buffer(eventWith("\"note\":\"caf\u00e9 / A\"").getBytes(UTF_8)));

    assertThat(json(escaped)).endsWith("\"note\":\"caf\u00e9 / A\"}");
    assertThat(escaped.json()).isEqualTo(plain.json());
  }

  @Test
  void escapes_json_requires_are_kept_in_their_short_form() {
    AuditEvent event = reader.event(buffer(eventWith("\"note\":\"a\\\"b\\\\c\\nd\\u0001\"")));

    assertThat(json(event)).endsWith("\"note\":\"a\\\"b\\\\c\\nd\\u0001\"}");
  }

  @Test
  void a_body_that_is_already_canonical_is_stored_byte_for_byte() {
    String body = eventWith("\"payload\":{\"n\":[1e3,-0.0,\"x y\",{\"k\":null}],\"t\":true},\"s\":\"a b\"");
    AuditEvent event = reader.event(buffer(body));

    assertThat(json(event)).isEqualTo(body);
  }

  @Test
  void invalid_utf8_or_a_raw_control_character_in_any_string_is_invalid_json() {
    byte[] prefix = eventWith("\"note\":\"").replace("\"}", "").getBytes(UTF_8);
    byte[] badUtf8 = concat(prefix, new byte[] {'a', (byte) 0xC3, '(', '"', '}'});
    byte[] controlCharacter = concat(prefix, new byte[] {'a', 0x01, 'b', '"', '}'});

    for (byte[] body : List.of(badUtf8, controlCharacter)) {
      Problem problem = problem(() -> reader.event(Buffer.buffer(body)));
      assertThat(problem.status()).isEqualTo(400);
      assertThat(errors(problem).get(0).getString("detail")).contains("not valid JSON");
    }
  }

  @Test
  void isCanonical_refuses_whitespace_between_tokens_escapes_and_non_ascii_but_not_spaces_in_strings() {
    assertThat(RequestReader.isCanonical(bytes("{\"a\":\"x y\",\"b\":[1,2]}"), 0, 20)).isTrue();
    assertThat(RequestReader.isCanonical(bytes("{\"a\": 1}"), 0, 8)).isFalse();
    assertThat(RequestReader.isCanonical(bytes("{\"a\":\"\\n\"}"), 0, 10)).isFalse();
    assertThat(RequestReader.isCanonical("{\"a\":\"\u00e9\"}".getBytes(UTF_8), 0, 10)).isFalse();
    assertThat(RequestReader.isCanonical(bytes("  {\"a\":1}  "), 2, 9)).isTrue();
  }

  @Test
  void isCanonical_finds_an_escape_non_ascii_byte_or_whitespace_at_every_offset_of_its_eight_byte_steps() {
    for (int length = 0; length <= 40; length++) {
      String plain = "x".repeat(length);
      byte[] compact = bytes("{\"a\":\"" + plain + "\",\"b\":1}");
      byte[] spaced = bytes("{\"a\":\"" + plain + "\" ,\"b\":1}");
      assertThat(RequestReader.isCanonical(compact, 0, compact.length)).as("plain string of %d bytes", length).isTrue();
      assertThat(RequestReader.isCanonical(spaced, 0, spaced.length)).as("space after a string of %d", length).isFalse();
      for (int at = 0; at < length; at++) {
        String head = plain.substring(0, at);
        String tail = plain.substring(at + 1);
        byte[] escaped = bytes("{\"a\":\"" + head + "\\n" + tail + "\"}");
        byte[] accented = ("{\"a\":\"" + head + "\u00e9" + tail + "\"}").getBytes(UTF_8);
        byte[] quoted = bytes("{\"a\":\"" + head + "\",\"b\":\"" + tail + "\"}");
        assertThat(RequestReader.isCanonical(escaped, 0, escaped.length)).as("escape at %d of %d", at, length).isFalse();
        assertThat(RequestReader.isCanonical(accented, 0, accented.length)).as("é at %d of %d", at, length).isFalse();
        assertThat(RequestReader.isCanonical(quoted, 0, quoted.length)).as("string ends at %d of %d", at, length).isTrue();
      }
    }
  }

  @Test
  void nothing_is_added_and_an_absent_chain_is_the_default_chain() {
    AuditEvent event = reader.event(buffer(event(ID, 1, "h")));

    assertThat(event.chain()).isEqualTo(AuditEvent.DEFAULT_CHAIN).isEqualTo("default");
    assertThat(json(event)).isEqualTo("{\"id\":\"" + ID + "\",\"sequenceNum\":1,\"eventHash\":\"h\"}");
  }

  // ---- id ----

  @ParameterizedTest
  @ValueSource(strings = {
    "\"1-1-1-1-1\"",
    "\"{0f8fad5b-d9cb-469f-a165-70867728950e}\"",
    "\"0f8fad5bd9cb469fa16570867728950e\"",
    "\"0f8fad5b-d9cb-469f-a165-70867728950\"",
    "\"0f8fad5b-d9cb-469f-a165-70867728950e0\"",
    "\"0f8fad5b-d9cb-469f-a165-70867728950g\"",
    "\"0f8fad5b+d9cb-469f-a165-70867728950e\"",
    "\"\"",
    "12345",
    "null",
    "[\"0f8fad5b-d9cb-469f-a165-70867728950e\"]"})
  void a_malformed_id_is_rejected(String id) {
    String body = "{\"id\":" + id + ",\"sequenceNum\":1,\"eventHash\":\"h\"}";

    assertInvalidEvent(body, "/id");
  }

  @Test
  void a_malformed_id_in_a_body_that_is_not_compact_is_rejected_too() {
    assertInvalidEvent("{ \"id\" : \"NOT-A-UUID\", \"sequenceNum\" : 1, \"eventHash\" : \"h\" }", "/id");
  }

  @Test
  void a_missing_id_is_required() {
    Problem problem = problem(() -> reader.event(buffer("{\"sequenceNum\":1,\"eventHash\":\"h\"}")));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(errors(problem)).containsExactly(error("/id", "is required"));
  }

  // ---- sequenceNum ----

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 9_007_199_254_740_991L})
  void a_sequence_number_from_0_to_2_pow_53_minus_1_is_accepted(long sequence) {
    AuditEvent event = reader.event(buffer(event(ID, sequence, "h")));

    assertThat(event.sequenceNum()).isEqualTo(sequence);
    assertThat(event.sequenceNum()).isLessThanOrEqualTo(AuditEvent.MAX_SEQUENCE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "9007199254740992", "1.5", "\"5\"", "1e3", "1.0",
    "123456789012345678901234567890", "null", "true"})
  void a_sequence_number_out_of_range_or_not_an_integer_is_rejected(String sequence) {
    String body = "{\"id\":\"" + ID + "\",\"sequenceNum\":" + sequence + ",\"eventHash\":\"h\"}";

    assertInvalidEvent(body, "/sequenceNum");
  }

  @Test
  void a_missing_sequence_number_is_required() {
    Problem problem = problem(() -> reader.event(buffer("{\"id\":\"" + ID + "\",\"eventHash\":\"h\"}")));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(errors(problem)).containsExactly(error("/sequenceNum", "is required"));
  }

  // ---- eventHash and previousHash ----

  @Test
  void a_hash_of_1_to_128_allowed_characters_is_accepted() {
    String longest = "a".repeat(128);
    String everyKind = "AZaz09:+/=_-";

    assertThat(reader.event(buffer(event(ID, 1, "x"))).eventHash()).isEqualTo("x");
    assertThat(reader.event(buffer(event(ID, 1, longest))).eventHash()).isEqualTo(longest);
    assertThat(reader.event(buffer(event(ID, 1, everyKind))).eventHash()).isEqualTo(everyKind);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "with space", "dot.ted", "star*", "é", "129"})
  void an_event_hash_that_is_empty_too_long_or_has_other_characters_is_rejected(String hash) {
    String value = hash.equals("129") ? "a".repeat(129) : hash;

    assertInvalidEvent(event(ID, 1, value), "/eventHash");
  }

  @Test
  void an_event_hash_that_is_not_a_string_is_rejected() {
    assertInvalidEvent("{\"id\":\"" + ID + "\",\"sequenceNum\":1,\"eventHash\":12}", "/eventHash");
    assertInvalidEvent("{\"id\":\"" + ID + "\",\"sequenceNum\":1,\"eventHash\":null}", "/eventHash");
  }

  @Test
  void a_missing_event_hash_is_required() {
    Problem problem = problem(() -> reader.event(buffer("{\"id\":\"" + ID + "\",\"sequenceNum\":1}")));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(errors(problem)).containsExactly(error("/eventHash", "is required"));
  }

  @Test
  void a_previous_hash_may_be_absent_null_or_a_valid_hash() {
    assertThat(reader.event(buffer(event(ID, 1, "h")))).isNotNull();
    assertThat(json(reader.event(buffer(eventWith("\"previousHash\":null")))))
      .endsWith(",\"previousHash\":null}");
    assertThat(json(reader.event(buffer(eventWith("\"previousHash\":\"" + "b".repeat(128) + "\"")))))
      .endsWith(",\"previousHash\":\"" + "b".repeat(128) + "\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "\"a b\"", "\"a.b\"", "7", "LONG"})
  void a_previous_hash_breaking_the_hash_rule_is_rejected(String hash) {
    String value = hash.equals("LONG") ? "\"" + "b".repeat(129) + "\"" : hash;

    assertInvalidEvent(eventWith("\"previousHash\":" + value), "/previousHash");
  }

  // ---- chain ----

  @ParameterizedTest
  @ValueSource(strings = {"a", "ab_c-1", "0", "orders-2026"})
  void a_valid_chain_name_is_accepted(String chain) {
    assertThat(reader.event(buffer(eventWith("\"chain\":\"" + chain + "\""))).chain()).isEqualTo(chain);
  }

  @Test
  void a_chain_name_of_64_characters_is_accepted() {
    String chain = "c".repeat(64);

    assertThat(reader.event(buffer(eventWith("\"chain\":\"" + chain + "\""))).chain()).isEqualTo(chain);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-a", "_a", "A", "orDers", "a.b", "a b", "", "LONG"})
  void an_invalid_chain_name_is_rejected(String chain) {
    String value = chain.equals("LONG") ? "c".repeat(65) : chain;

    assertInvalidEvent(eventWith("\"chain\":\"" + value + "\""), "/chain");
  }

  @Test
  void a_chain_that_is_not_a_string_is_rejected() {
    assertInvalidEvent(eventWith("\"chain\":5"), "/chain");
  }

  // ---- timestamp ----

  @ParameterizedTest
  @ValueSource(strings = {"2026-01-31T12:00:00Z", "2026-01-31T12:00:00.123Z", "2026-01-31T12:00:00.123456789+02:00",
    "2026-01-31T12:00:00-05:30", "2026-01-31t12:00:00z", "2024-02-29T23:59:59Z"})
  void an_rfc_3339_timestamp_is_accepted_and_copied_as_sent(String timestamp) {
    AuditEvent event = reader.event(buffer(eventWith("\"timestamp\":\"" + timestamp + "\"")));

    assertThat(json(event)).endsWith(",\"timestamp\":\"" + timestamp + "\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-31T25:00:00Z", "2026-01-31",
    "2026-01-31T12:00:00", "2026-01-31 12:00:00Z", "2026-01-31T12:00Z", "2026-01-31T12:00:00.Z",
    "2026-01-31T12:00:00+0200", "yesterday", ""})
  void a_timestamp_that_is_not_an_rfc_3339_date_time_is_rejected(String timestamp) {
    assertInvalidEvent(eventWith("\"timestamp\":\"" + timestamp + "\""), "/timestamp");
  }

  @Test
  void a_numeric_timestamp_is_rejected() {
    assertInvalidEvent(eventWith("\"timestamp\":1769860800000"), "/timestamp");
  }

  // ---- several errors ----

  @Test
  void several_bad_fields_are_reported_together_in_one_problem() {
    String body = "{\"id\":\"nope\",\"sequenceNum\":-1,\"eventHash\":\"a b\",\"previousHash\":\"\","
      + "\"chain\":\"UPPER\",\"timestamp\":\"2026-13-01T00:00:00Z\"}";

    Problem problem = problem(() -> reader.event(buffer(body)));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(pointers(problem))
      .containsExactly("/id", "/sequenceNum", "/eventHash", "/previousHash", "/chain", "/timestamp");
    assertThat(problem.toJson().getString("detail")).isEqualTo("6 invalid fields, see errors");
  }

  @Test
  void an_empty_object_reports_every_required_field() {
    Problem problem = problem(() -> reader.event(buffer("{}")));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(errors(problem)).containsExactlyInAnyOrder(
      error("/id", "is required"), error("/sequenceNum", "is required"), error("/eventHash", "is required"));
  }

  @Test
  void a_problem_carries_its_type_title_and_a_detail_naming_the_field() {
    Problem problem = problem(() -> reader.event(buffer(eventWith("\"chain\":\"A\""))));

    JsonObject json = problem.toJson();
    assertThat(json.getString("type")).isEqualTo("urn:audit-cache:problem:invalid-request");
    assertThat(json.getString("title")).isEqualTo(ProblemType.INVALID_REQUEST.title());
    assertThat(json.getString("detail")).startsWith("/chain ");
  }

  // ---- nesting ----

  @Test
  void nesting_down_to_level_32_is_accepted() {
    // the event object is level 1; 31 nested arrays inside it put the deepest container at level 32
    AuditEvent event = reader.event(buffer(eventWith("\"deep\":" + nestedArrays(31))));

    assertThat(json(event)).contains(nestedArrays(31));
  }

  @Test
  void nesting_to_level_33_is_rejected() {
    Problem problem = problem(() -> reader.event(buffer(eventWith("\"deep\":" + nestedArrays(32)))));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(errors(problem)).singleElement()
      .satisfies(error -> assertThat(error.getString("detail")).contains("deeper than 32"));
  }

  @Test
  void nesting_of_mixed_objects_and_arrays_is_counted_the_same_way() {
    String ok = nestedMixed(31);
    String tooDeep = nestedMixed(32);

    assertThat(json(reader.event(buffer(eventWith("\"deep\":" + ok))))).contains(ok);
    assertThat(problem(() -> reader.event(buffer(eventWith("\"deep\":" + tooDeep)))).status()).isEqualTo(400);
  }

  @Test
  void too_deep_an_event_inside_a_batch_is_named_by_its_index_and_member() {
    String body = batch(event(ID, 1, "h"), eventWith("\"deep\":" + nestedArrays(32)));

    Problem problem = problem(() -> reader.events(buffer(body), "events", 100));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(pointers(problem)).containsExactly("/events/1/deep");
  }

  // ---- size ----

  @Test
  void an_event_of_exactly_the_limit_is_accepted_and_one_byte_more_is_413() {
    RequestReader small = new RequestReader(512);

    AuditEvent exact = small.event(buffer(paddedTo(512)));
    Problem problem = problem(() -> small.event(buffer(paddedTo(513))));

    assertThat(exact.json()).hasSize(512);
    assertThat(problem.status()).isEqualTo(413);
    assertThat(problem.type()).isEqualTo("urn:audit-cache:problem:too-large");
    assertThat(pointers(problem)).containsExactly("");
  }

  @Test
  void the_limit_applies_to_the_canonical_form_not_to_the_whitespace_sent() {
    RequestReader small = new RequestReader(512);
    String body = paddedTo(400).replace(",", " ,    " + " ".repeat(100));

    assertThat(body.length()).isGreaterThan(512);
    assertThat(small.event(buffer(body)).json()).hasSize(400);
  }

  @Test
  void a_far_too_large_event_is_413() {
    RequestReader small = new RequestReader(512);

    Problem problem = problem(() -> small.event(buffer(paddedTo(100_000))));

    assertThat(problem.status()).isEqualTo(413);
  }

  @Test
  void an_oversized_event_inside_a_batch_is_a_400_naming_its_index() {
    RequestReader small = new RequestReader(512);
    String body = batch(event(ID, 1, "h"), event(ID_2, 2, "h"), paddedTo(600));

    Problem problem = problem(() -> small.events(buffer(body), "events", 100));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(pointers(problem)).containsExactly("/events/2");
    assertThat(errors(problem).get(0).getString("detail")).contains("512");
  }

  // ---- body level ----

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "[]", "\"x\"", "42", "null", "{\"id\":", "{\"id\" \"x\"}", "not json",
    "{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"sequenceNum\":1,\"eventHash\":\"h\"} x",
    "{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"sequenceNum\":1,\"eventHash\":\"h\"} {}",
    "{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"sequenceNum\":1,\"eventHash\":\"h\",\"eventHash\":\"h\"}",
    "{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"sequenceNum\":1,\"eventHash\":\"h\",\"x\":{\"a\":1,\"a\":1}}"})
  void a_body_that_is_not_one_json_object_is_a_400_about_the_body(String body) {
    Problem problem = problem(() -> reader.event(buffer(body)));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(pointers(problem)).containsExactly("");
  }

  @Test
  void a_null_body_is_a_400_about_the_body() {
    Problem problem = problem(() -> reader.event(null));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(errors(problem)).containsExactly(error("", "is required (a JSON document)"));
  }

  @Test
  void duplicate_member_names_are_reported_as_invalid_json() {
    Problem problem = problem(() -> reader.event(buffer(
      "{\"id\":\"" + ID + "\",\"id\":\"" + ID_2 + "\",\"sequenceNum\":1,\"eventHash\":\"h\"}")));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(errors(problem).get(0).getString("detail")).contains("Duplicate field 'id'");
  }

  // ---- batches ----

  @Test
  void a_batch_keeps_the_order_of_its_events() {
    String body = batch(event(ID_3, 3, "c"), event(UPPER_ID, 1, "a"), event(ID_2, 2, "b"));

    List<AuditEvent> events = reader.events(buffer(body), "events", 100);

    assertThat(events).extracting(AuditEvent::id).containsExactly(ID_3, ID, ID_2);
    assertThat(events).extracting(AuditEvent::sequenceNum).containsExactly(3L, 1L, 2L);
    assertThat(json(events.get(1))).isEqualTo("{\"id\":\"" + ID + "\",\"sequenceNum\":1,\"eventHash\":\"a\"}");
  }

  @Test
  void a_batch_may_be_empty_and_other_members_are_ignored() {
    assertThat(reader.events(buffer("{\"other\":{\"a\":[1]},\"events\":[]}"), "events", 100)).isEmpty();
  }

  @Test
  void the_batch_member_name_is_the_one_asked_for() {
    List<AuditEvent> events = reader.events(buffer("{\"items\":[" + event(ID, 1, "h") + "]}"), "items", 100);

    assertThat(events).extracting(AuditEvent::id).containsExactly(ID);
  }

  @Test
  void one_bad_event_in_a_batch_is_named_by_its_index() {
    String body = batch(event(ID, 1, "h"), event("bad", 2, "h"), event(ID_2, 3, "h"));

    Problem problem = problem(() -> reader.events(buffer(body), "events", 100));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(errors(problem)).containsExactly(error("/events/1/id", "must be a UUID in canonical 8-4-4-4-12 hex form"));
  }

  @Test
  void every_bad_event_in_a_batch_is_reported() {
    String body = batch("{\"id\":\"" + ID + "\",\"eventHash\":\"h\"}", event(ID_2, 2, "h"), event(ID_3, -5, "a b"));

    Problem problem = problem(() -> reader.events(buffer(body), "events", 100));

    assertThat(pointers(problem)).containsExactly("/events/0/sequenceNum", "/events/2/sequenceNum", "/events/2/eventHash");
  }

  @Test
  void a_batch_of_exactly_the_maximum_is_accepted_and_one_more_is_413() {
    String three = batch(event(ID, 1, "h"), event(ID_2, 2, "h"), event(ID_3, 3, "h"));

    assertThat(reader.events(buffer(three), "events", 3)).hasSize(3);
    Problem problem = problem(() -> reader.events(buffer(three), "events", 2));
    assertThat(problem.status()).isEqualTo(413);
    assertThat(errors(problem)).containsExactly(error("/events", "at most 2 items"));
  }

  @Test
  void a_body_without_the_batch_member_is_a_400_naming_it() {
    Problem problem = problem(() -> reader.events(buffer("{\"other\":[]}"), "events", 100));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(errors(problem)).containsExactly(error("/events", "is required"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "\"x\"", "null", "5"})
  void a_batch_member_that_is_not_an_array_is_a_400_naming_it(String value) {
    Problem problem = problem(() -> reader.events(buffer("{\"events\":" + value + "}"), "events", 100));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(errors(problem)).containsExactly(error("/events", "must be an array"));
  }

  @Test
  void a_batch_element_that_is_not_an_object_is_named_by_its_index() {
    String body = "{\"events\":[" + event(ID, 1, "h") + ",[1,2]," + event(ID_2, 2, "h") + ",\"x\"]}";

    Problem problem = problem(() -> reader.events(buffer(body), "events", 100));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(pointers(problem)).containsExactly("/events/1", "/events/3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"x\"", ""})
  void a_batch_body_that_is_not_an_object_is_a_400_about_the_body(String body) {
    Problem problem = problem(() -> reader.events(buffer(body), "events", 100));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(pointers(problem)).containsExactly("");
  }

  // ---- ids ----

  @Test
  void ids_are_lower_cased_and_repeats_removed_keeping_first_order() {
    String body = "{\"ids\":[\"" + ID_2 + "\",\"" + UPPER_ID + "\",\"" + ID_2.toUpperCase() + "\",\"" + ID + "\",\""
      + ID_3 + "\"]}";

    assertThat(reader.ids(buffer(body), 100)).containsExactly(ID_2, ID, ID_3);
  }

  @Test
  void a_bad_id_in_a_list_is_named_by_its_index() {
    String body = "{\"ids\":[\"" + ID + "\",\"1-1-1-1-1\",\"" + ID_2 + "\",7]}";

    Problem problem = problem(() -> reader.ids(buffer(body), 100));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(pointers(problem)).containsExactly("/ids/1", "/ids/3");
  }

  @Test
  void more_ids_than_the_maximum_is_413() {
    String body = "{\"ids\":[\"" + ID + "\",\"" + ID_2 + "\",\"" + ID_3 + "\"]}";

    assertThat(reader.ids(buffer(body), 3)).hasSize(3);
    Problem problem = problem(() -> reader.ids(buffer(body), 2));
    assertThat(problem.status()).isEqualTo(413);
    assertThat(pointers(problem)).containsExactly("/ids");
  }

  @Test
  void an_id_list_without_ids_is_a_400_naming_it() {
    Problem problem = problem(() -> reader.ids(buffer("{}"), 100));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(errors(problem)).containsExactly(error("/ids", "is required"));
  }

  // ---- id ----

  @Test
  void a_single_id_body_gives_the_lower_case_id() {
    assertThat(reader.id(buffer("{\"id\":\"" + UPPER_ID + "\"}"))).isEqualTo(ID);
    assertThat(reader.id(buffer("{\"other\":[1,{\"a\":2}],\"id\":\"" + ID + "\"}"))).isEqualTo(ID);
  }

  @Test
  void a_single_id_body_without_an_id_is_a_400_naming_it() {
    Problem problem = problem(() -> reader.id(buffer("{\"other\":1}")));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(errors(problem)).containsExactly(error("/id", "is required"));
  }

  @Test
  void a_single_id_body_with_a_bad_id_is_a_400_naming_it() {
    Problem problem = problem(() -> reader.id(buffer("{\"id\":\"{" + ID + "}\"}")));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(pointers(problem)).containsExactly("/id");
  }

  @Test
  void a_single_id_body_that_is_not_an_object_is_a_400_about_the_body() {
    Problem problem = problem(() -> reader.id(buffer("\"" + ID + "\"")));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(pointers(problem)).containsExactly("");
  }

  @Test
  void a_decoded_id_object_reads_like_its_json_text() {
    assertThat(RequestReader.id(new JsonObject().put("id", UPPER_ID).put("other", 1))).isEqualTo(ID);

    for (JsonObject body : List.of(new JsonObject(), new JsonObject().putNull("id"), new JsonObject().put("id", 7),
      new JsonObject().put("id", "{" + ID + "}"))) {
      Problem decoded = problem(() -> RequestReader.id(body));
      Problem text = problem(() -> reader.id(body.toBuffer()));
      assertThat(decoded.status()).isEqualTo(400);
      assertThat(errors(decoded)).isEqualTo(errors(text));
    }
  }

  // ---- helpers ----

  private static Buffer buffer(String text) {
    return Buffer.buffer(text);
  }

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(UTF_8);
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private static String json(AuditEvent event) {
    return new String(event.json(), UTF_8);
  }

  private static String event(String id, long sequence, String hash) {
    return "{\"id\":\"" + id + "\",\"sequenceNum\":" + sequence + ",\"eventHash\":\"" + hash + "\"}";
  }

  /** A valid event with one more member, e.g. {@code "chain":"a"}. */
  private static String eventWith(String member) {
    return "{\"id\":\"" + ID + "\",\"sequenceNum\":1,\"eventHash\":\"h\"," + member + "}";
  }

  private static String batch(String... events) {
    return "{\"events\":[" + String.join(",", events) + "]}";
  }

  /** A valid event whose canonical form is exactly {@code size} bytes. */
  private static String paddedTo(int size) {
    String prefix = "{\"id\":\"" + ID + "\",\"sequenceNum\":1,\"eventHash\":\"h\",\"pad\":\"";
    String suffix = "\"}";
    return prefix + "p".repeat(size - prefix.length() - suffix.length()) + suffix;
  }

  private static String nestedArrays(int depth) {
    return "[".repeat(depth) + "1" + "]".repeat(depth);
  }

  private static String nestedMixed(int depth) {
    StringBuilder open = new StringBuilder();
    StringBuilder close = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      open.append(i % 2 == 0 ? "{\"k\":" : "[");
      close.insert(0, i % 2 == 0 ? "}" : "]");
    }
    return open + "0" + close;
  }

  private static Problem problem(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(ProblemException.class);
    return ((ProblemException) thrown).problem();
  }

  private static List<JsonObject> errors(Problem problem) {
    JsonArray errors = problem.toJson().getJsonArray("errors");
    assertThat(errors).as("errors of %s", problem).isNotNull();
    return IntStream.range(0, errors.size()).mapToObj(errors::getJsonObject).collect(Collectors.toList());
  }

  private static List<String> pointers(Problem problem) {
    return errors(problem).stream().map(error -> error.getString("pointer")).collect(Collectors.toList());
  }

  private static JsonObject error(String pointer, String detail) {
    return new JsonObject().put("pointer", pointer).put("detail", detail);
  }

  private void assertInvalidEvent(String body, String pointer) {
    Problem problem = problem(() -> reader.event(buffer(body)));

    assertThat(problem.status()).isEqualTo(400);
    assertThat(pointers(problem)).containsExactly(pointer);
  }
}
