package io.auditcache.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The write reply's text is JSON, and what the HTTP verticle reads back from it is what was written. */
class WriteRepliesTest {

  private static final String ID = UUID.randomUUID().toString();

  @Test
  void aCreatedReplyIsJsonAndReadsBackItsIdAndStatus() {
    Buffer reply = WriteReplies.of(ID, WriteReplies.CREATED);

    assertThat(new JsonObject(reply).getMap()).containsExactly(
      Map.entry("id", ID), Map.entry("status", "created"));
    assertThat(WriteReplies.created(reply)).isTrue();
    assertThat(WriteReplies.id(reply)).isEqualTo(ID);
  }

  @Test
  void anUnchangedReplyIsNotCreated() {
    Buffer reply = WriteReplies.of(ID, "unchanged");

    assertThat(new JsonObject(reply).getString("status")).isEqualTo("unchanged");
    assertThat(WriteReplies.created(reply)).isFalse();
    assertThat(WriteReplies.id(reply)).isEqualTo(ID);
  }

  @Test
  void appendedResultsFormAJsonArray() {
    Buffer results = WriteReplies.append(Buffer.buffer("["), ID, "created").appendString(",");
    WriteReplies.append(results, ID, "unchanged").appendString("]");

    assertThat(new JsonArray(results)).containsExactly(
      new JsonObject().put("id", ID).put("status", "created"), new JsonObject().put("id", ID).put("status", "unchanged"));
  }
}
