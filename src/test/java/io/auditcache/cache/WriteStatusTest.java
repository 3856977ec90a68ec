package io.auditcache.cache;

import io.auditcache.bus.WriteReplies;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The statuses' spelling on the wire, which the HTTP verticle reads back through {@link WriteReplies}. */
class WriteStatusTest {

  @Test
  void statusesAreSpelledInLowerCase() {
    assertThat(WriteStatus.UNCHANGED.wireName()).isEqualTo("unchanged");
    assertThat(WriteStatus.CONFLICT.wireName()).isEqualTo("conflict");
  }

  @Test
  void theCreatedStatusIsTheOneTheHttpVerticleLooksFor() {
    assertThat(WriteStatus.CREATED.wireName()).isEqualTo(WriteReplies.CREATED).isEqualTo("created");
  }
}
