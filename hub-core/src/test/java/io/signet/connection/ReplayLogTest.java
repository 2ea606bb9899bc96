package io.signet.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The messages kept for a client with stateful reconnect, and what its acknowledgements do. */
class ReplayLogTest {

  private static OutboundPayload bytes(int size) {
    return new OutboundPayload(new byte[size]);
  }

  private static List<Integer> keptSizes(ReplayLog log) {
    List<OutboundPayload> kept = new ArrayList<>();
    log.addKeptTo(kept);
    return kept.stream().map(OutboundPayload::size).toList();
  }

  @Test
  void numbersMessagesFromOneAndResendsFromTheOldestUnacknowledged() {
    ReplayLog log = new ReplayLog();
    assertThat(log.resendFrom()).as("nothing sent: total + 1").isEqualTo(1);
    log.add(bytes(10));
    log.add(bytes(20));
    log.add(bytes(30));
    assertThat(log.total()).isEqualTo(3);
    assertThat(log.bytes()).isEqualTo(60);
    assertThat(log.resendFrom()).isEqualTo(1);

    log.acknowledge(2);
    assertThat(keptSizes(log)).containsExactly(30);
    assertThat(log.resendFrom()).isEqualTo(3);
    assertThat(log.bytes()).isEqualTo(30);

    log.acknowledge(3);
    assertThat(log.size()).isZero();
    assertThat(log.bytes()).isZero();
    assertThat(log.resendFrom()).as("everything acknowledged: total + 1").isEqualTo(4);
    log.add(bytes(5));
    assertThat(log.resendFrom()).isEqualTo(4);
    assertThat(log.total()).isEqualTo(4);
  }

  @Test
  void anOldOrRepeatedAcknowledgementChangesNothing() {
    ReplayLog log = new ReplayLog();
    log.add(bytes(1));
    log.add(bytes(2));
    log.acknowledge(1);
    log.acknowledge(1);
    log.acknowledge(0);
    assertThat(keptSizes(log)).containsExactly(2);
    assertThat(log.resendFrom()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, Long.MIN_VALUE})
  void aNegativeAcknowledgementDropsNothing(long sequenceId) {
    ReplayLog log = new ReplayLog();
    log.add(bytes(7));
    log.acknowledge(sequenceId);
    assertThat(keptSizes(log)).containsExactly(7);
    assertThat(log.bytes()).isEqualTo(7);
  }

  @ParameterizedTest
  @ValueSource(longs = {3, 1000, Long.MAX_VALUE})
  void anAcknowledgementBeyondWhatWasSentCountsAsTheLastOneSent(long sequenceId) {
    ReplayLog log = new ReplayLog();
    log.add(bytes(1));
    log.add(bytes(2));
    log.acknowledge(sequenceId);
    assertThat(log.size()).isZero();
    assertThat(log.bytes()).isZero();
    // Numbering goes on from what was really sent, not from what the client claimed.
    assertThat(log.resendFrom()).isEqualTo(3);
    log.add(bytes(3));
    assertThat(log.total()).isEqualTo(3);
    assertThat(keptSizes(log)).containsExactly(3);
  }
}
